// The cost of one evaluation of a network-flow integrator's field (forward pass and gradient), for benchmarks.
import Foundation
import Spectra

extension NetworkTraining {
  /// Wall seconds of one forward pass plus hinge gradient of `integrator`'s field at `network` on `inputs`
  /// (f₀ = 0, so every point is active), averaged over `repeats`, and a checksum of the gradients.
  ///
  /// ```
  /// sliding mode:  Z = [X, 1][Ω/√d, B b]ᵀ,  F = α f,  g = ∂L/∂w for the partition of F (no band here)
  /// euler:         the same by `hingeEvaluation`
  /// ```
  /// Source: shared/science/stripe.md §2.3–2.4
  /// - Throws: `ConfigurationError` when the dimensions disagree or `repeats < 1`.
  public static func benchmarkEvaluation(
    _ network: ShallowNetwork, inputs: LabelledInputs, alpha: Double, integrator: NetworkFlowIntegrator,
    repeats: Int
  ) throws(ConfigurationError) -> (seconds: Double, checksum: Double) {
    guard inputs.dimension == network.dimension, repeats >= 1 else {
      throw ConfigurationError(field: "repeats", "need matching dimensions and repeats ≥ 1, got \(repeats)")
    }
    let x = inputs.inputs
    let y = inputs.labels
    let reference = [Double](repeating: 0, count: x.rows)
    var checksum = 0.0
    let start = Date()
    switch integrator {
    case .euler:
      for _ in 0..<repeats {
        checksum += network.hingeEvaluation(x, labels: y, alpha: alpha, reference: reference).gradient[0]
      }
    case .slidingMode, .slidingModeDense:
      let field = HingeSlidingField(
        x: x, y: y, alpha: alpha, reference: reference, loss: HingeLoss(), band: 1e-2,
        evaluation: integrator == .slidingMode ? .fused : .dense)
      for _ in 0..<repeats {
        let e = field.evaluate(network)
        checksum += field.gradient(e, regions: field.regions(e.margins)).vector[0]
      }
    }
    return (Date().timeIntervalSince(start) / Double(repeats), checksum)
  }
}
