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
/// Written: version 1.0, `<f8`, C order, header padded to a multiple of 64 bytes.
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
      throw NumpyFormatError("shape \(shape) has a negative entry")
    }
    let count = shape.reduce(1, *)
    guard count == elements.count else {
      throw NumpyFormatError("shape \(shape) needs \(count) elements, got \(elements.count)")
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
  /// - Throws: ``NumpyFormatError`` naming the file when it cannot be read or is not a valid real `.npy`.
  public init(contentsOf url: URL) throws(NumpyFormatError) {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw NumpyFormatError("cannot read \(url.path): \(error.localizedDescription)")
    }
    do {
      try self.init(npyData: data)
    } catch {
      throw NumpyFormatError("\(url.lastPathComponent): \(error.message)")
    }
  }

  /// Decodes the bytes of a `.npy` file.
  ///
  /// - Throws: ``NumpyFormatError`` describing the first problem found.
  public init(npyData data: Data) throws(NumpyFormatError) {
    let bytes = [UInt8](data)
    let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw NumpyFormatError("not a NumPy .npy file (missing the \\x93NUMPY magic string)")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else {
        throw NumpyFormatError("truncated .npy header (file has \(bytes.count) bytes)")
      }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw NumpyFormatError(
        "unsupported .npy format version \(major).\(bytes[7]) (expected 1.0, 2.0 or 3.0)")
    }
    let dataStart = headerStart + headerLength
    guard bytes.count >= dataStart else {
      throw NumpyFormatError(
        "truncated .npy header: it declares \(headerLength) bytes, the file has \(bytes.count - headerStart)")
    }
    let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)
    let descr = try Self.value(of: "descr", in: header)
    let order = try Self.value(of: "fortran_order", in: header)
    let shapeText = try Self.value(of: "shape", in: header)

    let dtype = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
    let width: Int
    let bigEndian: Bool
    switch dtype {
    case "<f8", "|f8", "=f8": (width, bigEndian) = (8, false)
    case ">f8": (width, bigEndian) = (8, true)
    case "<f4", "|f4", "=f4": (width, bigEndian) = (4, false)
    case ">f4": (width, bigEndian) = (4, true)
    default:
      throw NumpyFormatError("unsupported dtype '\(dtype)': expected float64 ('<f8') or float32 ('<f4')")
    }
    let fortran: Bool
    switch order.trimmingCharacters(in: .whitespaces) {
    case "False": fortran = false
    case "True": fortran = true
    default: throw NumpyFormatError("malformed header: fortran_order is '\(order)'")
    }
    let shape = try Self.parseShape(shapeText)
    let count = shape.reduce(1, *)
    let available = bytes.count - dataStart
    guard available == count * width else {
      throw NumpyFormatError(
        available < count * width
          ? "truncated data: shape \(shape) of '\(dtype)' needs \(count * width) bytes, the file has \(available)"
          : "trailing bytes: shape \(shape) of '\(dtype)' needs \(count * width) bytes, the file has \(available)"
      )
    }
    var values = [Double](repeating: 0, count: count)
    for e in 0..<count {
      let base = dataStart + e * width
      var bits: UInt64 = 0
      for b in 0..<width {
        let byte = UInt64(bytes[base + (bigEndian ? width - 1 - b : b)])
        bits |= byte << (8 * UInt64(b))
      }
      values[e] =
        width == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
    }
    if fortran && shape.count > 1 {
      values = Self.fortranToC(values, shape: shape)
    }
    try self.init(shape: shape, elements: values)
  }

  /// The bytes of a version-1.0 `.npy` file: `<f8`, C order.
  public var npyData: Data {
    let shapeText =
      shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
    // Total of magic (6) + version (2) + length (2) + header + newline is a multiple of 64.
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var out = [UInt8]()
    out.reserveCapacity(10 + header.utf8.count + 8 * elements.count)
    out += [0x93] + Array("NUMPY".utf8) + [1, 0]
    let length = header.utf8.count
    out += [UInt8(length & 0xFF), UInt8(length >> 8)]
    out += Array(header.utf8)
    for v in elements {
      let bits = v.bitPattern
      for b in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
    }
    return Data(out)
  }

  /// Writes the array as a version-1.0 `<f8` C-order `.npy` file, atomically.
  ///
  /// - Throws: ``OutputError`` naming the path.
  public func write(to url: URL) throws(OutputError) {
    try AtomicFile.write(npyData, to: url)
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

  // MARK: - Header parsing

  /// The text of the value of `key` in the header's Python dict literal (up to the next top-level comma).
  private static func value(of key: String, in header: String) throws(NumpyFormatError) -> String {
    guard header.hasPrefix("{"), let start = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"")
    else {
      throw NumpyFormatError(
        "malformed header: no '\(key)' entry in \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    var rest = header[start.upperBound...].drop(while: { $0 == " " })
    guard rest.first == ":" else { throw NumpyFormatError("malformed header near '\(key)'") }
    rest = rest.dropFirst().drop(while: { $0 == " " })
    var depth = 0
    var out = ""
    for ch in rest {
      if ch == "(" { depth += 1 }
      if ch == ")" { depth -= 1 }
      if depth == 0 && (ch == "," || ch == "}") { break }
      out.append(ch)
    }
    return out.trimmingCharacters(in: .whitespaces)
  }

  private static func parseShape(_ text: String) throws(NumpyFormatError) -> [Int] {
    guard text.hasPrefix("("), text.hasSuffix(")") else {
      throw NumpyFormatError("malformed header: shape is '\(text)'")
    }
    let inner = text.dropFirst().dropLast()
    var shape: [Int] = []
    for part in inner.split(separator: ",") {
      let t = part.trimmingCharacters(in: .whitespaces)
      if t.isEmpty { continue }
      guard let v = Int(t), v >= 0 else {
        throw NumpyFormatError("malformed header: shape entry '\(t)' is not a non-negative integer")
      }
      shape.append(v)
    }
    return shape
  }

  /// Reorders Fortran-order (first index fastest) elements into C order.
  private static func fortranToC(_ values: [Double], shape: [Int]) -> [Double] {
    let d = shape.count
    var fStride = [Int](repeating: 1, count: d)
    for a in 1..<d { fStride[a] = fStride[a - 1] * shape[a - 1] }
    var out = [Double](repeating: 0, count: values.count)
    var index = [Int](repeating: 0, count: d)
    for c in 0..<values.count {
      var f = 0
      for a in 0..<d { f += index[a] * fStride[a] }
      out[c] = values[f]
      var a = d - 1
      while a >= 0 {
        index[a] += 1
        if index[a] < shape[a] { break }
        index[a] = 0
        a -= 1
      }
    }
    return out
  }
}

/// A `.npy` file that cannot be read or does not hold a real array in a supported layout.
public struct NumpyFormatError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, naming the file or header field and the offending value.
  public let message: String

  /// An error with the given message.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
