// Dense algebra on blocks split by rows across ranks: every sum over rows is a local gemm, then sumAll.

/// Products of row-distributed blocks (each rank holds the same rows of every block):
///
/// ```
/// AᵀB = Σ_r A_rᵀB_r              (local dgemm, then one sumAll of the k × c result)
/// X − V·(VᵀX)                    (the coefficients VᵀX by sumAll, the update local)
/// ‖X e_j‖² = Σ_r ‖X_r e_j‖²      (one sumAll of c numbers)
/// ```
/// Communication: one reduction of `k·c` doubles per call, independent of the number of rows.
enum DistributedBlocks {
  /// `Aᵀ·B` summed over ranks (identical on every rank).
  static func cross<C: ReductionCommunicator>(_ a: Matrix, _ b: Matrix, _ comm: C) -> Matrix {
    var local = Matrix(rows: a.columns, columns: b.columns)
    if a.rows > 0, a.columns > 0, b.columns > 0 {
      Matrix.multiplyAdd(a, transposingA: true, b, into: &local)
    }
    return comm.sumAll(local)
  }

  /// `X − V·(Vᵀ·X)` for orthonormal distributed columns `V`.
  static func projectedOut<C: ReductionCommunicator>(_ x: Matrix, _ v: Matrix, _ comm: C) -> Matrix {
    guard v.columns > 0, x.columns > 0 else { return x }
    let coefficients = cross(v, x, comm)
    var out = x
    if x.rows > 0 { Matrix.multiplyAdd(v, coefficients, alpha: -1, beta: 1, into: &out) }
    return out
  }

  /// The global Euclidean norm of every column.
  static func columnNorms<C: ReductionCommunicator>(_ x: Matrix, _ comm: C) -> [Double] {
    let local = (0..<x.columns).map { j in
      var s = 0.0
      for i in 0..<x.rows { s += x.elements[i + j * x.rows] * x.elements[i + j * x.rows] }
      return s
    }
    return comm.sumAll(local).map { $0.squareRoot() }
  }

  /// `X·U` for a small `U` (c × p), local.
  static func times(_ x: Matrix, _ u: Matrix) -> Matrix {
    var out = Matrix(rows: x.rows, columns: u.columns)
    if x.rows > 0, x.columns > 0 { Matrix.multiplyAdd(x, u, into: &out) }
    return out
  }
}
