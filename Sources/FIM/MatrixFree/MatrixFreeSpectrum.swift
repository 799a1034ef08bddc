// The matrix-free engine: top-k by block Lanczos, SLQ density, exact m and s, for any size of C·N.
import Spectra

/// The spectrum of a metric at sizes where the dense C·N × C·N dual cannot be formed, from the
/// ``MetricOperator``: the top eigenvalues with residuals, the mean-gradient overlap, exact m and s, and an
/// SLQ density, each as the ``Mode``s ask.
///
/// ```
/// top-k:    block Lanczos on dual·V;  λ_max = θ₁,  topMean = mean of the C′ largest (convention 4)
/// moments:  m = trace(dual)/D,  s = ‖dual‖_F²/D   (exact, streamed; over all D eigenvalues, convention 1)
/// density:  SLQ of the dual's C′N eigenvalues; the operator adds exactZeroCount = max(D − C′N, 0) zeros
/// ```
///
/// Source: shared/science/karakida.md §3–§6, conventions 1 and 4. Complexity: block products as the
/// modes need (``MetricOperator``), the moments' 2·(C′N)²·Σ M_l; memory: the forward pass
/// (``MetricOperator/cachedBytes(architecture:samples:activations:grams:)``), one product's working set,
/// Lanczos's 2·C′N·m basis, and for the moments C′N·Σ M_l. Never (C·N)².
public struct MatrixFreeSpectrum: Sendable, Codable {
  /// What was measured.
  public let request: MetricRequest
  /// The modes computed, as given.
  public let modes: [Mode]
  /// The number of parameters P.
  public let parameterCount: Int
  /// The operator dimension D (statistics are averaged over it).
  public let dimension: Int
  /// The dual's size C′·N.
  public let size: Int
  /// `max(D − C′N, 0)`: exact zero eigenvalues of the operator beyond the dual's.
  public let exactZeroCount: Int
  /// The rank bound of the operator.
  public let maximumRank: Int
  /// The number of outliers the theory predicts (C′).
  public let topCount: Int
  /// The top eigenvalues (top-k mode).
  public let top: TopEigenvalues?
  /// Mean of the `topCount` largest eigenvalues, when top-k found that many.
  public let topMean: Double?
  /// Overlap of the top-C′ eigenvectors with the mean gradients (top-k, uncentred requests).
  public let overlap: MeanGradientOverlap?
  /// Exact and estimated moments (moments mode).
  public let moments: Moments?
  /// The SLQ density (density mode).
  public let density: Density?

  /// Runs `modes` on `request` for `network` with the rows of `inputs` as samples. The forward pass keeps
  /// its activations, and its Grams too when some layer prefers them
  /// (``MetricOperator/prefersGrams(architecture:samples:)``).
  ///
  /// - Parameters:
  ///   - network: the network.
  ///   - inputs: the samples, one per row.
  ///   - request: the metric.
  ///   - modes: what to compute.
  ///   - progress: receives the iterative methods' events (Lanczos products, moment tiles, SLQ probes);
  ///     nil: silent.
  /// - Throws: `ConfigurationError` for a request that does not fit; `LinearAlgebraError` for
  ///   invalid mode parameters or a failed eigen-solve.
  public init(
    network: Network, inputs: Matrix, request: MetricRequest, modes: [Mode],
    progress: IterationProgressHandler? = nil
  ) throws {
    let grams = MetricOperator.prefersGrams(architecture: network.architecture, samples: inputs.rows)
    let forward = try ForwardPass(network: network, inputs: inputs, keepActivations: true, keepGrams: grams)
    try self.init(forward: forward, request: request, modes: modes, progress: progress)
  }

