// Matrix products and element-wise operations on OpenBLAS (BLAS-3 where it fits).

extension Matrix {
  /// The product `op(A)·op(B)` by dgemm, where `op` transposes when asked.
  ///
  /// - Complexity: 2·m·n·k flops.
  /// - Throws: `.dimensionMismatch` when the inner dimensions differ.
  public func multiplied(
    by b: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false, scale: Double = 1
  ) throws(LinearAlgebraError) -> Matrix {
    let m = transposingSelf ? columns : rows
    let k = transposingSelf ? rows : columns
    let kb = transposingOther ? b.columns : b.rows
    let n = transposingOther ? b.rows : b.columns
    guard k == kb else {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "cannot multiply \(m)×\(k) by \(kb)×\(n): inner dimensions \(k) and \(kb) differ")
    }
    var c = Matrix(rows: m, columns: n)
    BLAS.dgemm(
      transposeA: transposingSelf, transposeB: transposingOther, alpha: scale, self, b, beta: 0, &c)
    return c
  }

  /// `C ← α·op(A)·op(B) + β·C` in place (dgemm); for hot loops that must not allocate.
  ///
  /// - Precondition: shapes agree.
  public static func multiplyAdd(
    _ a: Matrix, transposingA: Bool = false, _ b: Matrix, transposingB: Bool = false, alpha: Double = 1,
    beta: Double = 0, into c: inout Matrix
  ) {
    let m = transposingA ? a.columns : a.rows
    let k = transposingA ? a.rows : a.columns
    let kb = transposingB ? b.columns : b.rows
    let n = transposingB ? b.rows : b.columns
    precondition(k == kb && c.rows == m && c.columns == n, "multiplyAdd: shapes do not agree")
    BLAS.dgemm(transposeA: transposingA, transposeB: transposingB, alpha: alpha, a, b, beta: beta, &c)
  }

  /// `C ← α·A[rows, :]·op(B) + β·C` for a contiguous band of A's rows, without copying the band (dgemm).
  ///
  /// - Precondition: `rows` lies within A's rows; shapes agree.
  public static func multiplyAdd(
    rows: Range<Int>, of a: Matrix, _ b: Matrix, transposingB: Bool = false, alpha: Double = 1,
    beta: Double = 0, into c: inout Matrix
  ) {
    let kb = transposingB ? b.columns : b.rows
    let n = transposingB ? b.rows : b.columns
    precondition(
      rows.lowerBound >= 0 && rows.upperBound <= a.rows && a.columns == kb && c.rows == rows.count
        && c.columns == n, "multiplyAdd(rows:of:): shapes do not agree")
    BLAS.dgemm(rows: rows, of: a, transposeB: transposingB, alpha: alpha, b, beta: beta, &c)
  }

  /// The Gram matrix `α·A·Aᵀ` (rows × rows) by dsyrk, both triangles filled.
  ///
  /// - Complexity: rows²·columns flops (half a gemm).
  public func gram(scale: Double = 1) -> Matrix {
    var c = Matrix(rows: rows, columns: rows)
    BLAS.dsyrk(triangle: .lower, transpose: false, alpha: scale, self, beta: 0, &c)
    c.symmetrize(from: .lower)
    return c
  }

  /// One triangle of `C ← α·A·Aᵀ + β·C` in place (dsyrk); the other triangle is left untouched.
  ///
  /// - Precondition: `c` is `a.rows × a.rows`.
  public static func gramUpdate(
    _ a: Matrix, alpha: Double = 1, beta: Double = 0, into c: inout Matrix, triangle: Triangle = .lower
  ) {
    precondition(c.rows == a.rows && c.columns == a.rows, "gramUpdate: C must be \(a.rows)×\(a.rows)")
    BLAS.dsyrk(triangle: triangle, transpose: false, alpha: alpha, a, beta: beta, &c)
  }

  /// Copies the given triangle onto the other, making the matrix exactly symmetric.
  public mutating func symmetrize(from triangle: Triangle) {
    precondition(isSquare, "symmetrize needs a square matrix, got \(rows)×\(columns)")
    let n = rows
    elements.mirrorTriangle(n: n, from: triangle)
  }

  /// The transpose `Aᵀ`.
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for j in 0..<columns {
      for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] }
    }
    return t
  }

  /// `α·A`.
  public func scaled(by alpha: Double) -> Matrix {
    var c = self
    BLAS.dscal(alpha: alpha, &c.elements)
    return c
  }

  /// `A ← A + α·B` in place (daxpy).
  ///
  /// - Precondition: equal shapes.
  public mutating func add(_ b: Matrix, scaledBy alpha: Double = 1) {
    precondition(rows == b.rows && columns == b.columns, "add: shapes differ")
    BLAS.daxpy(alpha: alpha, b.elements, &elements)
  }

  /// `A + B`.
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    var c = a
    c.add(b)
    return c
  }

  /// `A − B`.
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    var c = a
    c.add(b, scaledBy: -1)
    return c
  }

  /// The trace `Σᵢ A_ii`.
  public var trace: Double { diagonal.reduce(0, +) }

  /// The Frobenius norm `‖A‖_F = (Σ A_ij²)^{1/2}` (dnrm2).
  public var frobeniusNorm: Double { BLAS.dnrm2(elements) }

  /// The largest absolute entry `max |A_ij|`.
  public var maxAbs: Double { elements.reduce(0) { max($0, abs($1)) } }
}

extension Array where Element == Double {
  /// Mirrors one triangle of a column-major `n × n` matrix onto the other.
  fileprivate mutating func mirrorTriangle(n: Int, from triangle: Triangle) {
    for j in 0..<n {
      for i in (j + 1)..<Swift.max(j + 1, n) {
        // (i, j) with i > j is the lower triangle; (j, i) its mirror in the upper one.
        if triangle == .lower { self[j + i * n] = self[i + j * n] } else { self[i + j * n] = self[j + i * n] }
      }
    }
  }
}
