// Orthonormalising a new Krylov block against the basis: two passes of block classical Gram–Schmidt
// (dgemm), then Householder QR, with random replacement of directions the basis already holds.

/// Orthonormalisation of a block against an orthonormal basis, as block Krylov methods need it.
///
/// ```
/// X ← X − V·(Vᵀ·X)   twice        ("twice is enough": Giraud, Langou & Rozložník 2005, Thm 2)
/// X = Q·R                         (Householder, LAPACK dgeqrf/dorgqr)
/// |R_ii| ≤ rankTolerance·‖x_i‖₀  ⇒  column i is replaced by a random vector and the step repeated
/// Q ← Q − V·(Vᵀ·Q), Q = qr(Q)     (a last pass, so Q ⟂ V holds to machine precision)
/// ```
///
/// A dropped column means the Krylov space has become (numerically) invariant; a random direction
/// continues it, which is how a block method finds more copies of a repeated eigenvalue than the
/// start block spans (Saad 2011, §6.3.2). `‖x_i‖₀` is the column's norm before projection.
///
/// Complexity: `8·n·k·c + O(n·c²)` flops for `k` basis and `c` new columns.
enum BlockOrthonormalization {
  /// Relative size of `|R_ii|` below which a column counts as already in the span.
  static let rankTolerance = 1e-10

  /// Orthonormal columns spanning `(I − V·Vᵀ)·X`, completed by random directions where that is
  /// rank-deficient; the result has as many columns as `x`.
  ///
  /// - Precondition: `v.columns + x.columns ≤ n`.
  static func orthonormalize(_ x: Matrix, against v: Matrix, stream: RandomStream)
    throws(LinearAlgebraError) -> Matrix
  {
    let n = x.rows
    precondition(
      v.columns + x.columns <= n, "cannot fit \(x.columns) more columns beside \(v.columns) in ℝ^\(n)")
    var block = x
    for _ in 0..<4 {
      let reference = block.columnNorms
      let projected = block.projectedOut(v).projectedOut(v)
      let (q, rDiagonal) = try LAPACK.householderQR(projected)
      let deficient = rDiagonal.indices.filter {
        !(abs(rDiagonal[$0]) > rankTolerance * reference[$0])
      }
      if deficient.isEmpty { return try LAPACK.householderQR(q.projectedOut(v)).q }
      for j in deficient {
        let fresh = stream.gaussians(n)
        block.elements.replaceSubrange((j * n)..<((j + 1) * n), with: fresh)
      }
    }
    throw LinearAlgebraError(
      .noConvergence, "block orthonormalisation: random completion of a rank-deficient block failed 4 times")
  }
}
