// Learning curves ε(p) of the init-NTK kernel, the feature-regime network and the final-NTK kernel.
import Foundation
import Spectra

/// Configuration of a learning-curve study on a Gaussian invariant task.
///
/// Source: shared/science/stripe.md §5.2 and checklist E (reduced reproduction)
public struct LearningCurveConfiguration: Sendable, Equatable, Codable {
  /// The task (stripe or cylinder).
  public var task: InvariantTask = .stripe
  /// Input dimension d.
  public var dimension: Int = 5
  /// Hidden width h.
  public var width: Int = 1000
  /// α√h of the feature-regime network (α = alphaSqrtH/√h); [RECALL] 10⁻² proposed.
  public var alphaSqrtH: Double = 1e-2
  /// Training-set sizes p.
  public var sizes: [Int] = [128, 256, 512, 1024, 2048]
  /// Seeds (one data set and one initialisation per seed and p).
  public var seeds: [UInt64] = [1, 2, 3]
  /// Test-set size p_te (kernels and networks are tested on the same points).
  public var testCount: Int = 4096
  /// Bias multiplier B ([RECALL] 1).
  public var biasScale: Double = 1
  /// Bias initial variance v_b ([RECALL] 1).
  public var biasVariance: Double = 1
  /// Network flow integrator (sliding mode by default).
  public var networkIntegrator: NetworkFlowIntegrator = .slidingMode
  /// Network step controller.
  public var networkControl: AdaptiveEulerControl = .network
  /// Sliding band of the sliding-mode integrator (see ``NetworkTrainingOptions/slidingBand``).
  public var slidingBand: Double = 1e-2
  /// Kernel flow integrator (exact event-driven by default).
  public var kernelIntegrator: KernelFlowIntegrator = .eventDriven
  /// Wall-clock limit per network run (seconds).
  public var maxWallSeconds: Double = 600
  /// Step limit per network or kernel run.
  public var maxSteps: Int = 1_000_000
  /// A separate step limit for the network flow (`nil`: ``maxSteps``); a step limit, unlike the wall-clock
  /// limit, stops every machine at the same state, so reduced studies stay reproducible.
  public var networkMaxSteps: Int? = nil
  /// Stop tolerance on the minimum margin (see ``NetworkTrainingOptions/marginTolerance``).
  public var marginTolerance: Double = 0
  /// Largest p at which the network (and the final-NTK kernel) is trained; larger p run the init-NTK
  /// kernel alone (nil: every p trains the network).
  public var networkMaxSize: Int? = nil
  /// α√h of a lazy-regime network trained beside the feature one on the same set and initialisation
  /// (nil: none). Its test error is the `lazy` curve, predicted to follow the init-NTK kernel
  /// (β_Lazy = d/(3d − 2)); stripe.md checklist E proposes α√h = 10³.
  public var lazyAlphaSqrtH: Double? = nil

  /// The reference configuration (reduced reproduction of checklist E).
  public init() {}

  /// Checks every field.
  ///
  /// - Throws: `ConfigurationError` naming the first bad field.
  public func validate() throws(ConfigurationError) {
    try task.validate(dimension: dimension)
    guard width >= 1 else { throw ConfigurationError(field: "width", "must be ≥ 1, got \(width)") }
    guard alphaSqrtH.isFinite, alphaSqrtH > 0 else {
      throw ConfigurationError(field: "alpha-sqrt-h", "must be finite and > 0, got \(alphaSqrtH)")
    }
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 2 }) else {
      throw ConfigurationError(field: "sizes", "need at least one training size, each ≥ 2, got \(sizes)")
    }
    guard !seeds.isEmpty else { throw ConfigurationError(field: "seeds", "need at least one seed") }
    guard testCount >= 1 else { throw ConfigurationError(field: "test", "must be ≥ 1, got \(testCount)") }
    guard biasVariance >= 0, biasScale.isFinite else {
      throw ConfigurationError(field: "bias", "need finite B and v_b ≥ 0, got \(biasScale), \(biasVariance)")
    }
    try networkControl.validate()
    if case .euler(let control) = kernelIntegrator { try control.validate() }
    if let lazyAlphaSqrtH, !(lazyAlphaSqrtH.isFinite && lazyAlphaSqrtH > 0) {
      throw ConfigurationError(field: "lazy-alpha-sqrt-h", "must be finite and > 0, got \(lazyAlphaSqrtH)")
    }
    if let networkMaxSize, networkMaxSize < 2 {
      throw ConfigurationError(field: "network-max-size", "must be ≥ 2, got \(networkMaxSize)")
    }
    guard maxWallSeconds > 0 else {
      throw ConfigurationError(field: "max-wall", "must be > 0, got \(maxWallSeconds)")
    }
  }

  /// The output scale: α√h at width h.
  public var outputScale: OutputScale { OutputScale(alphaSqrtH: alphaSqrtH, width: width) }
}

