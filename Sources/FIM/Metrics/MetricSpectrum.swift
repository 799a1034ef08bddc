// The engine: dual Gram → output weighting → centring → normalisation → spectrum, statistics and health.
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

  /// Measures `request` on `network` with the rows of `inputs` as samples.
  ///
  /// - Parameters:
  ///   - network: the network.
  ///   - inputs: `N × M_0`.
  ///   - request: what to measure.
  ///   - overlaps: also compute the mean-gradient overlaps (one extra partial eigen-solve).
  /// - Throws: ``ConfigurationError`` for a layer or output index out of range or an unsupported
  ///   combination (softmax NTK, per-output softmax metric, block with feature metric);
  ///   ``LinearAlgebraError`` when the eigen-solver fails or the dual is not finite.
  public init(network: Network, inputs: Matrix, request: MetricRequest, overlaps: Bool = true) throws {
    let arch = network.architecture
    try Self.validate(request, architecture: arch)
    let forward = try ForwardPass(network: network, inputs: inputs)
    let n = forward.sampleCount
    let c = arch.outputs

    // 1. The unnormalised dual Gram K (or K_h) over the selected outputs.
    var gram: Matrix
    let dimension: Int
    switch request.kind {
    case .fisher, .ntk:
      gram = DualGram.parameterGram(forward, block: request.layer)
      if let l = request.layer {
        dimension = request.kind == .ntk ? c * n : arch.widths[l] * arch.widths[l - 1]
      } else {
        dimension = request.kind == .ntk ? c * n : arch.parameterCount
      }
    case .featureMetric:
      let l = request.layer ?? 0
      gram = DualGram.featureGram(forward, layer: l)
      dimension = arch.widths[l]
    }
    var blocks = c
    if let k = request.outputIndex {
      gram = Matrix(rows: n, columns: n) { i, j in gram[k * n + i, k * n + j] }
      blocks = 1
    }
    let size = blocks * n

    // 2. Centring over samples.
    if request.meanSubtracted { SampleCentring.center(&gram, samples: n) }

    // 3. Contractions with the mean-gradient directions w_k = e_k ⊗ 1_N, before the output weighting.
    let wantOverlap = overlaps && !request.meanSubtracted
    var kw: [[Double]] = []
    var norms: [Double] = []
    if wantOverlap {
      for b in 0..<blocks {
        var y = [Double](repeating: 0, count: size)
        for j in (b * n)..<((b + 1) * n) {
          for r in 0..<size { y[r] += gram[r, j] }
        }
        kw.append(y)
        norms.append(y[(b * n)..<((b + 1) * n)].reduce(0, +))
      }
    }

    // 4. Softmax weighting ℬᵀ K ℬ.
    if request.output == .softmax {
      let logits = request.meanSubtracted ? SampleCentring.centerColumns(forward.logits) : forward.logits
      let softmax = SoftmaxCovariance(logits: logits)
      softmax.transform(&gram)
      kw = kw.map { softmax.transposedFactorTimes($0) }
    }

    // 5. Normalisation.
    let scale = request.kind == .ntk ? 1.0 : Double(n)
    if scale != 1 {
      let inv = 1 / scale
      gram.modifyElements { e in for i in e.indices { e[i] *= inv } }
    }

    // 6. Spectrum, statistics, overlaps and health.
    let spectrum = try SymmetricEigen(gram).eigenvalues
    let used = dimension >= size ? spectrum : Array(spectrum.suffix(dimension))
    let statistics = try SpectralStatistics(eigenvalues: used, dimension: dimension)
    let top = min(blocks, used.count)
    var maximumRank = min(size, dimension)
    if request.output == .softmax { maximumRank = min(maximumRank, (blocks - 1) * n) }
    if request.meanSubtracted { maximumRank = min(maximumRank, blocks * (n - 1)) }

    var overlap: MeanGradientOverlap? = nil
    if wantOverlap {
      let eig = try SymmetricEigen.top(top, of: gram, vectors: true)
      let u = eig.eigenvectors!
      let proj = kw.map { y in (0..<top).map { i in (0..<size).reduce(0) { $0 + u[$1, i] * y[$1] } } }
      let dualProj: [[Double]]? =
        request.output == .linear
        ? (0..<blocks).map { b in (0..<top).map { i in ((b * n)..<((b + 1) * n)).reduce(0) { $0 + u[$1, i] } }
        }
        : nil
      overlap = MeanGradientOverlap(
        projections: proj, dualProjections: dualProj, eigenvalues: eig.eigenvalues, norms: norms,
        scale: scale,
        samples: n)
    }
    self.request = request
    eigenvalues = spectrum
    parameterCount = arch.parameterCount
    self.dimension = dimension
    self.statistics = statistics
    topCount = top
    topMean = SpectralStatistics.topMean(top, of: used)
    self.overlap = overlap
    health = try SpectralHealth(matrix: gram, eigenvalues: spectrum, maximumRank: maximumRank)
    trace = gram.trace
  }

  private static func validate(_ r: MetricRequest, architecture arch: NetworkArchitecture)
    throws(ConfigurationError)
  {
    let depth = arch.depth
    switch r.kind {
    case .fisher, .ntk:
      if let l = r.layer, !(1...depth).contains(l) {
        throw ConfigurationError(field: "block", "block layer must be in 1…\(depth), got \(l)")
      }
      if r.outputIndex != nil {
        throw ConfigurationError(
          field: "output-index", "a per-output metric is defined for the input/feature metric only")
      }
      if r.kind == .ntk && r.output == .softmax {
        throw ConfigurationError(field: "output", "the NTK is defined on the linear outputs f; got softmax")
      }
    case .featureMetric:
      let l = r.layer ?? 0
      guard (0..<depth).contains(l) else {
        throw ConfigurationError(field: "layer", "feature layer must be in 0…\(depth - 1), got \(l)")
      }
      if let k = r.outputIndex {
        guard (0..<arch.outputs).contains(k) else {
          throw ConfigurationError(
            field: "output-index", "output index must be in 0…\(arch.outputs - 1), got \(k)")
        }
        if r.output == .softmax {
          throw ConfigurationError(
            field: "output-index", "a per-output metric A_k needs linear output; softmax couples the outputs")
        }
      }
    }
  }

  /// The mean eigenvalue m over D (zeros counted).
  public var mean: Double { statistics.mean }
  /// The second moment s over D.
  public var secondMoment: Double { statistics.secondMoment }
  /// The largest eigenvalue λ_max.
  public var largest: Double { statistics.largest }
}
