// Kernel learning: hinge-loss gradient flow on kernel coefficients from zero (the α → ∞ network).
import Foundation
import Spectra

/// How the kernel hinge flow is integrated.
public enum KernelFlowIntegrator: Sendable, Equatable, Codable {
  /// Exact: piecewise-linear path from one active-set event to the next with Filippov sliding on the
  /// margin (`KernelEventDrivenFlow`).
  case eventDriven
  /// The reference code's adaptive explicit Euler scheme with the given controller.
  case euler(AdaptiveEulerControl)
}

/// What a kernel flow returns before the outputs are recomputed from its coefficients.
struct KernelFlowRun {
  var coefficients: [Double]
  var stopReason: FlowStopReason
  var steps: Int
  var rejections: Int
  var time: Double
  var wallSeconds: Double
}

/// A kernel machine `F(x) = Σ_ν a_ν K(x, x_ν)` trained by hinge-loss gradient flow from a = 0.
///
/// ```
/// F_μ = Σ_ν K_μν a_ν,   ȧ_μ = (1/p) c_μ y_μ,   c_μ = 1 if y_μF_μ < 1, 0 if > 1, sliding in [0, 1] at 1
/// stop when every margin y_μF_μ ≥ 1 (the hinge loss is then 0)
/// ```
/// This is the α → ∞ limit of the network's dynamics with the frozen NTK (α only rescales time);
/// it is neither the max-margin SVM nor ridgeless regression. By default it is integrated exactly,
/// event to event; the reference Euler scheme is available for comparison.
///
/// Source: shared/science/stripe.md §5.1
public struct KernelMachine: Sendable {
  /// The coefficients a_ν.
  public let coefficients: [Double]
  /// How the flow ended.
  public let summary: FlowSummary
  /// Final training outputs F_μ.
  public let trainOutputs: [Double]

  /// Trains on the Gram matrix `gram` (p × p) of the training points with labels `labels`.
  ///
  /// - Parameters:
  ///   - k: the p × p Gram matrix of the training points.
  ///   - y: the p training labels ±1.
  ///   - integrator: ``KernelFlowIntegrator/eventDriven`` (exact, default) or the reference code's
  ///     adaptive Euler scheme.
  ///   - loss: the hinge loss (its margin sets the stop test).
  ///   - maxSteps: events (event-driven) or accepted steps (Euler).
  ///   - maxWallSeconds: the wall-clock limit in seconds (then the flow stops with
  ///     ``FlowStopReason/wallLimit``).
  ///   - marginTolerance: Euler only; relaxes its stop test (see
  ///     ``NetworkTrainingOptions/marginTolerance``).
  /// - Throws: `ConfigurationError` for a non-square or mismatched Gram matrix or invalid options.
  /// - Complexity: event-driven, O(p·|S|) per event plus a small complementarity solve on the sliding
  ///   set S; Euler, one p×p matrix-vector product per trial step.
  public static func train(
    gram k: Matrix, labels y: [Double], integrator: KernelFlowIntegrator = .eventDriven,
    loss: HingeLoss = HingeLoss(),
    maxSteps: Int = 1_000_000, maxWallSeconds: Double = 600, marginTolerance: Double = 0.01
  ) throws(ConfigurationError) -> KernelMachine {
    guard marginTolerance >= 0, marginTolerance < 1 else {
      throw ConfigurationError(field: "margin-tolerance", "must be in [0, 1), got \(marginTolerance)")
    }
    guard k.isSquare, k.rows == y.count, !y.isEmpty else {
      throw ConfigurationError(
        field: "gram", "need a p × p Gram matrix for p = \(y.count) labels, got \(k.rows)×\(k.columns)")
    }
    guard maxSteps >= 1 else { throw ConfigurationError(field: "max-steps", "must be ≥ 1, got \(maxSteps)") }
    let run: KernelFlowRun
    switch integrator {
    case .eventDriven:
      run = KernelEventDrivenFlow.run(
        gram: k, labels: y, loss: loss, maxEvents: maxSteps, maxWallSeconds: maxWallSeconds)
    case .euler(let control):
      try control.validate()
      run = KernelEulerFlow.run(
        gram: k, labels: y, control: control, loss: loss, maxSteps: maxSteps, maxWallSeconds: maxWallSeconds,
        marginTolerance: marginTolerance)
    }
    // Outputs exactly from the coefficients (both flows update them incrementally).
    let outputs = k.multiplied(byVector: run.coefficients)
    let summary = FlowSummary(
      stopReason: run.stopReason, steps: run.steps, rejections: run.rejections, time: run.time,
      wallSeconds: run.wallSeconds, minMargin: Scores.margins(outputs, y).min() ?? 0)
    return KernelMachine(coefficients: run.coefficients, summary: summary, trainOutputs: outputs)
  }

  /// Predictions `F(x) = K(x, X_train)·a` from the cross kernel (rows: new points, columns: training).
  ///
  /// - Precondition: `cross.columns` equals the number of coefficients.
  public func predict(cross: Matrix) -> [Double] {
    precondition(cross.columns == coefficients.count, "cross kernel needs \(coefficients.count) columns")
    return cross.multiplied(byVector: coefficients)
  }

  /// The test error (fraction with y F ≤ 0) on points with cross kernel `cross` and labels `labels`.
  public func testError(cross: Matrix, labels: [Double]) -> Double {
    Scores.error(predict(cross: cross), labels)
  }
}
