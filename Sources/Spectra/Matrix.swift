// A dense, column-major matrix of Double: the value type every solver in the toolkit reads and writes.

/// A dense real matrix stored column-major.
///
/// Element `(i, j)` lives at `elements[i + j * rows]`, the layout LAPACK and BLAS expect, so no solver
/// ever pays for a transposed copy (LAPACKE's row-major path copies and transposes; we never take it).
/// Storage is a Swift array, so copies are cheap until written (copy-on-write).
public struct Matrix: Sendable, Equatable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The entries in column-major order: `elements[i + j * rows]` is entry `(i, j)`.
  public internal(set) var elements: [Double]

  /// A `rows × columns` matrix with every entry equal to `value`.
  ///
  /// - Precondition: `rows ≥ 0`, `columns ≥ 0`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative, got \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = [Double](repeating: value, count: rows * columns)
  }

  /// A matrix from entries in column-major order.
  ///
  /// - Throws: ``LinearAlgebraError`` with code `.dimensionMismatch` if `columnMajor.count ≠ rows·columns`.
  public init(rows: Int, columns: Int, columnMajor: [Double]) throws(LinearAlgebraError) {
    guard rows >= 0, columns >= 0, columnMajor.count == rows * columns else {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "a \(rows)×\(columns) matrix needs \(max(0, rows * columns)) entries, got \(columnMajor.count)")
    }
    self.rows = rows
    self.columns = columns
    self.elements = columnMajor
  }

  /// A matrix from entries in row-major order (as written on paper, or read from a C-order `.npy`).
  ///
  /// - Throws: ``LinearAlgebraError`` with code `.dimensionMismatch` if `rowMajor.count ≠ rows·columns`.
  public init(rows: Int, columns: Int, rowMajor: [Double]) throws(LinearAlgebraError) {
    guard rows >= 0, columns >= 0, rowMajor.count == rows * columns else {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "a \(rows)×\(columns) matrix needs \(max(0, rows * columns)) entries, got \(rowMajor.count)")
    }
    self.init(rows: rows, columns: columns)
    for i in 0..<rows {
      for j in 0..<columns { elements[i + j * rows] = rowMajor[i * columns + j] }
    }
  }

  /// A matrix from its rows, e.g. `Matrix([[1, 2], [3, 4]])`.
  ///
  /// - Precondition: all rows have the same length.
  public init(_ rowArrays: [[Double]]) {
    let r = rowArrays.count
    let c = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == c }, "all rows must have the same length")
    self.init(rows: r, columns: c)
    for i in 0..<r {
      for j in 0..<c { elements[i + j * r] = rowArrays[i][j] }
    }
  }

  /// A matrix whose entry `(i, j)` is `entry(i, j)`.
  public init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
    self.init(rows: rows, columns: columns)
    for j in 0..<columns {
      for i in 0..<rows { elements[i + j * rows] = entry(i, j) }
    }
  }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i + i * n] = 1 }
    return m
  }

  /// The square matrix with `values` on its diagonal.
  public static func diagonal(_ values: [Double]) -> Matrix {
    let n = values.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i + i * n] = values[i] }
    return m
  }

  /// Entry `(i, j)`.
  public subscript(i: Int, j: Int) -> Double {
    get { elements[i + j * rows] }
    set { elements[i + j * rows] = newValue }
  }

  /// Whether the matrix is square.
  public var isSquare: Bool { rows == columns }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] { Array(elements[(j * rows)..<((j + 1) * rows)]) }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] { (0..<columns).map { elements[i + $0 * rows] } }

  /// The diagonal entries `A_ii`, `i < min(rows, columns)`.
  public var diagonal: [Double] { (0..<min(rows, columns)).map { elements[$0 + $0 * rows] } }

  /// The entries in row-major order (C order).
  public var rowMajorElements: [Double] {
    var out = [Double](repeating: 0, count: elements.count)
    for i in 0..<rows {
      for j in 0..<columns { out[i * columns + j] = elements[i + j * rows] }
    }
    return out
  }

  /// Whether every entry is finite (no NaN, no ±∞).
  public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }
}
