// The configuration of one training run with the NTK analysis (`spectra stripe train`), as recorded.
import Spectra

/// The configuration of a ``KernelEvolutionStudy``, recorded in run.json.
///
/// Stores α√h and the width; α is derived (``outputScale``) and recorded beside them.
///
/// Source: shared/science/stripe.md §2, §4.2–4.3, checklist E
public struct KernelEvolutionConfiguration: Sendable {
  /// The task (stripe or cylinder); not meaningful when ``dataset`` names image data.
  public var task: InvariantTask
  /// Input dimension d.
  public var dimension: Int
  /// Hidden width h.
  public var width: Int
  /// α√h of the network (≪ 1: feature regime, ≫ 1: lazy).
  public var alphaSqrtH: Double
  /// Training-set size p.
  public var trainCount: Int
  /// Size of the independent set the kernels are trained on.
  public var kernelCount: Int
  /// Test-set size.
  public var testCount: Int
  /// Seed of the data and of the initialisation.
  public var seed: UInt64
  /// How the data and network streams derive from the seed.
  public let dataSeedStreams =
    "test = child 0, kernel = child 1, train = child 2 of the seed; network = child 3"
  /// Bias multiplier B ([RECALL] 1).
  public var biasScale: Double = 1
  /// Bias initial variance v_b ([RECALL] 1).
  public var biasVariance: Double = 1
  /// Loss fractions at which the running NTKs are analysed.
  public var lossFractions: [Double] = [0.5, 0.1, 0.01]
  /// Network step controller.
  public var networkControl: AdaptiveEulerControl = .network
  /// Network flow integrator (sliding mode by default).
  public var networkIntegrator: NetworkFlowIntegrator = .slidingMode
  /// Sliding band of the sliding-mode integrator (see ``NetworkTrainingOptions/slidingBand``).
  public var slidingBand: Double = 1e-2
  /// Kernel flow integrator (exact event-driven by default).
  public var kernelIntegrator: KernelFlowIntegrator = .eventDriven
  /// Options of each NTK analysis.
  public var analysis = KernelAnalysisOptions()
  /// Wall-clock limit per network or kernel run (seconds).
  public var maxWallSeconds: Double = 600
  /// Step limit per network or kernel run.
  public var maxSteps: Int = 1_000_000
  /// A separate step limit for the network flow (`nil`: ``maxSteps``), for reproducible reduced runs.
  public var networkMaxSteps: Int? = nil
  /// Stop tolerance on the minimum margin (see ``NetworkTrainingOptions/marginTolerance``).
  public var marginTolerance: Double = 0
  /// The loss and time convention of the flows.
  public let timeConvention = "L = (1/(αp)) Σ max(0, 1 − yF) (reference-code convention)"
  /// Real-data source (IDX paths) when the data are images rather than Gaussian inputs; `task` and the
  /// compression factor λ (pixel 1 against the others) are then not meaningful.
  public var dataset: String? = nil

  /// A run of the given task and sizes with reference settings for everything else.
  public init(
    task: InvariantTask, dimension: Int, width: Int, alphaSqrtH: Double, trainCount: Int, kernelCount: Int,
    testCount: Int, seed: UInt64
  ) {
    self.task = task
    self.dimension = dimension
    self.width = width
    self.alphaSqrtH = alphaSqrtH
    self.trainCount = trainCount
    self.kernelCount = kernelCount
    self.testCount = testCount
    self.seed = seed
  }

  /// The output scale: α√h at width h.
  public var outputScale: OutputScale { OutputScale(alphaSqrtH: alphaSqrtH, width: width) }

  /// The options of the network flow.
  var networkTrainingOptions: NetworkTrainingOptions {
    var options = NetworkTrainingOptions(outputScale: outputScale)
    options.control = networkControl
    options.integrator = networkIntegrator
    options.slidingBand = slidingBand
    options.lossFractions = lossFractions
    options.maxSteps = networkMaxSteps ?? maxSteps
    options.maxWallSeconds = maxWallSeconds
    options.marginTolerance = marginTolerance
    return options
  }
}

extension KernelEvolutionConfiguration: Encodable {
  /// Encodes every field and the derived α (key `alpha`).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(task, forKey: .task)
    try c.encode(dimension, forKey: .dimension)
    try c.encode(width, forKey: .width)
    try c.encode(alphaSqrtH, forKey: .alphaSqrtH)
    try c.encode(outputScale.alpha, forKey: .alpha)
    try c.encode(trainCount, forKey: .trainCount)
    try c.encode(kernelCount, forKey: .kernelCount)
    try c.encode(testCount, forKey: .testCount)
    try c.encode(seed, forKey: .seed)
    try c.encode(dataSeedStreams, forKey: .dataSeedStreams)
    try c.encode(biasScale, forKey: .biasScale)
    try c.encode(biasVariance, forKey: .biasVariance)
    try c.encode(lossFractions, forKey: .lossFractions)
    try c.encode(networkControl, forKey: .networkControl)
    try c.encode(networkIntegrator, forKey: .networkIntegrator)
    try c.encode(slidingBand, forKey: .slidingBand)
    try c.encode(kernelIntegrator, forKey: .kernelIntegrator)
    try c.encode(analysis, forKey: .analysis)
    try c.encode(maxWallSeconds, forKey: .maxWallSeconds)
    try c.encode(maxSteps, forKey: .maxSteps)
    try c.encodeIfPresent(networkMaxSteps, forKey: .networkMaxSteps)
    try c.encode(marginTolerance, forKey: .marginTolerance)
    try c.encode(timeConvention, forKey: .timeConvention)
    try c.encodeIfPresent(dataset, forKey: .dataset)
  }

  private enum CodingKeys: String, CodingKey {
    case task, dimension, width, alphaSqrtH, alpha, trainCount, kernelCount, testCount, seed
    case dataSeedStreams, biasScale, biasVariance, lossFractions, networkControl, networkIntegrator
    case slidingBand, kernelIntegrator, analysis, maxWallSeconds, maxSteps, networkMaxSteps
    case marginTolerance, timeConvention, dataset
  }
}
