// The header of an IDX file: magic number, element type, dimension count and sizes, checked.
import Spectra

/// The header of an IDX file, read and checked before any data are copied.
///
/// ```
/// bytes 0–1: 0x00 0x00      byte 2: element type (0x08 = unsigned byte)
/// byte 3: number of dimensions n (1…255)      then n big-endian UInt32 sizes
/// ```
struct IDXHeader {
  /// The longest possible header: 4 bytes and 255 sizes.
  static let maximumLength = 4 + 4 * 255

  /// The sizes of the dimensions.
  let dimensions: [Int]
  /// Header bytes: 4 + 4·n.
  let length: Int
  /// Data bytes the dimensions need (their product, overflow-checked).
  let dataLength: Int

  /// Reads the header at the start of `bytes` (all of a file, or at least its header).
  ///
  /// - Parameter fileLength: the length of the whole uncompressed file, when `bytes` is all of it; the data
  ///   must then be exactly `dataLength` bytes.
  /// - Throws: ``ConfigurationError`` with `field` = `name`, naming the header field and its value.
  init(_ bytes: [UInt8], name: String, fileLength: Int?) throws(ConfigurationError) {
    guard bytes.count >= 4 else {
      throw ConfigurationError(
        field: name, "header: not an IDX file: only \(bytes.count) bytes, the header needs 4")
    }
    guard bytes[0] == 0, bytes[1] == 0 else {
      throw ConfigurationError(
        field: name, "magic: not an IDX file: magic number starts with \(bytes[0]) \(bytes[1]), expected 0 0")
    }
    guard bytes[2] == 0x08 else {
      throw ConfigurationError(
        field: name,
        "element type: unsupported IDX element type 0x\(String(bytes[2], radix: 16)); only 0x08 (unsigned byte) is read"
      )
    }
    let n = Int(bytes[3])
    guard n >= 1 else {
      throw ConfigurationError(field: name, "dimension count: IDX file declares 0 dimensions")
    }
    length = 4 + 4 * n
    guard bytes.count >= length else {
      throw ConfigurationError(
        field: name,
        "dimension count: truncated IDX header: \(n) dimensions need \(length) bytes, file has \(bytes.count)"
      )
    }
    var dims: [Int] = []
    for i in 0..<n {
      let o = 4 + 4 * i
      dims.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
    }
    dimensions = dims
    guard CheckedSize.product(dims.dropFirst()) != nil, let expected = CheckedSize.product(dims) else {
      throw ConfigurationError(
        field: name, "dimensions: \(dims) need more bytes than fit in a 64-bit count")
    }
    dataLength = expected
    guard let fileLength else { return }
    let available = fileLength - length
    guard available == expected else {
      let what = available < expected ? "truncated" : "too long"
      throw ConfigurationError(
        field: name,
        "dimensions: \(what) IDX data: dimensions \(dims) need \(expected) bytes after the header, file has \(available)"
      )
    }
  }
}
