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

extension ShallowNetwork {
  /// The α-scaled outputs `F_μ = α(f(x_μ) − f₀(x_μ))` from the pre-activations Z in one fused pass
  /// (`RectifiedUnitSums.outputs`): `f_μ = (1/h) Σ_n β_n σ(Z_μn)`.
  ///
  /// Source: shared/science/stripe.md §2.1–2.2
  /// - Complexity: one read of Z, 2·p·h flops.
  func scaledOutputs(preActivations z: Matrix, alpha: Double, reference f0: [Double]) -> [Double] {
    let f = RectifiedUnitSums.outputs(z, weights: beta, scale: Self.activationScale)
    let h = Double(width)
    return f.indices.map { alpha * (f[$0] / h - f0[$0]) }
  }

  /// The un-α-scaled outputs f(w, x_μ) by the fused pass (the reference f₀ of the fused field, so that
  /// F is exactly 0 at initialisation).
  func fusedOutputs(_ x: Matrix) -> [Double] {
    scaledOutputs(
      preActivations: preActivations(x), alpha: 1, reference: [Double](repeating: 0, count: x.rows))
  }

  /// The parameter gradient of `(1/p) Σ_μ c_μ f(w, x_μ)` (see ``weightedOutputGradient(_:coefficients:activations:pointCount:)``)
  /// from the pre-activations Z, with the ReLU pattern of `pattern` (Z itself, or a frozen pattern).
  ///
  /// - Complexity: one fused read of Z and the pattern, 2·p·h·(d + 2) flops.
  func weightedOutputGradient(
    _ x: Matrix, coefficients c: [Double], preActivations z: Matrix, pattern: Matrix
  ) -> [Double] {
    gradient(
      unitSums: RectifiedUnitSums.unitSums(
        z, pattern: pattern, coefficients: c, inputs: x, scale: Self.activationScale),
      pointCount: x.rows)
  }

  /// The parameter gradient of `(1/p) Σ_μ c_μ f(w, x_μ)` from its unit sums (`RectifiedUnitSums`).
  ///
  /// ```
  /// ∂/∂β_n = v_n/(hp),   ∂/∂ω_n = β_n X̄_n/(hp√d),   ∂/∂b_n = B β_n u_n/(hp)
  /// ```
  /// Source: shared/science/stripe.md §2.3
  /// - Complexity: O(h·d).
  func gradient(unitSums sums: RectifiedUnitSums.Sums, pointCount p: Int) -> [Double] {
    let h = width
    let d = dimension
    let norm = 1 / (Double(h) * Double(p))
    let normOmega = norm / Double(d).squareRoot()
    var g = [Double](repeating: 0, count: h * d + 2 * h)
    let xs = sums.inputs
    for j in 0..<d {
      for n in 0..<h { g[n + j * h] = beta[n] * (normOmega * xs[n + j * h]) }
    }
    for n in 0..<h {
      g[h * d + n] = sums.value[n] * norm
      g[h * d + h + n] = biasScale * beta[n] * sums.derivative[n] * norm
    }
    return g
  }
}
