// The engine: the dual (``MetricDual``) → spectrum, statistics over the operator dimension, overlaps and health.
import Spectra

/// The exact spectrum of a metric of a network on N inputs, computed through its C·N × C·N dual, with the
/// statistics over the full operator dimension (zeros counted), the top-C mean, the overlap of the top
/// eigenvectors with the mean gradients, and a numerical health report.
///
/// ```
/// dual  = ℬᵀ K̃ ℬ / c        K̃ = 𝒫K𝒫 when mean-subtracted, ℬ = I (linear) or the softmax factor
/// c     = N (Fisher, feature metric) or 1 (NTK)
/// m = Σλ/D,  s = Σλ²/D      D = P (Fisher), P_l = M_l·M_{l−1} (block), C·N (NTK), M_l (feature metric)
/// ```
///
/// The dual, its dimension D and rank bound come from ``MetricDual``.
///
/// When `D < C·N` (tiny networks) the operator has at most D nonzero eigenvalues, so the D largest dual
/// eigenvalues are used for the statistics and the others are checked to be zero by the rank test.
/// Source: shared/science/karakida.md §3–§6 and conventions 1, 4 and 6.
///
/// Complexity: the dual assembly (``DualGram``), O((C·N)²) for the transforms, (4/3)(C·N)³ for the
/// eigenvalues (dsyevd) and, with overlaps, a second tridiagonal reduction for the top eigenvectors
/// (dsyevr); memory 2·(C·N)² plus the backward buffers (C·N·max M_l) and the network (P).
///
/// Implementation Notes: never forms a Jacobian, a P × P matrix or an M_l × M_l metric.
public struct MetricSpectrum: Sendable, Codable {
  /// What was measured.
  public let request: MetricRequest
  /// All eigenvalues of the dual, ascending (C·N of them; N for a per-output metric).
  public let eigenvalues: [Double]
  /// The number of parameters P of the network.
  public let parameterCount: Int
  /// The dimension D of the operator over which m and s are averaged.
  public let dimension: Int
  /// m, s, λ_max over D eigenvalues (zeros counted).
  public let statistics: SpectralStatistics
  /// The number of outliers the theory predicts (C, or 1 for a per-output metric).
  public let topCount: Int
  /// The mean of the `topCount` largest eigenvalues (convention 4).
  public let topMean: Double
  /// Overlap of the top eigenvectors with the mean gradients (absent when mean-subtracted, where the mean
  /// gradients vanish, or when not requested).
  public let overlap: MeanGradientOverlap?
  /// Symmetry, λ_min, rank and trace checks of the dual.
  public let health: SpectralHealth
  /// `trace(dual)`: equals `D·m` (for the Fisher, `trace K / N = P·m`).
  public let trace: Double
  /// Why every eigenvalue is zero (e.g. "rank 0 (softmax saturated: …)"), or `nil` for a spectrum of
  /// positive rank (`degeneracy(health:eigenvalues:weighting:)`). The overlaps are then undefined and
  /// absent.
  public let degeneracy: String?

  /// Measures `request` on `network` with the rows of `inputs` as samples.
  ///
  /// - Parameters:
  ///   - network: the network.
  ///   - inputs: `N × M_0`.
  ///   - request: what to measure.
  ///   - overlaps: also compute the mean-gradient overlaps (one extra partial eigen-solve).
  /// - Throws: `ConfigurationError` for a layer or output index out of range or an unsupported
  ///   combination (softmax NTK, per-output softmax metric, block with feature metric), for a layer whose
  ///   activations overflow, or a statistic that is not finite (`checkFinite(_:)`);
  ///   `LinearAlgebraError` when the eigen-solver fails or the dual is not finite.
  public init(network: Network, inputs: Matrix, request: MetricRequest, overlaps: Bool = true) throws {
    let arch = network.architecture
    try request.validate(for: arch)
    let forward = try ForwardPass(network: network, inputs: inputs)
    let dual = try MetricDual(request: request, forward: forward, contractingMeanGradients: overlaps)
    let blocks = dual.blocks

    let spectrum = try dual.eigenvalues()
    let used = dual.operatorEigenvalues(spectrum)
    let statistics = try SpectralStatistics(eigenvalues: used, dimension: dual.dimension)
    let top = min(blocks, used.count)

    var overlap: MeanGradientOverlap? = nil
    if dual.contractions != nil {
      let eig = try dual.top(top, vectors: true)
      overlap = dual.meanGradientOverlap(vectors: eig.eigenvectors!, values: eig.eigenvalues)
    }
    self.request = request
    eigenvalues = spectrum
    parameterCount = arch.parameterCount
    dimension = dual.dimension
    self.statistics = statistics
    topCount = top
    topMean = SpectralStatistics.topMean(top, of: used)
    let health = try dual.health(eigenvalues: spectrum)
    let degeneracy = Self.degeneracy(health: health, eigenvalues: spectrum, weighting: dual.weighting)
    self.overlap = degeneracy == nil ? overlap : nil
    self.health = health
    self.degeneracy = degeneracy
    trace = dual.trace
    try checkFinite(arch)
  }

  /// The mean eigenvalue m over D (zeros counted).
  public var mean: Double { statistics.mean }
  /// The second moment s over D.
  public var secondMoment: Double { statistics.secondMoment }
  /// The largest eigenvalue λ_max.
  public var largest: Double { statistics.largest }
}
