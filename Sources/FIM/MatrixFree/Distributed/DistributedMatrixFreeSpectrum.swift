// Top-k and exact m, s of a metric with the samples split across ranks: the data-parallel engine.
import Spectra

/// The matrix-free spectrum of ``MatrixFreeSpectrum`` (top-k by block Lanczos, exact m and s) computed by
/// R ranks, each holding a slice of the N samples (``SampleSlicedMetricOperator``):
///
/// ```
/// top-k:    DistributedBlockLanczos on dual·V (vectors split by sample);  λ_max = θ₁
/// moments:  m = trace(dual)/D,  s = ‖dual‖_F²/D  (exact, SampleSlicedMetricOperator.exactMoments)
/// ```
/// ```
/// density:  DistributedStochasticLanczosQuadrature after deflating the top-k (sphere probes by global row)
/// ```
/// Every rank calls the initializer with the same arguments except its forward pass; every rank gets the
/// same result. Not computed here (unlike ``MatrixFreeSpectrum``): the Hutch++ estimates and the
/// mean-gradient overlaps. Source: shared/science/karakida.md §3–§6, conventions 1, 4.
public struct DistributedMatrixFreeSpectrum: Sendable, Codable {
  /// What was measured.
  public let request: MetricRequest
  /// The number of parameters P.
  public let parameterCount: Int
  /// The operator dimension D.
  public let dimension: Int
  /// The dual's size C′·N.
  public let size: Int
  /// The number of outliers the theory predicts (C′).
  public let topCount: Int
  /// The top eigenvalues (when asked).
  public let top: MatrixFreeSpectrum.TopEigenvalues?
  /// Mean of the `topCount` largest eigenvalues, when top-k found that many.
  public let topMean: Double?
  /// Exact trace, ‖dual‖_F², m and s (when asked).
  public let moments: ExactMoments?
  /// The exact trace from per-sample gradient norms (``SampleSlicedMetricOperator/exactTrace()``), when
  /// asked: m = trace/D at the cost of one reverse sweep, where ``moments`` needs C′N columns.
  public let trace: Double?
  /// The SLQ density of the dual after deflating the top-k (when asked; needs top-k).
  public let density: MatrixFreeSpectrum.Density?
  /// The mean-gradient overlap of the top C′ eigenvectors (when asked, with top-k, for uncentred
  /// requests: ``MeanGradientOverlap``).
  public let overlap: MeanGradientOverlap?
  /// Hutch++ estimates of trace(dual) and ‖dual‖_F² (when asked), with standard errors: m and s at the
  /// cost of a few dozen products where the exact moments need C′N.
  public let estimates: Estimates?
  /// Ranks R.
  public let ranks: Int
  /// Doubles each rank contributes to the reductions of one product of one column.
  public let reducedDoublesPerColumn: Int

  /// The Hutch++ estimates (`DistributedTraceEstimation` of Spectra).
  public struct Estimates: Sendable, Equatable, Codable {
    /// trace(dual).
    public let traceEstimate: MatrixFreeSpectrum.Estimate
    /// ‖dual‖_F² = trace(dual²).
    public let frobeniusSquaredEstimate: MatrixFreeSpectrum.Estimate
    /// m = trace/D, estimated.
    public let mean: Double
    /// s = ‖dual‖_F²/D, estimated.
    public let secondMoment: Double
  }

