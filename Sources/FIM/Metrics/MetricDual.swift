// The dual of a metric: Gram → centring → output weighting → normalisation, with the operator's dimension,
// rank bound and zero tolerance, and whether the mean-field theory applies.
import Spectra

/// The `C·N × C·N` dual of the metric a ``MetricRequest`` names (`N × N` for a per-output metric), built once
/// for every consumer (``MetricSpectrum``, ``SpectralSnapshot``, the training rates and the CLI's densities).
///
/// ```
/// dual = ℬᵀ K̃ ℬ / c          K̃ = 𝒫K𝒫 when mean-subtracted (``SampleCentring``), else K
/// K    = J Jᵀ (Fisher, NTK; ``DualGram/parameterGram(_:block:)``) or J_h J_hᵀ (A^l; ``DualGram/featureGram(_:layer:)``)
/// ℬ    = I (linear output) or the softmax factor of the (centred) logits (``SoftmaxCovariance``)
/// c    = N (Fisher, feature metric) or 1 (NTK)
/// D    = P (Fisher), M_l·M_{l−1} (block l), C·N (NTK), M_l (feature metric): the operator dimension
/// rank ≤ min(C′N, D), ≤ (C′−1)N with softmax, ≤ C′(N−1) when centred       (C′ = C, or 1 per output)
/// ```
///
/// The operator has the dual's nonzero eigenvalues and `D − C′N` further exact zeros when `D > C′N`; when
/// `D < C′N` only the D largest dual eigenvalues belong to it (``operatorEigenvalues(_:)``). Eigenvalues at
/// or below ``zeroThreshold(largest:)`` are numerical zeros. Source: shared/science/karakida.md §3–§6 and
/// conventions 1, 4 and 6.
///
/// Complexity: the Gram (``DualGram``), O((C·N)²) for centring, weighting and normalisation; memory (C·N)².
public struct MetricDual: Sendable {
  /// How the dual is held. Today a dense Gram; a matrix-free operator (products `v ↦ dual·v` for Lanczos)
  /// is a second case, and the compiler then names every computation that must handle it.
  public enum Representation: Sendable {
    /// The dense dual, both triangles stored.
    case gram(Matrix)
  }

  /// `K w_k` weighted by `ℬᵀ` and `w_kᵀ K w_k` for the mean-gradient directions `w_k = e_k ⊗ 1_N`, taken
  /// before the output weighting (``MeanGradientOverlap``).
  public struct MeanGradientContractions: Sendable {
    /// `ℬᵀ K w_k`, one vector of length C′·N per output k.
    public let weighted: [[Double]]
    /// `w_kᵀ K w_k`.
    public let norms: [Double]
  }

  /// The relative tolerance below which a dual eigenvalue counts as a numerical zero (times λ_max).
  public static let relativeZeroTolerance = 1e-10

  /// What was requested.
  public let request: MetricRequest
  /// The dual itself.
  public let representation: Representation
  /// The number of samples N.
  public let samples: Int
  /// The number of output blocks C′ (C, or 1 for a per-output metric).
  public let blocks: Int
  /// The operator dimension D over which statistics are averaged.
  public let dimension: Int
  /// The normalisation c (N, or 1 for the NTK).
  public let scale: Double
  /// The largest rank the operator can have.
  public let maximumRank: Int
  /// The softmax weighting ℬ, for softmax output.
  public let weighting: SoftmaxCovariance?
  /// The mean-gradient contractions, when requested (never for a centred request).
  public let contractions: MeanGradientContractions?

  /// The dual of `request` for the network and inputs of `forward`.
  ///
  /// - Parameters:
  ///   - request: what to build; checked with ``MetricRequest/validate(for:)``.
  ///   - forward: the forward pass.
  ///   - contractingMeanGradients: also compute ``contractions`` (ignored when mean-subtracted).
  /// - Throws: `ConfigurationError` when the request does not fit the architecture, or C·N exceeds
  ///   ``SizeLimits/dimension``.
  public init(request: MetricRequest, forward: ForwardPass, contractingMeanGradients: Bool = false)
    throws(ConfigurationError)
  {
    let arch = forward.network.architecture
    try request.validate(for: arch)
    let n = forward.sampleCount
    let c = arch.outputs
    _ = try SizeLimits.product(
      c, n, "the dual side C·N", field: "samples", limit: SizeLimits.dimension)

    // 1. The unnormalised Gram K (or K_h) and the operator dimension.
    var gram: Matrix
    switch request.kind {
    case .fisher, .ntk:
      gram = DualGram.parameterGram(forward, block: request.layer)
      if request.kind == .ntk {
        dimension = c * n
      } else {
        dimension = request.layer.map { arch.widths[$0] * arch.widths[$0 - 1] } ?? arch.parameterCount
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

    // 3. Contractions with w_k, before the output weighting.
    var kw: [[Double]] = []
    var norms: [Double] = []
    let contracting = contractingMeanGradients && !request.meanSubtracted
    if contracting {
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
    var weighting: SoftmaxCovariance? = nil
    if request.output == .softmax {
      let logits = request.meanSubtracted ? SampleCentring.centerColumns(forward.logits) : forward.logits
      let softmax = SoftmaxCovariance(logits: logits)
      softmax.transform(&gram)
      kw = kw.map { softmax.transposedFactorTimes($0) }
      weighting = softmax
    }

    // 5. Normalisation.
    scale = request.kind == .ntk ? 1 : Double(n)
    if scale != 1 { Self.normalise(&gram, by: scale) }

    var rank = min(size, dimension)
    if request.output == .softmax { rank = min(rank, (blocks - 1) * n) }
    if request.meanSubtracted { rank = min(rank, blocks * (n - 1)) }
    self.request = request
    representation = .gram(gram)
    samples = n
    self.blocks = blocks
    maximumRank = rank
    self.weighting = weighting
    contractions = contracting ? MeanGradientContractions(weighted: kw, norms: norms) : nil
  }

  private init(_ dual: MetricDual, request: MetricRequest, gram: Matrix, weighting: SoftmaxCovariance) {
    self.request = request
    representation = .gram(gram)
    samples = dual.samples
    blocks = dual.blocks
    dimension = dual.dimension
    scale = dual.scale
    maximumRank = min(dual.maximumRank, (dual.blocks - 1) * dual.samples)
    self.weighting = weighting
    contractions = nil
  }

  /// `ℬᵀ (K/N) ℬ`: the softmax-output dual of this linear-output, uncentred Fisher dual for the current
  /// `logits`, reusing its Gram (science §4). Equal to `MetricDual(request: .fisher(output: .softmax), …)` up
  /// to rounding: here the weighting follows the normalisation.
  ///
  /// - Precondition: the request is the linear-output, uncentred Fisher (or a block of it).
  public func weightedBySoftmax(logits: Matrix) -> MetricDual {
    precondition(request.kind == .fisher && request.output == .linear && !request.meanSubtracted)
    let softmax = SoftmaxCovariance(logits: logits)
    switch representation {
    case .gram(var gram):
      softmax.transform(&gram)
      let weighted = MetricRequest(kind: .fisher, output: .softmax, layer: request.layer)
      return MetricDual(self, request: weighted, gram: gram, weighting: softmax)
    }
  }

  /// `a ← a / c`, element by element.
  private static func normalise(_ a: inout Matrix, by c: Double) {
    let inv = 1 / c
    a.modifyElements { e in for i in e.indices { e[i] *= inv } }
  }
}
