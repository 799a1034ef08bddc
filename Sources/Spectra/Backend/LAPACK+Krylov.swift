// LAPACKE wrappers used by the iterative (matrix-free) eigensolvers: thin Householder QR of a block and
// the eigen-decomposition of a symmetric tridiagonal (Jacobi) matrix.
internal import CLAPACKE

extension LAPACK {
  /// The thin QR factorisation `X = Q·R` of an `n × c` block, `n ≥ c` (dgeqrf, then dorgqr).
  ///
  /// Returns `Q` (`n × c`, orthonormal columns) and the diagonal of `R` (its signs are LAPACK's).
  /// Householder QR keeps `Q` orthonormal to machine precision whatever the conditioning of `X`;
  /// a tiny `|R_ii|` flags a column that is (numerically) in the span of the columns before it.
  ///
  /// - Complexity: `4·n·c² − (4/3)·c³` flops.
  static func householderQR(_ x: Matrix) throws(LinearAlgebraError) -> (q: Matrix, rDiagonal: [Double]) {
    let n = x.rows
    let c = x.columns
    precondition(n >= c, "householderQR needs rows ≥ columns, got \(n)×\(c)")
    guard c > 0 else { return (x, []) }
    var a = x
    var tau = [Double](repeating: 0, count: c)
    let infoQR = a.elements.withUnsafeMutableBufferPointer { pa in
      tau.withUnsafeMutableBufferPointer { pt in
        LAPACKE_dgeqrf(
          columnMajor, clapacke_int(n), clapacke_int(c), pa.baseAddress, clapacke_int(n), pt.baseAddress)
      }
    }
    try decode(infoQR, routine: "dgeqrf")
    let rDiagonal = (0..<c).map { a[$0, $0] }
    let infoQ = a.elements.withUnsafeMutableBufferPointer { pa in
      tau.withUnsafeBufferPointer { pt in
        LAPACKE_dorgqr(
          columnMajor, clapacke_int(n), clapacke_int(c), clapacke_int(c), pa.baseAddress, clapacke_int(n),
          pt.baseAddress)
      }
    }
    try decode(infoQ, routine: "dorgqr")
    return (a, rDiagonal)
  }

  /// Eigenvalues (ascending) and orthonormal eigenvectors (columns of an `m × m` matrix) of the
  /// symmetric tridiagonal matrix with diagonal `diagonal` (length m) and off-diagonal `offDiagonal`
  /// (length m − 1) (dstev, implicit QL/QR).
  ///
  /// - Complexity: O(m²) for the values, O(m³) with the vectors.
  static func dstev(diagonal: [Double], offDiagonal: [Double]) throws(LinearAlgebraError)
    -> (values: [Double], vectors: Matrix)
  {
    let m = diagonal.count
    precondition(offDiagonal.count == max(0, m - 1), "dstev: off-diagonal needs m − 1 = \(m - 1) entries")
    var d = diagonal
    var e = offDiagonal + [0]  // LAPACK's workspace convention: e has room for m entries
    var z = Matrix(rows: m, columns: m)
    guard m > 0 else { return ([], z) }
    let info = d.withUnsafeMutableBufferPointer { pd in
      e.withUnsafeMutableBufferPointer { pe in
        z.elements.withUnsafeMutableBufferPointer { pz in
          LAPACKE_dstev(
            columnMajor, ascii("V"), clapacke_int(m), pd.baseAddress, pe.baseAddress, pz.baseAddress,
            clapacke_int(m))
        }
      }
    }
    try decode(info, routine: "dstev")
    return (d, z)
  }

  /// All eigenvalues (ascending) of the symmetric matrix whose `triangle` is stored in `a`, by the
  /// two-stage reduction (dense → band → tridiagonal) of `dsyevd_2stage`; values only (LAPACK 3.7+
  /// implements the two-stage drivers for `JOBZ = 'N'` only). `a` is destroyed.
  static func dsyevd2stage(_ a: inout Matrix, triangle: Triangle) throws(LinearAlgebraError) -> [Double] {
    let n = a.rows
    try checkIndexable(n, routine: "dsyevd_2stage")
    var w = [Double](repeating: 0, count: n)
    guard n > 0 else { return w }
    let info = a.elements.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        LAPACKE_dsyevd_2stage(
          columnMajor, ascii("N"), triangle.lapack, clapacke_int(n), pa.baseAddress, clapacke_int(n),
          pw.baseAddress)
      }
    }
    try decode(info, routine: "dsyevd_2stage")
    return w
  }

  /// The workspace `dsyevd_2stage` (JOBZ = 'N') asks for at order `n`, from its own query
  /// (`LWORK = LIWORK = −1`; nothing of size n² is touched): doubles and 32-bit integers.
  static func dsyevd2stageWorkspace(n: Int) throws(LinearAlgebraError) -> (doubles: Int, integers: Int) {
    try checkIndexable(n, routine: "dsyevd_2stage")
    guard n > 1 else { return (1, 1) }
    var work = 0.0
    var iwork: clapacke_int = 0
    let info = LAPACKE_dsyevd_2stage_work(
      columnMajor, ascii("N"), ascii("L"), clapacke_int(n), nil, clapacke_int(n), nil, &work, -1, &iwork, -1)
    try decode(info, routine: "dsyevd_2stage (workspace query)")
    return (Int(work.rounded(.up)), Int(iwork))
  }
}
