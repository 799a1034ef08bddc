// In-place element access for callers outside Spectra (pointer-free): the storage is lent as `inout`.

extension Matrix {
  /// Lends the column-major storage to `body` for in-place updates, without copying.
  ///
  /// Entry `(i, j)` is `elements[i + j * rows]`. The closure may change values but not the count.
  ///
  /// - Complexity: O(1) beyond what `body` does (the array is passed `inout`, not copied, when the
  ///   matrix is uniquely referenced).
  /// - Precondition: `body` leaves `rows·columns` elements.
  public mutating func modifyElements<R>(_ body: (inout [Double]) throws -> R) rethrows -> R {
    let count = rows * columns
    let result = try body(&elements)
    precondition(elements.count == count, "modifyElements must not change the element count")
    return result
  }
}
