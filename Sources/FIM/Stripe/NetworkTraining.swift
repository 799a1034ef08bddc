// Full-batch hinge-loss gradient flow of the shallow network with F = α(f − f₀), checkpoints and snapshots.
import Foundation
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
  /// Width of the sliding band `[1, 1 + band]` of the sliding-mode integrator (see ``HingeSlidingField``).
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
  /// Training stops when `min_μ y_μF_μ ≥ margin − marginTolerance`. The sliding-mode integrator ends
  /// with every margin ≥ 1, so the default is 0 (the reference criterion). The Euler scheme chatters
  /// across the kink once points slide along the margin; there a tolerance of the order of its jump
  /// tolerance (0.01) lets it stop. The final minimum margin is always reported.
  public var marginTolerance: Double = 0

  /// Options with the given α and reference defaults for everything else.
  public init(alpha: Double) { self.alpha = alpha }

  /// Checks ranges.
  ///
  /// - Throws: ``ConfigurationError`` naming the field.
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

/// The network at the moment its mean training loss first dropped below `fraction` × initial (= 1).
public struct NetworkSnapshot: Sendable {
  /// The loss fraction a_k.
  public let fraction: Double
  /// Accepted steps at the snapshot.
  public let step: Int
  /// Flow time at the snapshot.
  public let time: Double
  /// The network parameters.
  public let network: ShallowNetwork
}

/// How a training run ended.
public struct FlowSummary: Sendable, Equatable, Codable {
  /// Why it stopped.
  public let stopReason: FlowStopReason
  /// Accepted steps.
  public let steps: Int
  /// Rejected trial steps.
  public let rejections: Int
  /// Final flow time.
  public let time: Double
  /// Wall-clock seconds.
  public let wallSeconds: Double
  /// Smallest final training margin.
  public let minMargin: Double
  /// Wall seconds per trial evaluation (accepted + rejected).
  public var secondsPerEvaluation: Double { wallSeconds / Double(max(1, steps + rejections)) }
}

/// The result of training: final network, checkpoints, snapshots and the final α-scaled outputs.
public struct NetworkTrainingResult: Sendable {
  /// The network at the end.
  public let network: ShallowNetwork
  /// The network at initialisation.
  public let initial: ShallowNetwork
  /// Records along training (checkpoint schedule, margin crossings, and the final state).
  public let checkpoints: [TrainingCheckpoint]
  /// Snapshots at the requested loss fractions (in decreasing fraction order, as reached).
  public let snapshots: [NetworkSnapshot]
  /// How the run ended.
  public let summary: FlowSummary
  /// Final F on the training set.
  public let trainOutputs: [Double]
  /// Final F on the test set.
  public let testOutputs: [Double]
  /// λ* — λ at the first checkpoint where more than 10% of the training points have y F ≥ 1
  /// (nil if never reached). Source: shared/science/stripe.md §3.2.
  public let compressionAtTenPercent: Double?
}