  /// Runs `modes` on `request` for a forward pass that kept its activations or Grams.
  public init(
    forward: ForwardPass, request: MetricRequest, modes: [Mode], progress: IterationProgressHandler? = nil
  ) throws {
    let wantsTop = modes.contains { if case .topK = $0 { true } else { false } }
    let dual = try MetricDual(
      request: request, forward: forward, assembly: .matrixFree,
      contractingMeanGradients: wantsTop && !request.meanSubtracted)
    guard case .matrixFree(let op) = dual.representation else { preconditionFailure("matrix-free dual") }
    let shape = dual.shape
    var top: TopEigenpairs? = nil
    var moments: Moments? = nil
    var density: Density? = nil
    for mode in modes {
      switch mode {
      case .topK(let count, let tolerance, let blockSize):
        var lanczos = BlockLanczos(blockSize: blockSize, tolerance: tolerance)
        lanczos.progress = progress
        top = try lanczos.largest(count, of: op, vectors: true)
      case .moments(let budget):
        moments = Moments(
          exact: op.exactMoments(progress: progress),
          traceEstimate: Estimate(try TraceEstimation.hutchPlusPlus(op, matrixVectorBudget: budget)),
          frobeniusSquaredEstimate: Estimate(
            try TraceEstimation.hutchPlusPlus(op, target: .traceOfSquare, matrixVectorBudget: budget)))
      case .density(let steps, let probes, let distribution, let deflateTop):
        let outliers =
          deflateTop == 0
          ? nil
          : try
            (top.flatMap { $0.eigenvalues.count == deflateTop ? $0 : nil }
            ?? BlockLanczos(blockSize: max(shape.blocks, 4)).largest(deflateTop, of: op, vectors: true))
        var slq = StochasticLanczosQuadrature(steps: steps, probes: probes, distribution: distribution)
        slq.progress = progress
        density = try Self.density(
          slq.estimate(op, deflating: outliers), largest: outliers?.eigenvalues.first)
      }
    }
    let topCount = shape.blocks
    self.request = request
    self.modes = modes
    parameterCount = forward.network.architecture.parameterCount
    dimension = shape.dimension
    size = shape.size
    exactZeroCount = shape.exactZeroCount
    maximumRank = shape.maximumRank
    self.topCount = topCount
    self.top = top.map(TopEigenvalues.init)
    topMean = top.flatMap {
      $0.eigenvalues.count >= topCount ? SpectralStatistics.topMean(topCount, of: $0.eigenvalues) : nil
    }
    overlap = top.flatMap { pairs in
      let t = min(topCount, pairs.eigenvalues.count)
      let u = pairs.eigenvectors!
      return dual.meanGradientOverlap(
        vectors: Matrix(rows: u.rows, columns: t) { i, j in u[i, j] },
        values: Array(pairs.eigenvalues.prefix(t)))
    }
    self.moments = moments
    self.density = density
  }

  /// The mean eigenvalue m over D (exact; moments mode).
  public var mean: Double? { moments?.exact.mean }
  /// The second moment s over D (exact; moments mode).
  public var secondMoment: Double? { moments?.exact.secondMoment }
  /// The largest eigenvalue λ_max (top-k mode).
  public var largest: Double? { top?.eigenvalues.first }

  /// The Codable density of an SLQ estimate; the zero threshold is ``MetricDual/zeroThreshold(largest:)``
  /// of the largest eigenvalue known (deflated, else the estimated spectral interval's top).
  static func density(_ estimate: SpectralQuadratureEstimate, largest: Double?) throws -> Density {
    let measure = estimate.measure
    let bound = try estimate.wassersteinBound()
    let threshold = MetricDual.zeroThreshold(
      largest: largest ?? estimate.estimatedSpectralInterval.upperBound)
    let zero = estimate.massNearZero(tolerance: threshold)
    return Density(
      nodes: measure.nodes, weights: measure.weights, probes: estimate.probes,
      deflatedEigenvalues: estimate.deflatedEigenvalues, wassersteinBound: bound.total,
      failureProbability: bound.failureProbability, boundCoversProbes: bound.coversProbes,
      probeSpread: estimate.probeSpread, massNearZero: zero.estimate,
      massNearZeroStandardError: zero.standardError)
  }
}
