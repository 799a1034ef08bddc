// The learning-rate sweep: MSE gradient descent over a grid of widths M and rates η against η_c = 2/λ_max(F).
import Spectra

/// Trains the same initial network with MSE for every rate η at every width M and records whether training
/// diverged, beside the critical rate predicted from the FIM at initialisation.
///
/// ```
/// architecture at width M:  [M₀ (= M unless fixed), M, …, M, C]
/// λ_max(F)  measured at θ₀ (top eigenvalue of the dual K/N, dsyevr)        η_c = 2/λ_max(F)
/// λ_max(F) ≈ α (κ₁/N + (N−1)κ₂/N) M  (mean field)                           η_c,theory = 2/that
/// diverged  ⇔  the loss became non-finite or exceeded threshold · L(θ₀) within T steps
/// ```
///
/// Source: shared/science/karakida.md §3 (learning-rate link) and §9 (AIS learning-rate sweep).
public struct LearningRateSweep: Sendable, Codable {
  /// Everything that defines a sweep.
  public struct Configuration: Sendable, Codable, Equatable {
    /// Hidden widths M.
    public var widths: [Int]
    /// Learning rates η (absolute).
    public var rates: [Double]
    /// Input width M₀, or `nil` for M₀ = M.
    public var inputWidth: Int?
    /// Depth L.
    public var depth: Int
    /// Outputs C.
    public var outputs: Int
    /// Samples N.
    public var samples: Int
    /// Hidden activation.
    public var activation: Activation
    /// σ_w².
    public var sigmaW2: Double
    /// σ_b².
    public var sigmaB2: Double
    /// Parameterisation.
    public var parameterisation: Parameterisation
    /// Training steps T per point.
    public var steps: Int
    /// Seed of the student's initial parameters.
    public var seed: UInt64
    /// Seed of the teacher.
    public var teacherSeed: UInt64
    /// Seed of the inputs.
    public var dataSeed: UInt64
    /// Divergence threshold (loss ratio).
    public var divergenceThreshold: Double

    /// A sweep configuration; see ``validate()``.
    public init(
      widths: [Int], rates: [Double], inputWidth: Int? = nil, depth: Int, outputs: Int, samples: Int,
      activation: Activation, sigmaW2: Double, sigmaB2: Double,
      parameterisation: Parameterisation = .standard,
      steps: Int, seed: UInt64, teacherSeed: UInt64, dataSeed: UInt64,
      divergenceThreshold: Double = GradientDescent.defaultDivergenceThreshold
    ) {
      self.widths = widths
      self.rates = rates
      self.inputWidth = inputWidth
      self.depth = depth
      self.outputs = outputs
      self.samples = samples
      self.activation = activation
      self.sigmaW2 = sigmaW2
      self.sigmaB2 = sigmaB2
      self.parameterisation = parameterisation
      self.steps = steps
      self.seed = seed
      self.teacherSeed = teacherSeed
      self.dataSeed = dataSeed
      self.divergenceThreshold = divergenceThreshold
    }

    /// Checks every field.
    ///
    /// - Throws: `ConfigurationError` naming the field and value: empty or non-positive `widths`/`rates`,
    ///   non-positive `steps`, `samples`, `outputs`, `depth`, `input-width`, or an invalid threshold.
    public func validate() throws(ConfigurationError) {
      guard !widths.isEmpty else { throw ConfigurationError(field: "widths", "need at least one width") }
      for m in widths where m <= 0 {
        throw ConfigurationError(field: "widths", "width must be positive, got \(m)")
      }
      guard !rates.isEmpty else {
        throw ConfigurationError(field: "rates", "need at least one learning rate")
      }
      for r in rates where !(r.isFinite && r > 0) {
        throw ConfigurationError(field: "rates", "learning rate must be positive and finite, got \(r)")
      }
      guard steps > 0 else {
        throw ConfigurationError(field: "steps", "number of steps must be positive, got \(steps)")
      }
      guard samples > 0 else {
        throw ConfigurationError(field: "samples", "number of samples must be positive, got \(samples)")
      }
      guard outputs > 0 else {
        throw ConfigurationError(field: "outputs", "number of outputs must be positive, got \(outputs)")
      }
      guard depth >= 1 else {
        throw ConfigurationError(field: "depth", "depth must be at least 1, got \(depth)")
      }
      if let w = inputWidth, w <= 0 {
        throw ConfigurationError(field: "input-width", "input width must be positive, got \(w)")
      }
      _ = try GradientDescent(loss: .mse, rate: 1, divergenceThreshold: divergenceThreshold)
    }

