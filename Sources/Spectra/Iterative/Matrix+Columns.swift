// Column slicing and concatenation of column-major matrices: the bookkeeping of Krylov bases.

extension Matrix {
  /// The columns `range` as a new `rows × range.count` matrix (one contiguous copy).
  func columns(_ range: Range<Int>) -> Matrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= columns, "column range \(range) out of bounds")
    var out = Matrix(rows: rows, columns: range.count)
    out.elements = Array(elements[(range.lowerBound * rows)..<(range.upperBound * rows)])
    return out
  }

  /// Appends the columns of `other` in place. The storage is moved, not copied, so within a capacity
  /// reserved beforehand (`elements.reserveCapacity`) no column already present is copied or re-faulted:
  /// growing an `n × m` Krylov basis one column at a time costs `n·m` writes, not the `n·m²/2` of
  /// building `[V, v]` afresh at every step.
  mutating func appendColumns(_ other: Matrix) {
    precondition(other.rows == rows, "appendColumns: \(rows) rows against \(other.rows)")
    var storage: [Double] = []
    swap(&storage, &elements)
    storage.append(contentsOf: other.elements)
    do {
      self = try Matrix(rows: rows, columns: columns + other.columns, columnMajor: storage)
    } catch {
      preconditionFailure("appendColumns: \(error)")
    }
  }

  /// The Euclidean norm of every column.
  var columnNorms: [Double] { (0..<columns).map { BLAS.dnrm2(column($0)) } }

  /// `self − V·(Vᵀ·self)`: the component orthogonal to the orthonormal columns of `v` (two dgemm).
  ///
  /// - Complexity: `4·n·k·c` flops for `k` basis columns and `c` columns of `self`.
  func projectedOut(_ v: Matrix) -> Matrix {
    guard v.columns > 0, columns > 0 else { return self }
    var coefficients = Matrix(rows: v.columns, columns: columns)
    BLAS.dgemm(transposeA: true, transposeB: false, alpha: 1, v, self, beta: 0, &coefficients)
    var out = self
    BLAS.dgemm(transposeA: false, transposeB: false, alpha: -1, v, coefficients, beta: 1, &out)
    return out
  }
}
