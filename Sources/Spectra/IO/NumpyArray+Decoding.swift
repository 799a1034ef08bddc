// Decoding the bytes of a `.npy` file: preamble, header dict, dtype, shape, data; every size checked.
import Foundation

extension NumpyArray {
  /// The largest header a file may declare: 1 MiB (NumPy itself refuses headers over 10 000 bytes).
  public static let maximumHeaderLength = 1 << 20
  /// The most dimensions a shape may have (NumPy 2's limit).
  public static let maximumDimensionCount = 64

  /// Decodes the bytes of a `.npy` file.
  ///
  /// Each message starts with the field at fault (`magic`, `version`, `header length`, `descr`,
  /// `fortran_order`, `shape`, `data`) and quotes the value found.
  ///
  /// - Throws: ``NumpyFormatError`` describing the first problem found.
  /// - Complexity: O(file length); nothing is allocated for the elements before the shape's byte count
  ///   has been checked against the bytes the file holds.
  public init(npyData data: Data) throws(NumpyFormatError) {
    let bytes = [UInt8](data)
    let (headerStart, dataStart) = try Self.preamble(bytes)
    let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)
    let dtype = try Self.value(of: "descr", in: header).trimmingCharacters(
      in: CharacterSet(charactersIn: "'\" "))
    let order = try Self.value(of: "fortran_order", in: header)
    let shape = try Self.parseShape(try Self.value(of: "shape", in: header))

    let width: Int
    let bigEndian: Bool
    switch dtype {
    case "<f8", "|f8", "=f8": (width, bigEndian) = (8, false)
    case ">f8": (width, bigEndian) = (8, true)
    case "<f4", "|f4", "=f4": (width, bigEndian) = (4, false)
    case ">f4": (width, bigEndian) = (4, true)
    default:
      throw NumpyFormatError(
        "descr: unsupported dtype '\(Self.excerpt(dtype))': expected float64 ('<f8') or float32 ('<f4')")
    }
    let fortran: Bool
    switch order.trimmingCharacters(in: .whitespaces) {
    case "False": fortran = false
    case "True": fortran = true
    default: throw NumpyFormatError("fortran_order: must be True or False, got '\(Self.excerpt(order))'")
    }
    guard let count = CheckedSize.product(shape), let needed = CheckedSize.product(count, width) else {
      throw NumpyFormatError(
        "shape: \(shape) of '\(dtype)' needs more bytes than fit in a 64-bit count")
    }
    let available = bytes.count - dataStart
    guard available == needed else {
      let what = available < needed ? "truncated data" : "trailing bytes"
      throw NumpyFormatError(
        "data: \(what): shape \(shape) of '\(dtype)' needs \(needed) bytes, the file has \(available)")
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
    if fortran && shape.count > 1 && count > 0 {
      values = Self.fortranToC(values, shape: shape)
    }
    try self.init(shape: shape, elements: values)
  }

  /// The offsets of the header and of the data, from the magic string, version and header length.
  private static func preamble(_ bytes: [UInt8]) throws(NumpyFormatError) -> (header: Int, data: Int) {
    let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    guard !bytes.isEmpty else { throw NumpyFormatError("magic: empty file (0 bytes), not a NumPy .npy file") }
    guard bytes.count >= 10, bytes[0..<6].elementsEqual(magic) else {
      let found = bytes.prefix(6).map { String(format: "%02x", $0) }.joined(separator: " ")
      throw NumpyFormatError(
        "magic: not a NumPy .npy file (expected the \\x93NUMPY magic string, found bytes [\(found)] in a "
          + "file of \(bytes.count) bytes)")
    }
    let headerLength: Int
    let headerStart: Int
    switch bytes[6] {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else {
        throw NumpyFormatError(
          "header length: truncated .npy header (a version-\(bytes[6]) preamble needs 12 bytes, the file has \(bytes.count))"
        )
      }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw NumpyFormatError(
        "version: unsupported .npy format version \(bytes[6]).\(bytes[7]) (expected 1.0, 2.0 or 3.0)")
    }
    guard headerLength <= maximumHeaderLength else {
      throw NumpyFormatError(
        "header length: \(headerLength) bytes declared, more than the limit of \(maximumHeaderLength)")
    }
    guard bytes.count - headerStart >= headerLength else {
      throw NumpyFormatError(
        "header length: truncated .npy header: it declares \(headerLength) bytes, the file has \(bytes.count - headerStart)"
      )
    }
    return (headerStart, headerStart + headerLength)
  }

  /// At most 80 characters of `text`, for quoting a hostile value in a message.
  static func excerpt(_ text: some StringProtocol) -> String {
    text.count <= 80 ? String(text) : String(text.prefix(80)) + "…"
  }

  /// The text of the value of `key` in the header's Python dict literal (up to the next top-level comma).
  private static func value(of key: String, in header: String) throws(NumpyFormatError) -> String {
    let shown = excerpt(header.trimmingCharacters(in: .whitespacesAndNewlines))
    guard header.hasPrefix("{"), let start = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"")
    else {
      throw NumpyFormatError("\(key): malformed header: no '\(key)' entry in \(shown)")
    }
    var rest = header[start.upperBound...].drop(while: { $0 == " " })
    guard rest.first == ":" else {
      throw NumpyFormatError("\(key): malformed header near '\(key)' in \(shown)")
    }
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

  /// The shape tuple: at most ``maximumDimensionCount`` entries, each an integer in 0…2³¹.
  private static func parseShape(_ text: String) throws(NumpyFormatError) -> [Int] {
    guard text.hasPrefix("("), text.hasSuffix(")") else {
      throw NumpyFormatError("shape: malformed header: shape is '\(excerpt(text))', expected a tuple")
    }
    let inner = text.dropFirst().dropLast()
    var shape: [Int] = []
    for part in inner.split(separator: ",") {
      let t = part.trimmingCharacters(in: .whitespaces)
      if t.isEmpty { continue }
      guard let v = Int(t), v >= 0 else {
        throw NumpyFormatError("shape: entry '\(excerpt(t))' is not a non-negative integer")
      }
      guard v <= CheckedSize.maximumDimension else {
        throw NumpyFormatError(
          "shape: dimension \(v) exceeds the limit \(CheckedSize.maximumDimension) (2³¹)")
      }
      shape.append(v)
      guard shape.count <= maximumDimensionCount else {
        throw NumpyFormatError("shape: more than \(maximumDimensionCount) dimensions in \(excerpt(text))")
      }
    }
    return shape
  }

  /// Reorders Fortran-order (first index fastest) elements into C order.
  ///
  /// - Precondition: `values.count` is the (non-zero) product of `shape`, so no stride overflows.
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
