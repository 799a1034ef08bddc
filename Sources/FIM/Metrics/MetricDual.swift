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
/// Two representations (``Assembly``): the dense Gram, or a ``MetricOperator`` that applies the same dual
/// to blocks of vectors (Lanczos, SLQ, exact moments: ``MatrixFreeSpectrum``); the dense-only calls
/// (``eigenvalues()``, ``top(_:vectors:)``, ``health(eigenvalues:)``) throw for the latter.
///
/// Complexity: dense, the Gram (``DualGram``) and O((C·N)²) for centring, weighting and normalisation,
/// memory (C·N)²; matrix-free, nothing beyond the forward pass until products are asked for (the
/// contractions cost one product of C′ columns).
public struct MetricDual: Sendable {
  /// How the dual is held: a dense Gram, or a matrix-free operator (products `V ↦ dual·V`) for Lanczos.
  public enum Representation: Sendable {
    /// The dense dual, both triangles stored.
    case gram(Matrix)
    /// The dual as products through the cached forward pass; nothing of size (C·N)² is stored.
    case matrixFree(MetricOperator)
  }

  /// Which representation ``init(request:forward:assembly:contractingMeanGradients:)`` builds.
  public enum Assembly: String, Sendable, Codable, CaseIterable {
    /// Form the dense Gram (``DualGram``).
    case gram
    /// Keep a ``MetricOperator``; the forward pass must have kept its activations or Grams.
    case matrixFree = "matrix-free"
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
  /// Sizes, normalisation, operator dimension and rank bound.
  public let shape: DualShape
  /// The softmax weighting ℬ, for softmax output.
  public let weighting: SoftmaxCovariance?
  /// The mean-gradient contractions, when requested (never for a centred request).
  public let contractions: MeanGradientContractions?

  /// The number of samples N.
  public var samples: Int { shape.samples }
  /// The number of output blocks C′ (C, or 1 for a per-output metric).
  public var blocks: Int { shape.blocks }
  /// The operator dimension D over which statistics are averaged.
  public var dimension: Int { shape.dimension }
  /// The normalisation c (N, or 1 for the NTK).
  public var scale: Double { shape.scale }
  /// The largest rank the operator can have.
  public var maximumRank: Int { shape.maximumRank }

  /// The dual of `request` for the network and inputs of `forward`.
  ///
  /// - Parameters:
  ///   - request: what to build; checked with ``MetricRequest/validate(for:)``.
  ///   - forward: the forward pass.
  ///   - assembly: a dense Gram (default) or a matrix-free operator.
  ///   - contractingMeanGradients: also compute ``contractions`` (ignored when mean-subtracted).
  /// - Throws: `ConfigurationError` when the request does not fit the architecture, C·N exceeds
  ///   ``SizeLimits/dimension``, or (matrix-free) the forward pass kept neither activations nor Grams.
  public init(
    request: MetricRequest, forward: ForwardPass, assembly: Assembly = .gram,
    contractingMeanGradients: Bool = false
  ) throws(ConfigurationError) {
    let arch = forward.network.architecture
    try request.validate(for: arch)
    _ = try SizeLimits.product(
      arch.outputs, forward.sampleCount, "the dual side C·N", field: "samples", limit: SizeLimits.dimension)
    let shape = DualShape(request: request, architecture: arch, samples: forward.sampleCount)
    let contracting = contractingMeanGradients && !request.meanSubtracted
    switch assembly {
    case .gram:
      self = Self.dense(request: request, forward: forward, shape: shape, contracting: contracting)
    case .matrixFree:
      let op = try MetricOperator(request: request, forward: forward)
      let kw = contracting ? op.gramProduct(Self.meanGradientDirections(shape)) : nil
      self.init(
        request: request, representation: .matrixFree(op), shape: shape, weighting: op.softmax,
        contractions: kw.map { Self.contractions($0, shape: shape, weighting: op.softmax) })
    }
  }

  init(
    request: MetricRequest, representation: Representation, shape: DualShape, weighting: SoftmaxCovariance?,
    contractions: MeanGradientContractions?
  ) {
    self.request = request
    self.representation = representation
    self.shape = shape
    self.weighting = weighting
    self.contractions = contractions
  }

