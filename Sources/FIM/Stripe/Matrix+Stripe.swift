// Small Matrix conveniences for the stripe study: building from storage, row scaling, row selection.
import Spectra

extension Matrix {
  /// A matrix from column-major storage whose size is known to be right (internal shapes only).
  static func stripe(rows: Int, columns: Int, _ storage: [Double]) -> Matrix {
    precondition(
      storage.count == rows * columns, "internal shape error: \(rows)×\(columns) vs \(storage.count)")
    do { return try Matrix(rows: rows, columns: columns, columnMajor: storage) } catch {
      preconditionFailure("internal shape error: \(error)")
    }
  }

  /// The matrix made of the given rows, in order.
  func selectingRows(_ indices: [Int]) -> Matrix {
    var out = [Double](repeating: 0, count: indices.count * columns)
    let n = indices.count
    for j in 0..<columns {
      let base = j * rows
      for (k, i) in indices.enumerated() { out[k + j * n] = elements[base + i] }
    }
    return .stripe(rows: n, columns: columns, out)
  }

  /// The first `count` rows.
  func firstRows(_ count: Int) -> Matrix { selectingRows(Array(0..<count)) }

  /// The matrix-vector product `A·v` computed as a one-column dgemm.
  func times(_ v: [Double]) -> [Double] {
    let column = Matrix.stripe(rows: v.count, columns: 1, v)
    var out = Matrix(rows: rows, columns: 1)
    Matrix.multiplyAdd(self, column, into: &out)
    return out.elements
  }

  /// The product `Aᵀ·v` computed as a one-column dgemm.
  func transposeTimes(_ v: [Double]) -> [Double] {
    let column = Matrix.stripe(rows: v.count, columns: 1, v)
    var out = Matrix(rows: columns, columns: 1)
    Matrix.multiplyAdd(self, transposingA: true, column, into: &out)
    return out.elements
  }
}
