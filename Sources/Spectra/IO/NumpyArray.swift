// Reading and writing NumPy `.npy` files of real numbers (format versions 1.0, 2.0 and 3.0), pointer-free.
import Foundation

/// An n-dimensional array of `Double` read from or written to a NumPy `.npy` file.
///
/// Elements are kept in **C order** (row-major: the last index varies fastest), whatever the file's order.
///
/// Accepted on reading: format versions 1.0, 2.0, 3.0; dtypes `<f8`, `>f8`, `<f4`, `>f4` (`float32` is
/// widened exactly to `Double`); `fortran_order` `False` or `True` (Fortran-order data are reordered to C
/// order). Refused with a ``NumpyFormatError`` naming the problem: a missing magic string, an unknown
/// version, a malformed header, any other dtype (integers, complex, objects, strings), a negative or
/// non-integer shape entry, and a data section shorter or longer than the shape requires.
/// Written: version 1.0 (2.0 for a header over 64 KiB), `<f8`, C order, header padded to 64 bytes.
///
/// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
///
/// Complexity: O(number of elements) time and memory; the file is read once.
public struct NumpyArray: Sendable, Equatable {
  /// The shape (empty for a 0-dimensional array).
  public let shape: [Int]
  /// The elements in C order.
  public let elements: [Double]

  /// An array of the given shape from C-order elements.
  ///
  /// - Throws: ``NumpyFormatError`` when the element count does not match the shape.
  public init(shape: [Int], elements: [Double]) throws(NumpyFormatError) {
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw NumpyFormatError("shape: \(shape) has a negative entry")
    }
    guard let count = CheckedSize.product(shape) else {
      throw NumpyFormatError("shape: \(shape) holds more elements than fit in a 64-bit count")
    }
    guard count == elements.count else {
      throw NumpyFormatError("shape: \(shape) needs \(count) elements, got \(elements.count)")
    }
    self.shape = shape
    self.elements = elements
  }

  /// The 2-D array holding `matrix` (shape `rows × columns`).
  public init(_ matrix: Matrix) {
    shape = [matrix.rows, matrix.columns]
    elements = matrix.rowMajorElements
  }

  /// The 1-D array holding `vector`.
  public init(vector: [Double]) {
    shape = [vector.count]
    elements = vector
  }

  /// Reads a `.npy` file.
  ///
  /// - Throws: ``NumpyFormatError`` whose message starts with the file's path, then names the header field
  ///   and the value (`/net/W1.npy: shape: dimension 4294967296 exceeds the limit 2147483648`), when the
  ///   file cannot be read, is not a regular file, or is not a valid real `.npy`.
  public init(contentsOf url: URL) throws(NumpyFormatError) {
    let data: Data
    do { data = try InputFile.contents(of: url) } catch { throw NumpyFormatError(error.description) }
    do {
      try self.init(npyData: data)
    } catch {
      throw NumpyFormatError("\(url.path): \(error.message)")
    }
  }

  /// The array as a matrix.
  ///
  /// - Throws: ``NumpyFormatError`` when the array is not 2-D.
  public func matrix() throws(NumpyFormatError) -> Matrix {
    guard shape.count == 2 else {
      throw NumpyFormatError("expected a 2-D array, got shape \(shape)")
    }
    do {
      return try Matrix(rows: shape[0], columns: shape[1], rowMajor: elements)
    } catch {
      throw NumpyFormatError(error.message)
    }
  }

  /// The array as a vector.
  ///
  /// - Throws: ``NumpyFormatError`` when the array is not 1-D.
  public func vector() throws(NumpyFormatError) -> [Double] {
    guard shape.count == 1 else {
      throw NumpyFormatError("expected a 1-D array, got shape \(shape)")
    }
    return elements
  }
}