    /// The architecture at hidden width M.
    public func architecture(width m: Int) throws(ConfigurationError) -> NetworkArchitecture {
      try NetworkArchitecture(
        inputWidth: inputWidth ?? m, width: m, depth: depth, outputs: outputs, activation: activation,
        sigmaW2: sigmaW2, sigmaB2: sigmaB2, parameterisation: parameterisation)
    }
  }

  /// One (M, η) point of the grid.
  public struct Point: Sendable, Codable, Equatable {
    /// Hidden width M.
    public let width: Int
    /// Learning rate η.
    public let rate: Double
    /// λ_max(F) measured at θ₀.
    public let lambdaMax: Double
    /// η_c = 2/λ_max(F).
    public let criticalRate: Double
    /// The mean-field λ_max(F), or `nil` when the theory does not apply.
    public let predictedLambdaMax: Double?
    /// L(θ₀).
    public let initialLoss: Double
    /// The last loss reached.
    public let finalLoss: Double
    /// `max_t L(θ_t) / L(θ₀)` over the steps reached.
    public let maximumLossRatio: Double
    /// Whether training diverged.
    public let diverged: Bool
    /// The first diverged step, or `nil`.
    public let divergedAt: Int?
  }

  /// The configuration.
  public let configuration: Configuration
  /// The grid, width-major (all rates of the first width first).
  public let points: [Point]

  /// Runs the sweep.
  ///
  /// - Parameters:
  ///   - configuration: the sweep.
  ///   - progress: called after each point with `(done, total, description)`.
  /// - Throws: `ConfigurationError` for an invalid configuration; `LinearAlgebraError` when the eigen-solver fails.
  /// - Complexity: per width, one dual Gram and one top eigenvalue of size C·N; per point, up to T + 1
  ///   forward/backward passes (fewer when it diverges).
  public init(_ configuration: Configuration, progress: (Int, Int, String) -> Void = { _, _, _ in }) throws {
    try configuration.validate()
    var points: [Point] = []
    let total = configuration.widths.count * configuration.rates.count
    for m in configuration.widths {
      let arch = try configuration.architecture(width: m)
      let data = try TrainingData.teacher(
        arch, samples: configuration.samples, loss: .mse, teacherSeed: configuration.teacherSeed,
        dataSeed: configuration.dataSeed)
      let initial = Network.sample(arch, seed: configuration.seed)
      let lambda = try Self.fisherLambdaMax(initial, inputs: data.inputs)
      let predicted = try TrainingTheory(arch)?.fisherLambdaMax(
        outputs: configuration.outputs, samples: configuration.samples)
      for eta in configuration.rates {
        let gd = try GradientDescent(
          loss: .mse, rate: eta, divergenceThreshold: configuration.divergenceThreshold)
        let run = try gd.train(initial, on: data, steps: configuration.steps)
        let l0 = run.losses[0]
        let finite = run.losses.filter(\.isFinite)
        let ratio = run.losses.contains { !$0.isFinite } ? Double.infinity : (finite.max() ?? .nan) / l0
        points.append(
          Point(
            width: m, rate: eta, lambdaMax: lambda, criticalRate: 2 / lambda, predictedLambdaMax: predicted,
            initialLoss: l0, finalLoss: run.losses.last!, maximumLossRatio: ratio, diverged: run.diverged,
            divergedAt: run.divergedAt))
        progress(points.count, total, "M = \(m), η = \(eta)\(run.diverged ? " diverged" : "")")
      }
    }
    self.configuration = configuration
    self.points = points
  }

  /// λ_max(F) of `network` on `inputs`: the top eigenvalue of the dual `K/N` (``MetricDual``) by the partial
  /// solver.
  ///
  /// - Complexity: the dual Gram and one dsyevr for the largest eigenvalue (no full spectrum).
  public static func fisherLambdaMax(_ network: Network, inputs: Matrix) throws -> Double {
    let forward = try ForwardPass(network: network, inputs: inputs)
    return try MetricDual(request: .fisher(), forward: forward).top(1).eigenvalues[0]
  }
}