/// One (p, seed) point of the learning curves.
public struct LearningCurvePoint: Sendable, Equatable, Codable {
  /// Training-set size p.
  public let size: Int
  /// Seed.
  public let seed: UInt64
  /// Test error of the kernel machine with the NTK at initialisation (lazy limit).
  public let initialKernelError: Double
  /// Test error of the feature-regime network at the end of training.
  public let featureError: Double
  /// Test error of the kernel machine with the final NTK trained on the independent kernel set.
  public let finalKernelError: Double
  /// λ at the end of feature training.
  public let compression: Double
  /// λ* at the first state with > 10 % of the points at y F ≥ 1 (nil if never).
  public let compressionAtTenPercent: Double?
  /// Network flow summary.
  public let network: FlowSummary
  /// Init-NTK kernel flow summary.
  public let initialKernel: FlowSummary
  /// Final-NTK kernel flow summary.
  public let finalKernel: FlowSummary
  /// ‖Θ_final − Θ_init‖_F / ‖Θ_init‖_F on the kernel set.
  public let kernelChange: Double
  /// Test error of the lazy-regime network (nil when ``LearningCurveConfiguration/lazyAlphaSqrtH`` is nil).
  public let lazyError: Double?
  /// Its flow summary.
  public let lazyNetwork: FlowSummary?
}

/// The learning-curve study: per-(p, seed) points and fits.
public struct LearningCurveStudy: Sendable {
  /// The configuration.
  public let configuration: LearningCurveConfiguration
  /// All points with a trained network, ordered by p then seed.
  public let points: [LearningCurvePoint]
  /// All task results (kernel-only ones included), ordered by p then seed.
  public let results: [LearningCurveTaskResult]
  /// Fits for the three methods and for λ(p).
  public let fits: [CurveFit]

  /// A study assembled from task results (e.g. read back from per-task files), with its fits.
  public init(configuration: LearningCurveConfiguration, results: [LearningCurveTaskResult]) {
    let sorted = results.sorted { ($0.size, $0.seed, $0.key) < ($1.size, $1.seed, $1.key) }
    self.configuration = configuration
    self.results = sorted
    self.points = sorted.compactMap(\.point)
    self.fits = Self.fits(configuration, results: sorted)
  }

  /// Predicted lazy exponent β = d/(3d − 2) (ξ = 1, ReLU NTK). Source: stripe.md §5.3.
  public static func lazyExponent(dimension d: Int) -> Double { Double(d) / Double(3 * d - 2) }

  /// Predicted feature exponent: (2d − 1)/(3d − 2) for the stripe (d_∥ = 1), (d + d_⊥/2)/(3d − 2) for
  /// d_∥ > 1 (½ for the cylinder at every d). The two cases are separate formulas: the second does not
  /// reduce to the first at d_∥ = 1. Source: stripe.md §5.3 (table: d = 5 gives 0.692 and 0.5).
  public static func featureExponent(dimension d: Int, informative: Int) -> Double {
    if informative == 1 { return Double(2 * d - 1) / Double(3 * d - 2) }
    let perp = Double(d - informative)
    return (Double(d) + perp / 2) / Double(3 * d - 2)
  }

  /// The ODE prediction of the compression factor λ = |E[y x₁]| √p = √(0.13514 p) (stripe). Source: §1.2.
  public static func compressionPrediction(size p: Int) -> Double { (0.13514 * Double(p)).squareRoot() }

  /// Runs the study.
  ///
  /// - Throws: `ConfigurationError` for an invalid configuration.
  /// - Complexity: per point, network training plus two NTK Grams (2p²h) and two test cross kernels
  ///   (4·p_te·p·h flops), and two kernel flows (p² per step).
  public static func run(
    _ c: LearningCurveConfiguration, progress: ((String) -> Void)? = nil
  ) throws(ConfigurationError) -> LearningCurveStudy {
    try c.validate()
    var results: [LearningCurveTaskResult] = []
    for task in tasks(c) {
      let r = try run(c, task: task)
      results.append(r)
      progress?("p=\(r.size) seed=\(r.seed): " + describe(r))
    }
    return LearningCurveStudy(configuration: c, results: results)
  }