/// Trains a ``ShallowNetwork`` on the hinge loss by adaptive-Euler gradient flow.
///
/// ```
/// F(w, x) = α [ f(w, x) − f(w₀, x) ]          (F ≡ 0 at t = 0)
/// ẇ = −∂L/∂w = −(1/p) Σ_μ ℓ'(y_μF_μ) y_μ ∂f(x_μ)/∂w
/// stop when min_μ y_μF_μ ≥ 1 − marginTolerance, or on a zero gradient, NaN, wall or step limit, or a stalled controller
/// ```
///
/// Source: shared/science/stripe.md §2.2–2.5
public enum NetworkTraining {
  /// Runs the flow from `initial` on `train`, measuring on `test` at checkpoints.
  ///
  /// - Parameters:
  ///   - informative: d_∥ for λ (1 for the stripe).
  ///   - progress: called with a one-line status now and then (for stderr).
  /// - Throws: ``ConfigurationError`` for invalid options or mismatched dimensions.
  /// - Complexity: per trial step two dgemms of 2·p·h·d flops plus O(p·h).
  public static func run(
    _ initial: ShallowNetwork, train: LabelledInputs, test: LabelledInputs, options: NetworkTrainingOptions,
    informative: Int = 1, progress: ((String) -> Void)? = nil
  ) throws(ConfigurationError) -> NetworkTrainingResult {
    try options.validate()
    guard train.dimension == initial.dimension, test.dimension == initial.dimension else {
      throw ConfigurationError(
        field: "dimension",
        "network has d = \(initial.dimension), data have \(train.dimension) (train) and \(test.dimension) (test)"
      )
    }
    guard informative >= 1, informative < initial.dimension else {
      throw ConfigurationError(field: "informative", "need 1 ≤ d_∥ < d, got \(informative)")
    }
    let start = Date()
    let alpha = options.alpha
    let loss = options.loss
    let x = train.inputs
    let y = train.labels
    let f0Train = initial.outputs(x)
    let f0Test = initial.outputs(test.inputs)

    func evaluateEuler(_ w: [Double]) -> FlowPoint<[Double]> {
      let e = initial.with(flatParameters: w).hingeEvaluation(
        x, labels: y, alpha: alpha, reference: f0Train, loss: loss)
      return FlowPoint(state: w, outputs: e.outputs, gradient: e.gradient)
    }
    func trial(_ point: FlowPoint<[Double]>, _ dt: Double) -> FlowPoint<[Double]> {
      var next = point.state
      for i in next.indices { next[i] -= dt * point.gradient[i] }
      return evaluateEuler(next)
    }

    var engine = NetworkFlowEngine(initial, x: x, labels: y, reference: f0Train, options: options)
    var checkpoints: [TrainingCheckpoint] = []
    var snapshots: [NetworkSnapshot] = []
    var pendingFractions = options.lossFractions.sorted(by: >)
    var steps = 0
    var rejections = 0
    var time = 0.0
    var nextCheckpoint = 0
    var marginLevel = Int.min
    var lambdaStar: Double? = nil
    var lastReport = Date()

    func record() -> TrainingCheckpoint {
      let outputs = engine.outputs
      let net = initial.with(flatParameters: engine.parameters)
      let fTest = net.outputs(test.inputs)
      let fte = fTest.indices.map { alpha * (fTest[$0] - f0Test[$0]) }
      let m = Scores.margins(outputs, y)
      let cp = TrainingCheckpoint(
        step: steps, time: time, stepSize: engine.stepSize,
        trainLoss: loss.mean(outputs: outputs, labels: y),
        testLoss: loss.mean(outputs: fte, labels: test.labels),
        trainError: Scores.error(outputs, y), testError: Scores.error(fte, test.labels),
        activeCount: m.filter { $0 < loss.margin }.count, minMargin: m.min() ?? 0, maxMargin: m.max() ?? 0,
        weights: CompressionMeasures(network: net, initial: initial, informative: informative))
      if lambdaStar == nil, Double(m.filter { $0 >= loss.margin }.count) > 0.1 * Double(m.count) {
        lambdaStar = cp.weights.compression
      }
      return cp
    }

    var stop: FlowStopReason
    while true {
      let outputs = engine.outputs
      let margins = Scores.margins(outputs, y)
      let minMargin = margins.min() ?? .infinity
      let meanLoss = loss.mean(outputs: outputs, labels: y)
      while let a = pendingFractions.first, meanLoss < a {
        snapshots.append(
          NetworkSnapshot(
            fraction: a, step: steps, time: time, network: initial.with(flatParameters: engine.parameters)))
        pendingFractions.removeFirst()
      }
      let level = Int((minMargin / options.marginCheckpointSpacing).rounded(.down))
      let marginCrossed = minMargin.isFinite && level > marginLevel
      if marginCrossed { marginLevel = level }
      if !outputs.allSatisfy(\.isFinite) {
        stop = .nonFinite
        break
      }
      if minMargin >= loss.margin - options.marginTolerance {
        stop = .marginsReached
        break
      }
      if engine.gradientIsZero {
        stop = .zeroGradient
        break
      }
      if steps >= nextCheckpoint || (marginCrossed && steps > 0) {
        checkpoints.append(record())
        if steps >= nextCheckpoint {
          let t = Double(nextCheckpoint)
          nextCheckpoint = Int(
            (t + 1 + options.checkpointStep * (1 - exp(-t / options.checkpointTau))).rounded(.down))
        }
      }
      if steps >= options.maxSteps {
        stop = .stepLimit
        break
      }
      let elapsed = Date().timeIntervalSince(start)
      if elapsed >= options.maxWallSeconds {
        stop = .wallLimit
        break
      }
      if let progress, Date().timeIntervalSince(lastReport) > 5 {
        lastReport = Date()
        progress(
          "step \(steps) t=\(String(format: "%.3g", time)) dt=\(String(format: "%.3g", engine.stepSize)) loss=\(String(format: "%.4g", meanLoss)) active=\(margins.filter { $0 < loss.margin }.count) sliding=\(engine.slidingCount) min-margin=\(String(format: "%.3g", minMargin))"
        )
      }
      let result = engine.advance(trial: trial)
      rejections += result.rejections
      if result.stalled {
        stop = .stalled
        break
      }
      time += result.taken
      steps += 1
    }
    checkpoints.append(record())
    let final = initial.with(flatParameters: engine.parameters)
    let fTest = final.outputs(test.inputs)
    let summary = FlowSummary(
      stopReason: stop, steps: steps, rejections: rejections, time: time,
      wallSeconds: Date().timeIntervalSince(start), minMargin: Scores.margins(engine.outputs, y).min() ?? 0)
    return NetworkTrainingResult(
      network: final, initial: initial, checkpoints: checkpoints, snapshots: snapshots, summary: summary,
      trainOutputs: engine.outputs, testOutputs: fTest.indices.map { alpha * (fTest[$0] - f0Test[$0]) },
      compressionAtTenPercent: lambdaStar)
  }
}