  /// The dense dual: Gram → centring → contractions → softmax weighting → normalisation.
  private static func dense(
    request: MetricRequest, forward: ForwardPass, shape: DualShape, contracting: Bool
  ) -> MetricDual {
    let n = shape.samples
    // 1. The unnormalised Gram K (or K_h).
    var gram =
      request.kind == .featureMetric
      ? DualGram.featureGram(forward, layer: request.layer ?? 0)
      : DualGram.parameterGram(forward, block: request.layer)
    if let k = request.outputIndex {
      let full = gram
      gram = Matrix(rows: n, columns: n) { i, j in full[k * n + i, k * n + j] }
    }
    // 2. Centring over samples.
    if request.meanSubtracted { SampleCentring.center(&gram, samples: n) }
    // 3. Contractions with w_k, before the output weighting.
    let kw = contracting ? try? gram.multiplied(by: meanGradientDirections(shape)) : nil
    // 4. Softmax weighting ℬᵀ K ℬ.
    var weighting: SoftmaxCovariance? = nil
    if request.output == .softmax {
      let logits = request.meanSubtracted ? SampleCentring.centerColumns(forward.logits) : forward.logits
      weighting = SoftmaxCovariance(logits: logits)
      weighting!.transform(&gram)
    }
    // 5. Normalisation.
    if shape.scale != 1 { normalise(&gram, by: shape.scale) }
    return MetricDual(
      request: request, representation: .gram(gram), shape: shape, weighting: weighting,
      contractions: kw.map { contractions($0, shape: shape, weighting: weighting) })
  }

  /// `W = [w_1 … w_C′]`, `w_k = e_k ⊗ 1_N` (C′·N × C′).
  static func meanGradientDirections(_ shape: DualShape) -> Matrix {
    Matrix(rows: shape.size, columns: shape.blocks) { i, k in i / shape.samples == k ? 1 : 0 }
  }

  /// The contractions from `K W` (C′·N × C′).
  static func contractions(_ kw: Matrix, shape: DualShape, weighting: SoftmaxCovariance?)
    -> MeanGradientContractions
  {
    let n = shape.samples
    let columns = (0..<shape.blocks).map { kw.column($0) }
    return MeanGradientContractions(
      weighted: columns.map { weighting?.transposedFactorTimes($0) ?? $0 },
      norms: columns.enumerated().map { b, y in y[(b * n)..<((b + 1) * n)].reduce(0, +) })
  }

  /// `ℬᵀ (K/N) ℬ`: the softmax-output dual of this linear-output, uncentred Fisher dual for the current
  /// `logits`, reusing its Gram or operator (science §4). Equal to `MetricDual(request: .fisher(output:
  /// .softmax), …)` up to rounding: here the weighting follows the normalisation.
  ///
  /// - Precondition: the request is the linear-output, uncentred Fisher (or a block of it).
  public func weightedBySoftmax(logits: Matrix) -> MetricDual {
    precondition(request.kind == .fisher && request.output == .linear && !request.meanSubtracted)
    let softmax = SoftmaxCovariance(logits: logits)
    let weighted = MetricRequest(kind: .fisher, output: .softmax, layer: request.layer)
    let shape = shape.softmaxWeighted
    switch representation {
    case .gram(var gram):
      softmax.transform(&gram)
      return MetricDual(
        request: weighted, representation: .gram(gram), shape: shape, weighting: softmax, contractions: nil)
    case .matrixFree(let op):
      let weightedOp = MetricOperator(
        request: weighted, forward: op.forward, softmax: softmax, stored: op.stored)
      return MetricDual(
        request: weighted, representation: .matrixFree(weightedOp), shape: shape, weighting: softmax,
        contractions: nil)
    }
  }

  /// `a ← a / c`, element by element.
  private static func normalise(_ a: inout Matrix, by c: Double) {
    let inv = 1 / c
    a.modifyElements { e in for i in e.indices { e[i] *= inv } }
  }
}
