// Orthonormalising a row-distributed block against a distributed basis: two Gram–Schmidt passes, then
// Cholesky QR twice, with random replacement of directions the basis already holds.

/// Orthonormalisation of a block whose rows are split across ranks (the distributed counterpart of the
/// Householder step of ``BlockLanczos``, which needs the whole column):
///
/// ```
/// X ← X − V·(Vᵀ·X)   twice                              (Giraud, Langou & Rozložník 2005, Thm 2)
/// D = diag ‖X e_j‖,  G = D⁻¹XᵀXD⁻¹ = RᵀR               (Cholesky QR; G by one sumAll)
/// R_jj·‖X e_j‖ ≤ rankTolerance·‖x_j‖₀  or  R_jj ≤ pivotTolerance  ⇒  column j is replaced by a random one
/// Q = X·D⁻¹R⁻¹;  Q ← Q − V·(VᵀQ);  QᵀQ = R₂ᵀR₂;  Q ← Q·R₂⁻¹   (the second pass: "CholeskyQR2")
/// a pivot of R₂ ≤ ½  ⇒  the whole step again from Q (a third pass), columns with R₂ pivots ≤ 10⁻⁷ replaced
/// ```
/// CholeskyQR2 is orthogonal to working precision when κ(X D⁻¹) ≲ u^{−1/2} (Yamamoto, Nakatsukasa,
/// Yanagisawa & Fukaya, ETNA 44 (2015) 306); the pivot tolerance keeps κ below 10⁷ by replacing columns
/// that are nearly in the span of the others. Random columns come from ``RowIndexedGaussians`` with
/// consecutive tags, so they do not depend on the number of ranks.
///
/// Communication: per pass, reductions of `k·c`, `c`, `c²` doubles for `k` basis and `c` new columns.
enum DistributedOrthonormalization {
  /// `‖X e_j‖ / ‖x_j‖₀` below which column j counts as in the span of the basis.
  static let rankTolerance = 1e-10
  /// Cholesky pivot of the column-normalised Gram below which column j counts as dependent on the others.
  static let pivotTolerance = 1e-7

  /// Orthonormal distributed columns spanning `(I − V·Vᵀ)·X`, completed by random directions where that
  /// is (numerically) rank-deficient; `draws` counts the random columns used (their tags).
  static func orthonormalize<C: ReductionCommunicator>(
    _ x: Matrix, against v: Matrix, rows: [Int], seed: UInt64, draws: inout UInt64, _ comm: C
  ) throws(LinearAlgebraError) -> Matrix {
    var block = x
    for _ in 0..<4 {
      let reference = DistributedBlocks.columnNorms(block, comm)
      let projected = DistributedBlocks.projectedOut(
        DistributedBlocks.projectedOut(block, v, comm), v, comm)
      let norms = DistributedBlocks.columnNorms(projected, comm)
      let scale = Matrix.diagonal(norms.map { $0 > 0 ? 1 / $0 : 0 })
      let g = scale.multipliedSmall(DistributedBlocks.cross(projected, projected, comm)).multipliedSmall(
        scale)
      let (r, pivots) = choleskyUpper(g)
      let deficient = pivots.indices.filter { j in
        !(pivots[j] > pivotTolerance) || !(pivots[j] * norms[j] > rankTolerance * reference[j])
      }
      if deficient.isEmpty {
        var q = DistributedBlocks.times(projected, scale.multipliedSmall(upperInverse(r)))
        q = DistributedBlocks.projectedOut(q, v, comm)
        let (r2, pivots2) = choleskyUpper(DistributedBlocks.cross(q, q, comm))
        guard pivots2.allSatisfy({ $0 > 0.5 }) else {
          // The first pass left Q far from orthonormal (an ill-conditioned block: columns near the
          // rounding level of a rank-deficient operator's image). Start the next pass from Q itself
          // (CholeskyQR3), with columns that are still dependent replaced by random ones.
          block = q
          for j in pivots2.indices where !(pivots2[j] > pivotTolerance) {
            let fresh = RowIndexedGaussians.block(rows: rows, columns: 1, seed: seed, tag: draws)
            draws += 1
            block.elements.replaceSubrange((j * rows.count)..<((j + 1) * rows.count), with: fresh.elements)
          }
          continue
        }
        return DistributedBlocks.times(q, upperInverse(r2))
      }
      for j in deficient {
        let fresh = RowIndexedGaussians.block(rows: rows, columns: 1, seed: seed, tag: draws)
        draws += 1
        block.elements.replaceSubrange((j * rows.count)..<((j + 1) * rows.count), with: fresh.elements)
      }
    }
    throw LinearAlgebraError(
      .noConvergence,
      "distributed orthonormalisation: random completion of a rank-deficient block failed 4 times")
  }

  /// `G = RᵀR` (R upper triangular) and the pivots `R_jj`; a column whose pivot is not positive is left
  /// out of the later columns (its row of R is zero, `R_jj = 1`), as column pivoting would leave it.
  static func choleskyUpper(_ g: Matrix) -> (r: Matrix, pivots: [Double]) {
    let c = g.rows
    var r = Matrix(rows: c, columns: c)
    var pivots = [Double](repeating: 0, count: c)
    var dropped = [Bool](repeating: false, count: c)
    for j in 0..<c {
      for i in 0..<j where !dropped[i] {
        var s = g[i, j]
        for k in 0..<i { s -= r[k, i] * r[k, j] }
        r[i, j] = s / r[i, i]
      }
      var d = g[j, j]
      for k in 0..<j { d -= r[k, j] * r[k, j] }
      pivots[j] = d > 0 ? d.squareRoot() : 0
      if pivots[j] > pivotTolerance {
        r[j, j] = pivots[j]
      } else {
        dropped[j] = true
        r[j, j] = 1
      }
    }
    return (r, pivots)
  }

  /// `R⁻¹` of an upper-triangular `R` with non-zero diagonal (back substitution, column by column).
  static func upperInverse(_ r: Matrix) -> Matrix {
    let c = r.rows
    var inv = Matrix(rows: c, columns: c)
    for j in 0..<c {
      inv[j, j] = 1 / r[j, j]
      for i in stride(from: j - 1, through: 0, by: -1) {
        var s = 0.0
        for k in (i + 1)...j { s += r[i, k] * inv[k, j] }
        inv[i, j] = -s / r[i, i]
      }
    }
    return inv
  }
}

extension Matrix {
  /// `self·other` for small matrices (dgemm; no dimension check beyond the precondition).
  fileprivate func multipliedSmall(_ other: Matrix) -> Matrix {
    var out = Matrix(rows: rows, columns: other.columns)
    if rows > 0, columns > 0, other.columns > 0 { Matrix.multiplyAdd(self, other, into: &out) }
    return out
  }
}
