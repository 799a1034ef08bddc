// Hutch++ over a row-distributed operator: tr(A) and tr(A²) with a standard error, probes by global row.

/// Hutch++ (Meyer, Musco, Musco & Woodruff, SOSA 2021, Algorithm 1) for an operator whose vectors are
/// split by rows across ranks (the distributed counterpart of ``TraceEstimation/hutchPlusPlus(_:target:matrixVectorBudget:seed:)``):
///
/// ```
/// S, G Rademacher (the sign of RowIndexedGaussians: the same vectors for any R)
/// Q = orth(B·S)                            (DistributedOrthonormalization: CholeskyQR2, one sumAll per Gram)
/// tr(B) ≈ tr(Qᵀ B Q) + (3/N) Σᵢ gᵢᵀ (I − QQᵀ) B (I − QQᵀ) gᵢ       B = A or A²
/// ```
/// The exact part and the quadratic forms are local dot products reduced in one sumAll each; the standard
/// error is that of the Hutchinson part. The probes do not depend on R, so R ranks agree to rounding; they
/// are not the single-process tool's probes, so the two agree within their standard errors.
/// Communication: the operator's, plus O(N²) doubles for the orthonormalisation.
public enum DistributedTraceEstimation {
  /// Hutch++ with a budget of N products: ⌊N/3⌋ sketch columns, as many for `A·Q`, the rest Hutchinson
  /// vectors (tr A²: the sketch costs two products per column).
  ///
  /// - Throws: `.invalidInput` when `N < 6` or `⌊N/3⌋ ≥ n`; errors of the operator.
  public static func hutchPlusPlus<Operator: DistributedSymmetricOperator>(
    _ op: Operator, target: TraceTarget = .trace, matrixVectorBudget budget: Int, seed: UInt64 = 0
  ) throws(LinearAlgebraError) -> TraceEstimate {
    let (sketch, samples) = try TraceEstimation.hutchPlusPlusSplit(budget, dimension: op.dimension)
    let comm = op.communicator
    let rows = op.globalRows
    let s = rademacher(rows: rows, columns: sketch, seed: seed, tag: 0)
    let g = rademacher(rows: rows, columns: samples, seed: seed, tag: 1)
    var image = try op.apply(s)
    if target == .traceOfSquare { image = try op.apply(image) }
    var draws: UInt64 = 0
    let q = try DistributedOrthonormalization.orthonormalize(
      image, against: Matrix(rows: rows.count, columns: 0), rows: rows, seed: seed ^ 0x4855_5443_482B_2B00,
      draws: &draws, comm)
    let aq = try op.apply(q)
    let exactPart = comm.sumAll(localDot(target == .trace ? q : aq, aq))
    let projected = DistributedBlocks.projectedOut(g, q, comm)
    let image2 = try op.apply(projected)
    let forms = comm.sumAll(
      (0..<samples).map { j in
        columnDot(target == .trace ? projected : image2, image2, j)
      })
    let (mean, error) = ProbeSpread.meanAndStandardError(forms)
    let products = sketch * (target == .trace ? 1 : 2) + q.columns + samples
    return TraceEstimate(value: exactPart + mean, standardError: error, matrixVectorProducts: products)
  }

  /// ±1 entries: the signs of the Gaussians of (seed, tag, column, global row).
  static func rademacher(rows: [Int], columns: Int, seed: UInt64, tag: UInt64) -> Matrix {
    var m = RowIndexedGaussians.block(rows: rows, columns: columns, seed: seed, tag: tag)
    m.modifyElements { e in for i in e.indices { e[i] = e[i] < 0 ? -1 : 1 } }
    return m
  }

  /// Σ_ij a_ij b_ij over this rank's rows.
  static func localDot(_ a: Matrix, _ b: Matrix) -> Double {
    var s = 0.0
    for i in a.elements.indices { s += a.elements[i] * b.elements[i] }
    return s
  }

  /// Column j of a · column j of b over this rank's rows.
  static func columnDot(_ a: Matrix, _ b: Matrix, _ j: Int) -> Double {
    var s = 0.0
    for i in 0..<a.rows { s += a.elements[i + j * a.rows] * b.elements[i + j * a.rows] }
    return s
  }
}
