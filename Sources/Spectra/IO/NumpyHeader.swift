// The header of a `.npy` file: preamble, header dict, dtype, order, shape; shared by every `.npy` reader.
import Foundation

/// What the header of a `.npy` file says: the element type, the order, the shape and where the data start.
///
/// Parsed from the file's first bytes (preamble: magic `\x93NUMPY`, version, header length; then the
/// header's Python dict literal), so that a reader can learn the shape without reading the data
/// (``NumpyArray/header(of:)``) or read only some rows (``NumpyArray/rows(_:of:)``). Accepted: versions
/// 1.0, 2.0, 3.0; dtypes `<f8`, `>f8`, `<f4`, `>f4`; `fortran_order` `True` or `False`; a shape of at most
/// ``NumpyArray/maximumDimensionCount`` entries, each in 0…2³¹, whose byte count fits a 64-bit `Int`.
///
/// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
public struct NumpyHeader: Sendable, Equatable {
  /// The shape (empty for a 0-dimensional array).
  public let shape: [Int]
  /// The dtype as written in the header, e.g. `<f8`.
  public let dtype: String
  /// Bytes per element: 8 (float64) or 4 (float32).
  public let elementBytes: Int
  /// Whether the elements are stored big-endian (`>f8`, `>f4`).
  public let bigEndian: Bool
  /// Whether the data are in Fortran order (first index fastest) rather than C order (last index fastest).
  public let fortranOrder: Bool
  /// The offset of the data section from the file's start (preamble plus header).
  public let dataOffset: Int
  /// The number of elements, the product of ``shape``.
  public let elementCount: Int
  /// The length of the data section the shape requires: ``elementCount`` · ``elementBytes``.
  public let dataBytes: Int

  /// Parses the header at the start of `bytes`, the file's first bytes: at least through the header (the
  /// data may follow, or not), or the whole file when it is shorter.
  ///
  /// Each message starts with the field at fault (`magic`, `version`, `header length`, `descr`,
  /// `fortran_order`, `shape`) and quotes the value found.
  ///
  /// - Throws: ``NumpyFormatError`` describing the first problem found.
  public init(parsing bytes: [UInt8]) throws(NumpyFormatError) {
    let (headerStart, headerLength) = try Self.preamble(bytes)
    guard bytes.count - headerStart >= headerLength else {
      throw NumpyFormatError(
        "header length: truncated .npy header: it declares \(headerLength) bytes, the file has \(bytes.count - headerStart)"
      )
    }
    let dataStart = headerStart + headerLength
    let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)
    let dtype = try Self.value(of: "descr", in: header).trimmingCharacters(
      in: CharacterSet(charactersIn: "'\" "))
    let order = try Self.value(of: "fortran_order", in: header)
    let shape = try Self.parseShape(try Self.value(of: "shape", in: header))
    switch dtype {
    case "<f8", "|f8", "=f8": (elementBytes, bigEndian) = (8, false)
    case ">f8": (elementBytes, bigEndian) = (8, true)
    case "<f4", "|f4", "=f4": (elementBytes, bigEndian) = (4, false)
    case ">f4": (elementBytes, bigEndian) = (4, true)
    default:
      throw NumpyFormatError(
        "descr: unsupported dtype '\(Self.excerpt(dtype))': expected float64 ('<f8') or float32 ('<f4')")
    }
    switch order.trimmingCharacters(in: .whitespaces) {
    case "False": fortranOrder = false
    case "True": fortranOrder = true
    default: throw NumpyFormatError("fortran_order: must be True or False, got '\(Self.excerpt(order))'")
    }
    guard let count = CheckedSize.product(shape), let needed = CheckedSize.product(count, elementBytes)
    else {
      throw NumpyFormatError(
        "shape: \(shape) of '\(dtype)' needs more bytes than fit in a 64-bit count")
    }
    self.shape = shape
    self.dtype = dtype
    self.dataOffset = dataStart
    self.elementCount = count
    self.dataBytes = needed
  }

  /// Where the header of the file starting with `prefix` ends (the data's offset), from the preamble alone:
  /// how many of the file's first bytes ``init(parsing:)`` needs. `prefix` is the file's first 12 bytes,
  /// or the whole file when it is shorter.
  ///
  /// - Throws: ``NumpyFormatError`` for a missing magic string, an unknown version, or a header length
  ///   over ``NumpyArray/maximumHeaderLength``.
  public static func headerEnd(_ prefix: [UInt8]) throws(NumpyFormatError) -> Int {
    let (start, length) = try preamble(prefix)
    return start + length
  }

  /// Checks that the data section holds exactly the ``dataBytes`` the shape requires.
  ///
  /// - Throws: ``NumpyFormatError`` (`data: truncated data` or `data: trailing bytes`, with both counts).
  public func checkDataLength(_ available: Int) throws(NumpyFormatError) {
    guard available == dataBytes else {
      let what = available < dataBytes ? "truncated data" : "trailing bytes"
      throw NumpyFormatError(
        "data: \(what): shape \(shape) of '\(dtype)' needs \(dataBytes) bytes, the file has \(available)")
    }
  }

  /// The element stored at `offset` of `bytes` (``elementBytes`` bytes in the header's byte order),
  /// widened to `Double` (exactly, for float32).
  ///
  /// - Precondition: `offset + elementBytes ≤ bytes.count`.
  public func element(_ bytes: [UInt8], at offset: Int) -> Double {
    var bits: UInt64 = 0
    for b in 0..<elementBytes {
      let byte = UInt64(bytes[offset + (bigEndian ? elementBytes - 1 - b : b)])
      bits |= byte << (8 * UInt64(b))
    }
    return elementBytes == 8
      ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
  }

  /// The offset of the header and its declared length, from the magic string, version and header length.
  private static func preamble(_ bytes: [UInt8]) throws(NumpyFormatError) -> (start: Int, length: Int) {
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
    guard headerLength <= NumpyArray.maximumHeaderLength else {
      throw NumpyFormatError(
        "header length: \(headerLength) bytes declared, more than the limit of \(NumpyArray.maximumHeaderLength)"
      )
    }
    return (headerStart, headerLength)
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

  /// The shape tuple: at most ``NumpyArray/maximumDimensionCount`` entries, each an integer in 0…2³¹.
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
      guard shape.count <= NumpyArray.maximumDimensionCount else {
        throw NumpyFormatError(
          "shape: more than \(NumpyArray.maximumDimensionCount) dimensions in \(excerpt(text))")
      }
    }
    return shape
  }
}
