// A matrix whose every column is one constant, written in one pass (the start of a β = 1 dgemm).

extension Matrix {
  /// The `rows × values.count` matrix with `A_ij = values[j]`, written in one pass without a zero fill.
  ///
  /// - Complexity: one write of rows·columns doubles.
  public init(rows: Int, constantColumns values: [Double]) {
    precondition(rows >= 0, "matrix dimensions must be non-negative, got \(rows) rows")
    let count = rows * values.count
    let elements = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      for (j, v) in values.enumerated() {
        (buffer.baseAddress! + j * rows).initialize(repeating: v, count: rows)
      }
      initialized = count
    }
    self.init(rows: rows, columns: values.count, exactColumnMajor: elements)
  }
}
