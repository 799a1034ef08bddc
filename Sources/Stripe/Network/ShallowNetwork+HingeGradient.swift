// One full-batch evaluation of the α-scaled outputs and the hinge-loss gradient (the flow's inner loop).
import Spectra

extension ShallowNetwork {
  /// The α-scaled outputs `F_μ = α(f(x_μ) − f₀(x_μ))` and the gradient of the hinge loss
  /// `L = (1/(αp)) Σ_μ ℓ(y_μ F_μ)` as a flat vector `[vec(∂ω), ∂β, ∂b]`.
  ///
  /// ```
  /// ∂L/∂w = (1/p) Σ_μ ℓ'(y_μF_μ) y_μ ∂f(x_μ)/∂w
  /// ```
  /// Source: shared/science/stripe.md §2.2–2.3
  /// - Parameters:
  ///   - x: the p × d inputs, one point per row.
  ///   - y: the p labels ±1.
  ///   - alpha: the output scale α.
  ///   - f0: f₀(x_μ), the outputs of the initial network (zeros to train f itself).
  ///   - loss: the hinge loss ℓ.
  /// - Returns: the α-scaled outputs F_μ and the gradient `[vec(∂ω), ∂β, ∂b]`.
  /// - Complexity: two p×h×d dgemms, two p×h matrix-vector products, O(p·h) element-wise work.
  public func hingeEvaluation(
    _ x: Matrix, labels y: [Double], alpha: Double, reference f0: [Double], loss: HingeLoss = HingeLoss()
  ) -> (outputs: [Double], gradient: [Double]) {
    precondition(y.count == x.rows && f0.count == x.rows, "one label and one reference output per point")
    let acts = Self.activations(preActivations(x))
    let outputs = scaledOutputs(acts, alpha: alpha, reference: f0)
    let c = loss.coefficients(outputs: outputs, labels: y)
    return (outputs, weightedOutputGradient(x, coefficients: c, activations: acts))
  }

  /// The α-scaled outputs `F_μ = α(f(x_μ) − f₀(x_μ))` from the hidden activations σ(Z).
  ///
  /// Same arithmetic as ``outputs(_:)``, so that F is exactly 0 at initialisation.
  func scaledOutputs(
    _ activations: (value: Matrix, derivative: Matrix), alpha: Double, reference f0: [Double]
  ) -> [Double] {
    let f = activations.value.multiplied(byVector: beta)
    let h = Double(width)
    return f.indices.map { alpha * (f[$0] / h - f0[$0]) }
  }
}
