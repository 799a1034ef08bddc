// One training run with spectral tracking and the NTK-linearised prediction beside it (Fig. 5 of NC).
import Spectra

/// Trains a sampled network on teacher data by full-batch gradient descent, tracks the FIM spectra on a
/// schedule, and predicts the loss curve from the initial NTK.
///
/// ```
/// η = rate,  or  η = relativeRate · η_c  with  η_c = 2/λ_max(F(θ₀))
/// tracked at t ∈ {0, k, 2k, …} ∪ {T}:  λ_max, top-C mean of F and F_cross, softmax bounds from Q(n)
/// predicted:  L(f_t) of ``LinearisedDynamics`` (discrete; and continuous for MSE)
/// ```
///
/// Source: shared/science/karakida.md §3, §4 (last bullet), §5, §9 (Training dynamics, Fig. 5).
public struct TrainingExperiment: Sendable {
  /// Everything that defines a run.
  public struct Configuration: Sendable, Codable, Equatable {
    /// The student's (and teacher's) architecture.
    public var architecture: NetworkArchitecture
    /// Samples N.
    public var samples: Int
    /// The loss.
    public var loss: TrainingLoss
    /// How cross-entropy labels are formed.
    public var labels: LabelRule
    /// An absolute learning rate η, or `nil` to use ``relativeRate``.
    public var rate: Double?
    /// η in units of η_c = 2/λ_max(F(θ₀)) when ``rate`` is `nil`.
    public var relativeRate: Double
    /// Steps T.
    public var steps: Int
    /// Track the spectra every this many steps (and at T).
    public var trackEvery: Int
    /// Seed of the student's initial parameters.
    public var seed: UInt64
    /// Seed of the teacher.
    public var teacherSeed: UInt64
    /// Seed of the inputs.
    public var dataSeed: UInt64
    /// Divergence threshold (loss ratio).
    public var divergenceThreshold: Double

    /// A run configuration; see ``validate()``.
    public init(
      architecture: NetworkArchitecture, samples: Int, loss: TrainingLoss, labels: LabelRule = .argmax,
      rate: Double? = nil, relativeRate: Double = 0.5, steps: Int, trackEvery: Int, seed: UInt64,
      teacherSeed: UInt64, dataSeed: UInt64,
      divergenceThreshold: Double = GradientDescent.defaultDivergenceThreshold
    ) {
      self.architecture = architecture
      self.samples = samples
      self.loss = loss
      self.labels = labels
      self.rate = rate
      self.relativeRate = relativeRate
      self.steps = steps
      self.trackEvery = trackEvery
      self.seed = seed
      self.teacherSeed = teacherSeed
      self.dataSeed = dataSeed
      self.divergenceThreshold = divergenceThreshold
    }

    /// Checks every field.
    ///
    /// - Throws: `ConfigurationError` naming the field and value for non-positive `samples`, `steps`,
    ///   `track-every`, `rate` or `relative-rate`, and an invalid threshold.
    public func validate() throws(ConfigurationError) {
      guard samples > 0 else {
        throw ConfigurationError(field: "samples", "number of samples must be positive, got \(samples)")
      }
      guard steps > 0 else {
        throw ConfigurationError(field: "steps", "number of steps must be positive, got \(steps)")
      }
      guard trackEvery > 0 else {
        throw ConfigurationError(
          field: "track-every", "tracking interval must be positive, got \(trackEvery)")
      }
      if let r = rate, !(r.isFinite && r > 0) {
        throw ConfigurationError(field: "rate", "learning rate must be positive and finite, got \(r)")
      }
      guard relativeRate.isFinite, relativeRate > 0 else {
        throw ConfigurationError(
          field: "relative-rate", "relative rate must be positive and finite, got \(relativeRate)")
      }
      _ = try GradientDescent(loss: loss, rate: 1, divergenceThreshold: divergenceThreshold)
    }

    /// The steps at which the spectra are tracked: `0, k, 2k, …` and T.
    public var schedule: [Int] {
      Array(Set(stride(from: 0, through: steps, by: trackEvery)).union([steps])).sorted()
    }
  }

  /// The configuration.
  public let configuration: Configuration
  /// The learning rate used.
  public let rate: Double
  /// η_c = 2/λ_max(F(θ₀)).
  public let criticalRate: Double
  /// The mean-field λ_max(F) (standard parameterisation, L ≥ 2), or `nil`.
  public let predictedFisherLambdaMax: Double?
  /// L(θ_t), t = 0 … last step reached.
  public let losses: [Double]
  /// The NTK-linearised losses (discrete GD), t = 0 … T.
  public let linearisedLosses: [Double]
  /// The continuous-time linearised MSE losses, or `nil` for cross-entropy.
  public let continuousLinearisedLosses: [Double]?
  /// The spectra on the schedule (up to divergence).
  public let snapshots: [SpectralSnapshot]
  /// The first diverged step, or `nil`.
  public let divergedAt: Int?

  /// Runs the experiment on teacher data.
  ///
  /// - Parameters:
  ///   - configuration: the run.
  ///   - progress: called at every tracked step with `(step, steps)`.
  /// - Throws: `ConfigurationError` for an invalid configuration; `LinearAlgebraError` from the eigen-solvers.
  public init(_ configuration: Configuration, progress: (Int, Int) -> Void = { _, _ in }) throws {
    try configuration.validate()
    let arch = configuration.architecture
    let data = try TrainingData.teacher(
      arch, samples: configuration.samples, loss: configuration.loss, labels: configuration.labels,
      teacherSeed: configuration.teacherSeed, dataSeed: configuration.dataSeed)
    try self.init(
      configuration, network: Network.sample(arch, seed: configuration.seed), data: data, progress: progress)
  }

  /// Runs the experiment from a given network on given data (user data, or a loaded network).
  ///
  /// - Throws: as ``init(_:progress:)``; `ConfigurationError` when the data do not fit the network.
  public init(
    _ configuration: Configuration, network: Network, data: TrainingData,
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws {
    try configuration.validate()
    let forward0 = try ForwardPass(network: network, inputs: data.inputs)
    let lambda0 = try MetricDual(request: .fisher(), forward: forward0).top(1).eigenvalues[0]
    let critical = 2 / lambda0
    let eta = configuration.rate ?? configuration.relativeRate * critical
    // Input moments measured from the data (inputs as columns), the standard Gaussian values for N = 1.
    let moments = data.sampleCount >= 2 ? try InputMoments(data: data.inputs.transposed) : .standardGaussian
    let theory = try TrainingTheory(network.architecture, inputs: moments)
    let schedule = Set(configuration.schedule)
    var snapshots: [SpectralSnapshot] = []
    let gd = try GradientDescent(
      loss: configuration.loss, rate: eta, divergenceThreshold: configuration.divergenceThreshold)
    let run = try gd.train(network, on: data, steps: configuration.steps) { t, _, g in
      guard schedule.contains(t) else { return }
      snapshots.append(try SpectralSnapshot(step: t, loss: g.loss, forward: g.forward, theory: theory))
      progress(t, configuration.steps)
    }
    let linear = try LinearisedDynamics(
      forward: forward0, targets: data.targets, loss: configuration.loss, rate: eta)
    self.configuration = configuration
    rate = eta
    criticalRate = critical
    predictedFisherLambdaMax = theory?.fisherLambdaMax(
      outputs: network.architecture.outputs, samples: data.sampleCount)
    losses = run.losses
    linearisedLosses = try linear.losses(steps: configuration.steps)
    continuousLinearisedLosses = try linear.continuousLosses(steps: configuration.steps)
    self.snapshots = snapshots
    divergedAt = run.divergedAt
  }
}