  /// One progress line for a finished task.
  public static func describe(_ r: LearningCurveTaskResult) -> String {
    guard let point = r.point else {
      return
        "ε_initNTK=\(r.initialKernelError) (kernel only, \(String(format: "%.1f", r.initialKernel.wallSeconds)) s flow)"
    }
    let n = point.network
    let lazy = point.lazyNetwork.map { l in
      " ε_lazy=\(point.lazyError ?? .nan) lazy-steps=\(l.steps) (\(l.stopReason.rawValue), \(String(format: "%.1f", l.wallSeconds)) s)"
    }
    return
      "ε_initNTK=\(point.initialKernelError) ε_feature=\(point.featureError) ε_finalNTK=\(point.finalKernelError) λ=\(String(format: "%.3g", point.compression)) steps=\(n.steps) (\(n.stopReason.rawValue), \(String(format: "%.1f", n.wallSeconds)) s)"
      + (lazy ?? "")
  }

  /// The curves of a study as samples: (method, value of a point, predicted slope), the init-NTK curve
  /// over every result and the others over the points with a trained network.
  public static func curves(_ c: LearningCurveConfiguration, results: [LearningCurveTaskResult])
    -> [(method: String, samples: [CurveSample], predicted: Double)]
  {
    let d = c.dimension
    let informative = c.task.informativeDimensions
    let points = results.compactMap(\.point)
    func samples(_ value: (LearningCurvePoint) -> Double) -> [CurveSample] {
      points.map { CurveSample(size: $0.size, seed: $0.seed, value: value($0)) }
    }
    let feature = -featureExponent(dimension: d, informative: informative)
    var curves = [
      (
        "initial-ntk",
        results.map { CurveSample(size: $0.size, seed: $0.seed, value: $0.initialKernelError) },
        -lazyExponent(dimension: d)
      ),
      ("feature", samples { $0.featureError }, feature),
      ("final-ntk", samples { $0.finalKernelError }, feature),
      ("compression", samples { $0.compression }, 0.5),
      // λ* at the first state with more than 10 % of the points satisfied (omitted if never reached).
      ("compression-at-ten-percent", samples { $0.compressionAtTenPercent ?? .nan }, 0.5),
    ]
    if c.lazyAlphaSqrtH != nil {
      curves.insert(("lazy", samples { $0.lazyError ?? .nan }, -lazyExponent(dimension: d)), at: 1)
    }
    return curves
  }

  /// Power-law fits of every curve with at least two usable sizes.
  static func fits(_ c: LearningCurveConfiguration, results: [LearningCurveTaskResult]) -> [CurveFit] {
    var fits: [CurveFit] = []
    for (name, samples, predicted) in curves(c, results: results) {
      if let f = try? CurveFit.fit(method: name, samples: samples, predicted: predicted) {
        fits.append(f)
      }
    }
    return fits
  }

  /// Trains a kernel machine with the NTK of `network` on `train` and returns its error on `test`.
  static func kernelError(
    _ network: ShallowNetwork, train: LabelledInputs, test: LabelledInputs, c: LearningCurveConfiguration
  ) throws(ConfigurationError) -> (error: Double, machine: KernelMachine, gram: Matrix) {
    let k = NeuralTangentKernel.gram(network, train.inputs)
    let machine = try KernelMachine.train(
      gram: k, labels: train.labels, integrator: c.kernelIntegrator, maxSteps: c.maxSteps,
      maxWallSeconds: c.maxWallSeconds, marginTolerance: c.marginTolerance)
    let cross = NeuralTangentKernel.cross(network, test.inputs, train.inputs)
    return (machine.testError(cross: cross, labels: test.labels), machine, k)
  }

  /// The init-NTK kernel learning curve alone (fast; used for quick checks and tests).
  ///
  /// - Throws: `ConfigurationError` for invalid sizes or when the fit has fewer than two positive points.
  public static func kernelCurve(
    task: InvariantTask, dimension d: Int, width h: Int, sizes: [Int], testCount: Int, seeds: [UInt64]
  ) throws(ConfigurationError) -> (errors: [[Double]], fit: PowerLawFit) {
    var c = LearningCurveConfiguration()
    c.task = task
    c.dimension = d
    c.width = h
    c.sizes = sizes
    c.seeds = seeds
    c.testCount = testCount
    try c.validate()
    var errors: [[Double]] = []
    for p in sizes {
      var row: [Double] = []
      for seed in seeds {
        let splits = try TaskSplits(
          task: task, dimension: d, train: p, kernel: 1, test: testCount, seed: seed)
        let net = try ShallowNetwork.initial(
          width: h, dimension: d, stream: RandomStream(seed: seed).child(3))
        row.append(try kernelError(net, train: splits.train, test: splits.test, c: c).error)
      }
      errors.append(row)
    }
    let fit = try CurveFit.powerLaw(
      x: sizes.map(Double.init), y: errors.map { $0.reduce(0, +) / Double($0.count) })
    return (errors, fit)
  }
}
