// Options of the shallow network's hinge-loss gradient flow: α, integrator, controller, limits, checkpoints.
import Spectra

/// Options of network training by adaptive-Euler gradient flow.
///
/// Source: shared/science/stripe.md §2.2–2.5
public struct NetworkTrainingOptions: Sendable, Equatable, Codable {
  /// The output scale α of `F = α(f − f₀)`; α√h ≪ 1 is the feature regime, α√h ≫ 1 the lazy one.
  public var alpha: Double
  /// The hinge loss (margin 1).
  public var loss: HingeLoss = HingeLoss()
  /// The integrator: Filippov sliding mode with event location (default) or the reference Euler scheme.
  public var integrator: NetworkFlowIntegrator = .slidingMode
  /// The step controller. For the sliding mode, `jumpTolerance` bounds how far a step may carry a
  /// point past a region boundary (event location).
  public var control: AdaptiveEulerControl = .network
  /// Width of the sliding band `[1, 1 + band]` of the sliding-mode integrator (see `HingeSlidingField`).
  public var slidingBand: Double = 1e-2
  /// Stop after this many accepted steps.
  public var maxSteps: Int = 1_000_000
  /// Stop after this many seconds of wall time.
  public var maxWallSeconds: Double = 3600
  /// Mean-loss fractions a_k at which the network is snapshotted (for running NTKs), e.g. [0.5, 0.1].
  public var lossFractions: [Double] = []
  /// Checkpoint schedule: t_{k+1} = ⌊t_k + 1 + step·(1 − e^{−t_k/tau})⌋ in steps.
  public var checkpointStep: Double = 100
  /// Time constant of the checkpoint schedule (steps).
  public var checkpointTau: Double = 1e4
  /// A checkpoint is also taken each time the minimum margin passes a multiple of this spacing.
  public var marginCheckpointSpacing: Double = 0.5
  /// Whether checkpoints are taken along the way (the λ(t) and test-error trajectory). Each one
  /// evaluates the test set; a study that needs only the end point (learning curves) turns this off
  /// and keeps the checkpoints at t = 0 and at the end. λ* (``NetworkTrainingResult/compressionAtTenPercent``)
  /// does not depend on it.
  public var recordsTrajectory = true
  /// Training stops when `min_μ y_μF_μ ≥ margin − marginTolerance`. The sliding-mode integrator ends
  /// with every margin ≥ 1, so the default is 0 (the reference criterion). The Euler scheme chatters
  /// across the kink once points slide along the margin; there a tolerance of the order of its jump
  /// tolerance (0.01) lets it stop. The final minimum margin is always reported.
  public var marginTolerance: Double = 0

  /// Options with the given α and reference defaults for everything else.
  public init(alpha: Double) { self.alpha = alpha }

  /// Options with α from α√h and the width (``OutputScale``) and reference defaults for everything else.
  public init(outputScale: OutputScale) { self.init(alpha: outputScale.alpha) }

  /// Checks ranges.
  ///
  /// - Throws: `ConfigurationError` naming the field.
  public func validate() throws(ConfigurationError) {
    guard alpha.isFinite, alpha > 0 else {
      throw ConfigurationError(field: "alpha", "α must be finite and > 0, got \(alpha)")
    }
    try control.validate()
    guard maxSteps >= 1 else { throw ConfigurationError(field: "max-steps", "must be ≥ 1, got \(maxSteps)") }
    guard maxWallSeconds > 0 else {
      throw ConfigurationError(field: "max-wall", "must be > 0 seconds, got \(maxWallSeconds)")
    }
    for a in lossFractions where !(a > 0 && a < 1) {
      throw ConfigurationError(field: "loss-fractions", "each fraction must be in (0, 1), got \(a)")
    }
    guard slidingBand.isFinite, slidingBand > 0, slidingBand < 1 else {
      throw ConfigurationError(field: "sliding-band", "must be in (0, 1), got \(slidingBand)")
    }
    guard marginTolerance >= 0, marginTolerance < 1 else {
      throw ConfigurationError(field: "margin-tolerance", "must be in [0, 1), got \(marginTolerance)")
    }
    guard checkpointStep >= 0, checkpointTau > 0, marginCheckpointSpacing > 0 else {
      throw ConfigurationError(
        field: "checkpoints",
        "need step ≥ 0, tau > 0, margin spacing > 0; got \(checkpointStep), \(checkpointTau), \(marginCheckpointSpacing)"
      )
    }
  }
}