  /// Runs top-k (`topK`: count, tolerance, block size, seed), the exact moments, the exact trace alone,
  /// the Hutch++ estimates of m and s (`hutchPlusPlus`: products per estimate, seed) and/or the SLQ
  /// density (`density`: steps, probes, seed; deflating the top-k) on the slice.
  ///
  /// - Throws: `ConfigurationError` for a request or slice that does not fit; `LinearAlgebraError` for
  ///   invalid solver parameters.
  public init<C: ReductionCommunicator>(
    operator op: SampleSlicedMetricOperator<C>,
    topK: (count: Int, tolerance: Double, blockSize: Int, seed: UInt64)?,
    moments: Bool, trace: Bool = false, overlaps: Bool = false,
    hutchPlusPlus: (budget: Int, seed: UInt64)? = nil,
    density: (steps: Int, probes: Int, seed: UInt64)? = nil
  ) throws {
    var pairs: TopEigenpairs? = nil
    if let topK {
      pairs = try DistributedBlockLanczos(
        blockSize: topK.blockSize, tolerance: topK.tolerance, seed: topK.seed
      )
      .largest(topK.count, of: op, vectors: density != nil || overlaps)
    }
    var estimate: MatrixFreeSpectrum.Density? = nil
    if let density {
      let outliers = pairs.flatMap { $0.eigenvalues.count < op.dimension ? $0 : nil }
      let slq = DistributedStochasticLanczosQuadrature(
        steps: min(density.steps, max(op.dimension - (outliers?.eigenvalues.count ?? 0), 1)),
        probes: density.probes, distribution: .sphere, seed: density.seed)
      estimate = try MatrixFreeSpectrum.density(
        slq.estimate(op, deflating: outliers), largest: outliers?.eigenvalues.first)
    }
    self.density = estimate
    let shape = op.shape
    request = op.request
    parameterCount = op.forward.network.architecture.parameterCount
    dimension = shape.dimension
    size = shape.size
    topCount = shape.blocks
    top = pairs.map(MatrixFreeSpectrum.TopEigenvalues.init)
    topMean = pairs.flatMap {
      $0.eigenvalues.count >= shape.blocks
        ? SpectralStatistics.topMean(shape.blocks, of: $0.eigenvalues) : nil
    }
    overlap =
      overlaps && !op.request.meanSubtracted
      ? pairs.map { Self.overlap(op, pairs: $0, topCount: shape.blocks) } : nil
    self.moments = moments ? try op.exactMoments() : nil
    self.trace = trace ? op.exactTrace() : nil
    estimates = try hutchPlusPlus.map { h in
      let t = try DistributedTraceEstimation.hutchPlusPlus(op, matrixVectorBudget: h.budget, seed: h.seed)
      let f = try DistributedTraceEstimation.hutchPlusPlus(
        op, target: .traceOfSquare, matrixVectorBudget: h.budget, seed: h.seed &+ 1)
      let d = Double(shape.dimension)
      return Estimates(
        traceEstimate: .init(t), frobeniusSquaredEstimate: .init(f), mean: t.value / d,
        secondMoment: f.value / d)
    }
    ranks = op.communicator.size
    reducedDoublesPerColumn = op.reducedDoubles(columns: 1)
  }

  /// ``MeanGradientOverlap`` from the local rows of the top eigenvectors: `K′·w_k` by one distributed Gram
  /// product of C′ columns, `ℬᵀ` locally, and the contractions `u_iᵀℬᵀK′w_k`, `u_iᵀw_k`, `w_kᵀK′w_k` as
  /// local sums reduced in one allreduce.
  static func overlap<C: ReductionCommunicator>(
    _ op: SampleSlicedMetricOperator<C>, pairs: TopEigenpairs, topCount: Int
  ) -> MeanGradientOverlap {
    let shape = op.shape
    let nr = op.samples.count
    let blocks = shape.blocks
    let w = Matrix(rows: blocks * nr, columns: blocks) { i, k in i / nr == k ? 1 : 0 }
    let kw = op.gramProduct(w)
    var weighted = kw
    if let softmax = op.softmax { OutputWeighting.applyFactor(softmax, to: &weighted, transposed: true) }
    let u = pairs.eigenvectors!
    let t = min(topCount, pairs.eigenvalues.count)
    // [projections (C′ × t), dual projections (C′ × t), norms (C′)], summed over ranks in one buffer.
    var sums = [Double](repeating: 0, count: 2 * blocks * t + blocks)
    for k in 0..<blocks {
      for i in 0..<t {
        var p = 0.0
        for r in 0..<u.rows { p += u[r, i] * weighted[r, k] }
        sums[k * t + i] = p
        var d = 0.0
        for r in (k * nr)..<((k + 1) * nr) { d += u[r, i] }
        sums[blocks * t + k * t + i] = d
      }
      var norm = 0.0
      for r in (k * nr)..<((k + 1) * nr) { norm += kw[r, k] }
      sums[2 * blocks * t + k] = norm
    }
    let total = op.communicator.sumAll(sums)
    let projections = (0..<blocks).map { k in Array(total[(k * t)..<((k + 1) * t)]) }
    let dual = (0..<blocks).map { k in Array(total[(blocks * t + k * t)..<(blocks * t + (k + 1) * t)]) }
    return MeanGradientOverlap(
      projections: projections, dualProjections: op.request.output == .linear ? dual : nil,
      eigenvalues: Array(pairs.eigenvalues.prefix(t)), norms: Array(total[(2 * blocks * t)...]),
      scale: shape.scale, samples: shape.samples)
  }
}
