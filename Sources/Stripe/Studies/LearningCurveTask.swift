// One (p, seed) task of a learning-curve study, its stable key, and running it alone (SLURM-array unit).
import Foundation
import Spectra

/// One unit of work of a learning-curve study: training size p and seed, with the network (and the
/// final-NTK kernel) or the init-NTK kernel alone.
///
/// ```
/// key = "p" + p (6 digits, zero-padded) + "-seed" + seed [+ "-kernel" for a kernel-only task]
///       e.g. p000512-seed3, p032768-seed1-kernel
/// ```
/// The key depends only on (p, seed, kind), so it names the same work in every run, shard and merge.
///
/// Source: issue 18 ("one task per p × seed, stable keys"); shared/science/stripe.md §5.2.
public struct LearningCurveTask: Sendable, Equatable, Hashable, Codable {
  /// Training-set size p.
  public let size: Int
  /// Seed.
  public let seed: UInt64
  /// True when only the init-NTK kernel runs (p above ``LearningCurveConfiguration/networkMaxSize``).
  public let kernelOnly: Bool

  /// A task.
  public init(size: Int, seed: UInt64, kernelOnly: Bool) {
    self.size = size
    self.seed = seed
    self.kernelOnly = kernelOnly
  }

  /// The stable key (see the type's formula).
  public var key: String {
    let digits = String(size)
    let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    return "p\(padded)-seed\(seed)" + (kernelOnly ? "-kernel" : "")
  }
}

/// The result of one task: the init-NTK kernel error always, the full point when the network ran.
public struct LearningCurveTaskResult: Sendable, Equatable, Codable {
  /// The task's key.
  public let key: String
  /// Training-set size p.
  public let size: Int
  /// Seed.
  public let seed: UInt64
  /// Test error of the init-NTK kernel machine.
  public let initialKernelError: Double
  /// Its flow summary.
  public let initialKernel: FlowSummary
  /// The full point (network and final NTK), nil for a kernel-only task.
  public let point: LearningCurvePoint?

  /// A result.
  public init(
    key: String, size: Int, seed: UInt64, initialKernelError: Double, initialKernel: FlowSummary,
    point: LearningCurvePoint?
  ) {
    self.key = key
    self.size = size
    self.seed = seed
    self.initialKernelError = initialKernelError
    self.initialKernel = initialKernel
    self.point = point
  }
}

extension LearningCurveStudy {
  /// The tasks of `c`, ordered by p then seed: full tasks for p ≤ `networkMaxSize` (all p when nil),
  /// kernel-only tasks above it.
  public static func tasks(_ c: LearningCurveConfiguration) -> [LearningCurveTask] {
    var out: [LearningCurveTask] = []
    for p in Array(Set(c.sizes)).sorted() {
      for seed in c.seeds {
        out.append(
          LearningCurveTask(size: p, seed: seed, kernelOnly: c.networkMaxSize.map { p > $0 } ?? false))
      }
    }
    return out
  }

  /// The tasks of shard `k` of `n` (1-based): those whose index in ``tasks(_:)`` is ≡ k − 1 (mod n).
  /// With n equal to the task count, shard k is exactly task k (a SLURM array of one task per p × seed).
  public static func tasks(_ c: LearningCurveConfiguration, shard k: Int, of n: Int) -> [LearningCurveTask] {
    tasks(c).enumerated().filter { $0.offset % n == k - 1 }.map(\.element)
  }

  /// Runs one task alone. The numbers do not depend on which other tasks run, or in which process: every
  /// set and initialisation is drawn from streams of (seed, set) only.
  ///
  /// - Throws: `ConfigurationError` for an invalid configuration.
  public static func run(
    _ c: LearningCurveConfiguration, task: LearningCurveTask
  ) throws(ConfigurationError) -> LearningCurveTaskResult {
    try c.validate()
    let p = task.size
    let seed = task.seed
    let splits = try TaskSplits(
      task: c.task, dimension: c.dimension, train: p, kernel: task.kernelOnly ? 1 : p, test: c.testCount,
      seed: seed)
    let net0 = try ShallowNetwork.initial(
      width: c.width, dimension: c.dimension, biasScale: c.biasScale, biasVariance: c.biasVariance,
      stream: RandomStream(seed: seed).child(3))
    let (initialError, initialSummary) = try initialKernel(net0, splits: splits, c: c)
    guard !task.kernelOnly else {
      return LearningCurveTaskResult(
        key: task.key, size: p, seed: seed, initialKernelError: initialError, initialKernel: initialSummary,
        point: nil)
    }
    var options = NetworkTrainingOptions(outputScale: c.outputScale)
    options.control = c.networkControl
    options.integrator = c.networkIntegrator
    options.slidingBand = c.slidingBand
    options.maxWallSeconds = c.maxWallSeconds
    options.maxSteps = c.networkMaxSteps ?? c.maxSteps
    options.marginTolerance = c.marginTolerance
    options.recordsTrajectory = false
    let trained = try NetworkTraining.run(
      net0, train: splits.train, test: splits.test, options: options,
      informative: c.task.informativeDimensions)
    var lazy: NetworkTrainingResult? = nil
    if let lazyScale = c.lazyAlphaSqrtH {
      options.alpha = OutputScale(alphaSqrtH: lazyScale, width: c.width).alpha
      lazy = try NetworkTraining.run(
        net0, train: splits.train, test: splits.test, options: options,
        informative: c.task.informativeDimensions)
    }
    let final = try kernelError(trained.network, train: splits.kernel, test: splits.test, c: c)
    let change = NeuralTangentKernel.relativeChange(
      from: NeuralTangentKernel.gram(net0, splits.kernel.inputs), to: final.gram)
    let point = LearningCurvePoint(
      size: p, seed: seed, initialKernelError: initialError,
      featureError: Scores.error(trained.testOutputs, splits.test.labels), finalKernelError: final.error,
      compression: trained.checkpoints.last?.weights.compression ?? .nan,
      compressionAtTenPercent: trained.compressionAtTenPercent, network: trained.summary,
      initialKernel: initialSummary, finalKernel: final.machine.summary, kernelChange: change,
      lazyError: lazy.map { Scores.error($0.testOutputs, splits.test.labels) }, lazyNetwork: lazy?.summary)
    return LearningCurveTaskResult(
      key: task.key, size: p, seed: seed, initialKernelError: initialError, initialKernel: initialSummary,
      point: point)
  }

  /// The init-NTK kernel machine's test error and flow summary (its p × p Gram is released on return).
  static func initialKernel(
    _ net0: ShallowNetwork, splits: TaskSplits, c: LearningCurveConfiguration
  ) throws(ConfigurationError) -> (Double, FlowSummary) {
    let r = try kernelError(net0, train: splits.train, test: splits.test, c: c)
    return (r.error, r.machine.summary)
  }
}
