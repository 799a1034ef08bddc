// Building a matrix from storage of known size, and selecting rows.

extension Matrix {
  /// A matrix from column-major storage whose length the caller guarantees: `rows·columns` entries.
  ///
  /// For shapes computed inside the toolkit, where a mismatch is a programming error; data from outside
  /// goes through the throwing ``init(rows:columns:columnMajor:)``.
  ///
  /// - Precondition: `rows ≥ 0`, `columns ≥ 0` and `exactColumnMajor.count == rows·columns`.
  public init(rows: Int, columns: Int, exactColumnMajor: [Double]) {
    precondition(
      rows >= 0 && columns >= 0 && exactColumnMajor.count == rows * columns,
      "internal shape error: \(rows)×\(columns) vs \(exactColumnMajor.count) entries")
    self.rows = rows
    self.columns = columns
    self.elements = exactColumnMajor
  }

  /// The matrix made of rows `indices[0], indices[1], …` of this one, in that order (repeats allowed).
  ///
  /// - Precondition: every index is in `0..<rows`.
  /// - Complexity: O(indices.count · columns).
  public func selectingRows(_ indices: [Int]) -> Matrix {
    let n = indices.count
    var out = [Double](repeating: 0, count: n * columns)
    for j in 0..<columns {
      let base = j * rows
      for (k, i) in indices.enumerated() { out[k + j * n] = elements[base + i] }
    }
    return Matrix(rows: n, columns: columns, exactColumnMajor: out)
  }

  /// The first `count` rows.
  ///
  /// - Precondition: `0 ≤ count ≤ rows`.
  public func firstRows(_ count: Int) -> Matrix { selectingRows(Array(0..<count)) }
}
