// The dual of a metric split by samples across ranks: Jᵀ·Z summed with one reduction per product, J·U local.
import Spectra

/// The C′·N × C′·N dual of ``MetricOperator`` with the N samples split across the R ranks of a
/// `ReductionCommunicator`: rank r holds the forward pass of its samples `n₀..<n₁` only and the rows
/// `{k·N + n : n₀ ≤ n < n₁}` of every dual vector, stored as C′ blocks of `n₁ − n₀` rows.
///
/// ```
/// dual·V = Rᵀ·J·(Jᵀ·(R·V)) / c                       (as MetricOperator)
/// Jᵀ·Z = Σ_r Jᵀ_r·Z_r  →  A_l = Σ_n h^{l−1}(n)δ^l(n)ᵀ, β_l = Σ_n δ^l(n)   (pass 1 local, then one sumAll)
/// J·U  = J_r·U on each rank                          (pass 2 local, with the summed A_l, β_l)
/// 𝒫:   x − 1·(Σ_r 1ᵀx_r)/N per output block and column (a sumAll of C′·b numbers)
/// ℬ:   sample by sample (local; softmax of the logits centred by their global mean when mean-subtracted)
/// ```
/// The parameter route only (`H·(Hᵀ·Δ)`): the activation-Gram route couples all samples. Per product of
/// b columns a rank sends and receives one buffer of `b·Σ_{l in scope}(M_{l−1} + 1)·M_l` doubles (the
/// parameter-sized `Jᵀ·Z`; features: `b·M_l`), plus `2·C′·b` for centring. Summing over ranks changes
/// only the rounding of the sums; the reduction order is `ReductionCommunicator.reductionOrder`, and
/// within a rank the chunks of samples are summed in ascending order.
/// Source: shared/science/karakida.md §3–§6; the two passes are `JacobianProducts`'s streamed product.
public struct SampleSlicedMetricOperator<Communicator: ReductionCommunicator>: DistributedSymmetricOperator,
  Sendable
{
  /// What the operator is the dual of.
  public let request: MetricRequest
  /// This rank's forward pass (its samples only, activations kept).
  public let forward: ForwardPass
  /// This rank's samples `n₀..<n₁` among the N.
  public let samples: Range<Int>
  /// Sizes, normalisation, operator dimension D and rank bound, for all N samples.
  public let shape: DualShape
  /// The group.
  public let communicator: Communicator
  let softmax: SoftmaxCovariance?
  let local: OutputWeighting
  let jacobian: JacobianProducts
  let chunkSamples: Int?

  /// The slice of the dual on this rank.
  ///
  /// - Parameters:
  ///   - request: what to apply; checked with ``MetricRequest/validate(for:)``.
  ///   - forward: the forward pass of this rank's samples (`keepActivations: true`; Grams unused).
  ///   - samples: which of the `totalSamples` samples `forward` holds (the ranks' slices partition them).
  ///   - totalSamples: N.
  ///   - communicator: the ranks.
  ///   - samplesPerChunk: samples per chunk of the local sweeps (nil: `JacobianProducts`'s automatic).
  /// - Throws: `ConfigurationError` when the request does not fit, the forward pass kept no activations,
  ///   or the slice does not match the forward pass.
  public init(
    request: MetricRequest, forward: ForwardPass, samples: Range<Int>, totalSamples: Int,
    communicator: Communicator, samplesPerChunk: Int? = nil
  ) throws(ConfigurationError) {
    let arch = forward.network.architecture
    try request.validate(for: arch)
    guard samples.count == forward.sampleCount, samples.lowerBound >= 0, samples.upperBound <= totalSamples
    else {
      throw ConfigurationError(
        field: "samples",
        "rank \(communicator.rank) holds \(forward.sampleCount) samples but its slice is \(samples) of \(totalSamples)"
      )
    }
    guard !samples.isEmpty else {
      throw ConfigurationError(
        field: "samples", "rank \(communicator.rank) has no samples: use at most N = \(totalSamples) ranks")
    }
    if request.kind != .featureMetric, forward.activations.isEmpty {
      throw ConfigurationError(
        field: "forward", "a sample-sliced parameter metric needs the forward pass's activations")
    }
    self.request = request
    self.forward = forward
    self.samples = samples
    self.communicator = communicator
    chunkSamples = samplesPerChunk
    shape = DualShape(request: request, architecture: arch, samples: totalSamples)
    var softmax: SoftmaxCovariance? = nil
    if request.output == .softmax {
      var logits = forward.logits
      if request.meanSubtracted { Self.centre(&logits, blocks: 1, total: totalSamples, communicator) }
      softmax = SoftmaxCovariance(logits: logits)
    }
    self.softmax = softmax
    local = OutputWeighting(
      samples: samples.count, outputs: arch.outputs, outputIndex: request.outputIndex, centred: false,
      softmax: softmax)
    let scope: JacobianScope =
      request.kind == .featureMetric
      ? .features(layer: request.layer ?? 0) : .parameters(block: request.layer)
    jacobian = JacobianProducts(forward: forward.droppingGrams, scope: scope)
  }

  /// C′·N.
  public var dimension: Int { shape.size }

  /// The global dual row `k·N + n` of each local row (k-major, as the local blocks are stored).
  public var globalRows: [Int] {
    (0..<shape.blocks).flatMap { k in samples.map { k * shape.samples + $0 } }
  }

  /// Doubles this rank contributes to the reductions of one product of `b` columns (`Jᵀ·Z`, and the
  /// two centrings when mean-subtracted).
  public func reducedDoubles(columns b: Int) -> Int {
    let widths = forward.network.architecture.widths
    let primal: Int
    switch jacobian.scope {
    case .features(let l): primal = b * widths[l]
    case .parameters(let block):
      primal = (block.map { [$0] } ?? Array(1..<widths.count)).reduce(0) {
        $0 + b * (widths[$1 - 1] + (block == nil ? 1 : 0)) * widths[$1]
      }
    }
    return primal + (request.meanSubtracted ? 2 * shape.blocks * b : 0)
  }

  /// This rank's rows of `dual·V` for its rows of `V` (C′·n_r × b); collective.
  ///
  /// - Throws: `.dimensionMismatch` when the block does not have C′·n_r rows.
  public func apply(_ block: Matrix) throws(LinearAlgebraError) -> Matrix {
    guard block.rows == shape.blocks * samples.count else {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "this rank holds \(shape.blocks * samples.count) rows, the block has \(block.rows)")
    }
    var z = block
    if let softmax { OutputWeighting.applyFactor(softmax, to: &z, transposed: false) }
    if request.meanSubtracted { Self.centre(&z, blocks: shape.blocks, total: shape.samples, communicator) }
    var y = gramProduct(z)
    if request.meanSubtracted { Self.centre(&y, blocks: shape.blocks, total: shape.samples, communicator) }
    if let softmax { OutputWeighting.applyFactor(softmax, to: &y, transposed: true) }
    return shape.scale == 1 ? y : y.scaled(by: 1 / shape.scale)
  }

  /// This rank's rows of the unweighted Gram product `K′·X = Eᵀ·J·Jᵀ·E·X` (no centring, softmax factor or
  /// normalisation): the mean-gradient contractions `K′·w_k`; collective.
  public func gramProduct(_ block: Matrix) -> Matrix {
    let cotangents = local.embed(block)
    let chunks = jacobian.sampleChunks(
      chunkSamples ?? JacobianProducts.automaticChunk(columns: block.columns))
    let partial = jacobian.primalSums(cotangents, chunks: chunks)
    var buffer = partial.flattened
    communicator.sumAllInPlace(&buffer)
    return local.select(
      jacobian.applyingPrimal(partial.refilled(from: buffer), chunks: chunks, rows: cotangents.rows))
  }

  /// `A ← 𝒫·A` for local rows: each column's output block (n_r rows here, N in all) loses its mean over
  /// all N samples, the block sums reduced over ranks.
  static func centre(_ a: inout Matrix, blocks: Int, total: Int, _ comm: Communicator) {
    let n = a.rows / blocks
    var sums = [Double](repeating: 0, count: blocks * a.columns)
    for s in sums.indices {
      for i in 0..<n { sums[s] += a.elements[s * n + i] }
    }
    let means = comm.sumAll(sums).map { $0 / Double(total) }
    a.modifyElements { e in
      for s in means.indices { for i in 0..<n { e[s * n + i] -= means[s] } }
    }
  }
}

extension ForwardPass {
  /// The same pass without its activation Grams (so every layer takes the parameter route).
  var droppingGrams: ForwardPass { activationGrams.isEmpty ? self : restricted(to: 0..<sampleCount) }
}
