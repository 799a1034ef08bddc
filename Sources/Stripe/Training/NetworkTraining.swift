// Full-batch hinge-loss gradient flow of the shallow network with F = α(f − f₀), checkpoints and snapshots.
import Foundation
import Spectra

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
  ///   - initial: the network at t = 0 (also f₀ of `F = α(f − f₀)`).
  ///   - train: the training set the flow runs on.
  ///   - test: the test set measured at checkpoints.
  ///   - options: α, loss, integrator, controller, limits and checkpoint schedule (validated first).
  ///   - informative: d_∥ for λ (1 for the stripe).
  ///   - progress: called with a one-line status now and then (for stderr).
  /// - Throws: `ConfigurationError` for invalid options or mismatched dimensions.
  /// - Complexity: per trial step one dgemm of 2·p·h·(d + 1) flops (the pre-activations) and O(p·h·d)
  ///   element-wise work (sliding mode: two fused passes over Z per trial, a sparse correction per
  ///   accepted step).
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
    guard informative >= 1, informative <= initial.dimension else {
      throw ConfigurationError(field: "informative", "need 1 ≤ d_∥ ≤ d, got \(informative)")
    }
    let start = Date()
    let alpha = options.alpha
    let loss = options.loss
    let x = train.inputs
    let y = train.labels
    let f0Train = initial.outputs(x)
    // Test outputs by the fused pass: no σ(Z), σ'(Z) matrices of the test set at each checkpoint.
    let f0Test = initial.fusedOutputs(test.inputs)

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
      let fTest = net.fusedOutputs(test.inputs)
      let fte = fTest.indices.map { alpha * (fTest[$0] - f0Test[$0]) }
      let m = Scores.margins(outputs, y)
      let cp = TrainingCheckpoint(
        step: steps, time: time, stepSize: engine.stepSize,
        trainLoss: loss.mean(outputs: outputs, labels: y),
        testLoss: loss.mean(outputs: fte, labels: test.labels),
        trainError: Scores.error(outputs, y), testError: Scores.error(fte, test.labels),
        activeCount: m.filter { $0 < loss.margin }.count, minMargin: m.min() ?? 0, maxMargin: m.max() ?? 0,
        weights: CompressionMeasures(network: net, initial: initial, informative: informative))
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
      // λ* at the first state where more than 10 % of the training points are satisfied.
      if lambdaStar == nil, Double(margins.filter { $0 >= loss.margin }.count) > 0.1 * Double(margins.count) {
        lambdaStar =
          CompressionMeasures(
            network: initial.with(flatParameters: engine.parameters), initial: initial,
            informative: informative
          ).compression
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
      if steps == 0 || (options.recordsTrajectory && (steps >= nextCheckpoint || marginCrossed)) {
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
          "step \(steps) t=\(String(format: "%.3g", time)) dt=\(String(format: "%.3g", engine.stepSize)) loss=\(String(format: "%.4g", meanLoss)) active=\(margins.filter { $0 < loss.margin }.count) sliding=\(engine.slidingCount) min-margin=\(String(format: "%.3g", minMargin)) dgrad/max=\(String(format: "%.2f", engine.lastMeasureFractions.gradient)) dout/max=\(String(format: "%.2f", engine.lastMeasureFractions.output)) rejected=\(rejections) (events \(engine.retries.event), dout \(engine.retries.output), dgrad \(engine.retries.gradient))"
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
    let fTest = final.fusedOutputs(test.inputs)
    let summary = FlowSummary(
      stopReason: stop, steps: steps, rejections: rejections, time: time,
      wallSeconds: Date().timeIntervalSince(start), minMargin: Scores.margins(engine.outputs, y).min() ?? 0)
    return NetworkTrainingResult(
      network: final, initial: initial, checkpoints: checkpoints, snapshots: snapshots, summary: summary,
      trainOutputs: engine.outputs, testOutputs: fTest.indices.map { alpha * (fTest[$0] - f0Test[$0]) },
      compressionAtTenPercent: lambdaStar)
  }
}
