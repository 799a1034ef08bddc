// Thin, typed wrappers of the LAPACKE routines the toolkit uses. INFO < 0 (a bad argument this library
// passed) traps as a bug; INFO > 0 (no convergence) is thrown as a typed error.
internal import CLAPACKE

/// The LAPACK routines, one function each, column-major throughout.
enum LAPACK {
  static let columnMajor: Int32 = 102  // LAPACK_COL_MAJOR
  static func ascii(_ s: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: s)) }

  /// Refuses sizes whose `n²` element count cannot be addressed by 32-bit LAPACK indexing.
  static func checkIndexable(_ n: Int, routine: String) throws(LinearAlgebraError) {
    let (square, overflow) = n.multipliedReportingOverflow(by: n)
    if overflow || square > Int(Int32.max) {
      throw LinearAlgebraError(
        .sizeTooLarge,
        "\(routine): n = \(n) gives n² = \(overflow ? "overflow" : String(square)) entries, beyond 32-bit LAPACK indexing (2³¹−1)"
      )
    }
  }

  static func decode(_ info: clapacke_int, routine: String) throws(LinearAlgebraError) {
    if info < 0 { preconditionFailure("\(routine): argument \(-info) illegal (library bug)") }
    if info > 0 {
      throw LinearAlgebraError(.noConvergence, "\(routine) failed to converge (INFO = \(info))")
    }
  }

  /// All eigenvalues (ascending) of the symmetric matrix whose `triangle` is stored in `a` (dsyevd).
  /// With `vectors`, `a` is overwritten by the orthonormal eigenvectors (columns).
  static func dsyevd(_ a: inout Matrix, vectors: Bool, triangle: Triangle) throws(LinearAlgebraError)
    -> [Double]
  {
    let n = a.rows
    try checkIndexable(n, routine: "dsyevd")
    var w = [Double](repeating: 0, count: n)
    guard n > 0 else { return w }
    let info = a.elements.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        LAPACKE_dsyevd(
          columnMajor, ascii(vectors ? "V" : "N"), triangle.lapack, clapacke_int(n), pa.baseAddress,
          clapacke_int(n), pw.baseAddress)
      }
    }
    try decode(info, routine: "dsyevd")
    return w
  }

  /// Eigenvalues with 1-based indices `il…iu` (ascending) and optionally their eigenvectors (dsyevr,
  /// MRRR). `a` is destroyed.
  static func dsyevr(
    _ a: inout Matrix, vectors: Bool, triangle: Triangle, lowerIndex il: Int, upperIndex iu: Int
  ) throws(LinearAlgebraError) -> (values: [Double], vectors: Matrix?) {
    let n = a.rows
    try checkIndexable(n, routine: "dsyevr")
    let k = iu - il + 1
    var w = [Double](repeating: 0, count: n)
    var z = Matrix(rows: vectors ? n : 1, columns: vectors ? max(k, 1) : 1)
    var isuppz = [clapacke_int](repeating: 0, count: 2 * max(k, 1))
    var found: clapacke_int = 0
    let info = a.elements.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        z.elements.withUnsafeMutableBufferPointer { pz in
          isuppz.withUnsafeMutableBufferPointer { ps in
            LAPACKE_dsyevr(
              columnMajor, ascii(vectors ? "V" : "N"), ascii("I"), triangle.lapack, clapacke_int(n),
              pa.baseAddress, clapacke_int(n), 0, 0, clapacke_int(il), clapacke_int(iu), 0, &found,
              pw.baseAddress, pz.baseAddress, clapacke_int(max(1, z.rows)), ps.baseAddress)
          }
        }
      }
    }
    try decode(info, routine: "dsyevr")
    let values = Array(w.prefix(Int(found)))
    return (values, vectors ? z : nil)
  }

  /// Cholesky factor `A = L·Lᵀ` (lower) of a symmetric positive-definite matrix (dpotrf). Returns the
  /// matrix with `L` in the lower triangle and zeros above.
  static func dpotrf(_ a: Matrix) throws(LinearAlgebraError) -> Matrix {
    var l = a
    let n = a.rows
    try checkIndexable(n, routine: "dpotrf")
    guard n > 0 else { return l }
    let info = l.elements.withUnsafeMutableBufferPointer { pa in
      LAPACKE_dpotrf(columnMajor, ascii("L"), clapacke_int(n), pa.baseAddress, clapacke_int(n))
    }
    if info > 0 {
      throw LinearAlgebraError(
        .notPositiveSemidefinite, "dpotrf: leading minor of order \(info) is not positive definite")
    }
    try decode(info, routine: "dpotrf")
    for j in 0..<n { for i in 0..<j { l[i, j] = 0 } }
    return l
  }
}
