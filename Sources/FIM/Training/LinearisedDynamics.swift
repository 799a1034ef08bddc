// The NTK-linearised training dynamics in function space, from the initial NTK Θ₀.
import Foundation
import Spectra

/// Gradient descent on the network linearised at θ₀, run in the C·N-dimensional function space.
///
/// ```
/// mse, discrete     f_t − y = (I − ηΘ₀/N)^t (f₀ − y)
/// mse, continuous   f_t − y = exp(−ηΘ₀ t/N) (f₀ − y)
/// cross-entropy     f_{t+1} = f_t − (η/N) Θ₀ (g(f_t) − y),   g = softmax per sample
/// ```
///
/// Θ₀ = ∇_θ f ∇_θ fᵀ is the NTK at initialisation (C·N × C·N, no 1/N; the dual Gram K), in the output-major
/// index `(k, n) ↦ k·N + n`, which is the column-major order of the `N × C` output matrix. The losses use the
/// normalisations of ``TrainingLoss``. Source: shared/science/karakida.md §5 (NTK dynamics), §9 (Fig. 5).
///
/// Complexity: MSE: one eigen-decomposition of Θ₀ ((C·N)³) and O((C·N)²) per step;
/// cross-entropy: one C·N × C·N matrix–vector product per step.
public struct LinearisedDynamics: Sendable {
  /// The loss.
  public let loss: TrainingLoss
  /// The learning rate η.
  public let rate: Double
  /// Θ₀ (C·N × C·N).
  public let kernel: Matrix
  /// f₀ (N × C).
  public let initialOutputs: Matrix
  /// y (N × C).
  public let targets: Matrix

  /// The linearised dynamics from the initial forward pass.
  ///
  /// - Parameters:
  ///   - forward: the forward pass at θ₀ (its logits are f₀; its Gram is Θ₀).
  ///   - targets: y (N × C).
  ///   - loss: the loss.
  ///   - rate: η > 0.
  /// - Throws: `ConfigurationError` for a non-positive rate or targets of the wrong shape.
  public init(forward: ForwardPass, targets: Matrix, loss: TrainingLoss, rate: Double)
    throws(ConfigurationError)
  {
    guard rate.isFinite, rate > 0 else {
      throw ConfigurationError(field: "rate", "learning rate must be positive and finite, got \(rate)")
    }
    guard targets.rows == forward.logits.rows, targets.columns == forward.logits.columns else {
      throw ConfigurationError(
        field: "targets",
        "targets must be \(forward.logits.rows)×\(forward.logits.columns), got \(targets.rows)×\(targets.columns)"
      )
    }
    self.loss = loss
    self.rate = rate
    kernel = DualGram.parameterGram(forward)
    initialOutputs = forward.logits
    self.targets = targets
  }

  /// The predicted losses `L(f_0) … L(f_T)` of discrete gradient descent.
  ///
  /// - Throws: `LinearAlgebraError` when the eigen-solver fails (MSE).
  public func losses(steps: Int) throws(LinearAlgebraError) -> [Double] {
    switch loss {
    case .mse:
      return try mseLosses(steps: steps) { lambda, t in Foundation.pow(1 - rate * lambda, Double(t)) }
    case .crossEntropy: return crossEntropyLosses(steps: steps)
    }
  }

  /// The predicted MSE losses of the continuous-time flow at times t = 0…T (in units of steps), or `nil`
  /// for cross-entropy.
  ///
  /// - Throws: `LinearAlgebraError` when the eigen-solver fails.
  public func continuousLosses(steps: Int) throws(LinearAlgebraError) -> [Double]? {
    guard loss == .mse else { return nil }
    return try mseLosses(steps: steps) { lambda, t in Foundation.exp(-rate * lambda * Double(t)) }
  }

  /// `(1/2N) Σ_i c_i(t)² (vᵢ·r₀)²` with `λ_i = eig(Θ₀)/N`.
  private func mseLosses(steps: Int, factor: (Double, Int) -> Double) throws(LinearAlgebraError) -> [Double] {
    let n = Double(initialOutputs.rows)
    let eig = try SymmetricEigen(kernel, vectors: true)
    let v = eig.eigenvectors!
    let r0 = (initialOutputs - targets).elements
    let size = r0.count
    let projections = (0..<size).map { i in (0..<size).reduce(0.0) { $0 + v[$1, i] * r0[$1] } }
    let lambdas = eig.eigenvalues.map { $0 / n }
    return (0...max(steps, 0)).map { t in
      var total = 0.0
      for i in 0..<size {
        let a = factor(lambdas[i], t) * projections[i]
        total += a * a
      }
      return total / (2 * n)
    }
  }

  private func crossEntropyLosses(steps: Int) -> [Double] {
    var f = initialOutputs
    let size = f.elements.count
    let scale = rate / Double(f.rows)
    var out = [loss.value(outputs: f, targets: targets)]
    for _ in 0..<max(steps, 0) {
      // ∂L/∂f = (g − y)/N, so η Θ (g − y)/N = η Θ · (N ∂L/∂f)/N.
      let residual = loss.outputGradient(outputs: f, targets: targets).scaled(by: Double(f.rows))
      let r = residual.elements
      f.modifyElements { e in
        for j in 0..<size where r[j] != 0 {
          let base = j * size
          let rj = scale * r[j]
          for i in 0..<size { e[i] -= rj * kernel.elements[base + i] }
        }
      }
      out.append(loss.value(outputs: f, targets: targets))
    }
    return out
  }
}
