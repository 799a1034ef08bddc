// Matrix–vector products A·v and Aᵀ·v through a one-column dgemm.

extension Matrix {
  /// The product `A·v`, computed as the one-column dgemm `A·[v]`.
  ///
  /// dgemm rather than dgemv, so that the result rounds exactly as the column of a matrix product does.
  ///
  /// - Precondition: `v.count == columns`.
  /// - Complexity: 2·rows·columns flops.
  public func multiplied(byVector v: [Double]) -> [Double] {
    let column = Matrix(rows: v.count, columns: 1, exactColumnMajor: v)
    var out = Matrix(rows: rows, columns: 1)
    Matrix.multiplyAdd(self, column, into: &out)
    return out.elements
  }

  /// The product `Aᵀ·v`, computed as the one-column dgemm `Aᵀ·[v]`.
  ///
  /// - Precondition: `v.count == rows`.
  /// - Complexity: 2·rows·columns flops.
  public func transposeMultiplied(byVector v: [Double]) -> [Double] {
    let column = Matrix(rows: v.count, columns: 1, exactColumnMajor: v)
    var out = Matrix(rows: columns, columns: 1)
    Matrix.multiplyAdd(self, transposingA: true, column, into: &out)
    return out.elements
  }
}
