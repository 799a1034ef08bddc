// Reader and writer of the IDX format (MNIST, Fashion-MNIST), gzipped or not.
import Foundation
import Spectra

/// An IDX array of unsigned bytes: the file format of MNIST and Fashion-MNIST.
///
/// ```
/// bytes 0–1: 0x00 0x00      byte 2: element type (0x08 = unsigned byte)
/// byte 3: number of dimensions n      then n big-endian UInt32 sizes, then the data (C order)
/// ```
/// Files may be gzip-compressed (detected by the 1f 8b magic); both forms read the same.
///
/// Source: shared/science/stripe.md §6 and "Offline data options"
public struct IDXFile: Sendable, Equatable {
  /// The sizes of the dimensions (e.g. [60000, 28, 28] for images, [60000] for labels).
  public let dimensions: [Int]
  /// The elements in C (row-major) order.
  public let values: [UInt8]

  /// An IDX array from its dimensions and values.
  ///
  /// - Throws: `ConfigurationError` when the value count is not the product of the dimensions.
  public init(dimensions: [Int], values: [UInt8]) throws(ConfigurationError) {
    guard !dimensions.isEmpty, dimensions.count < 256,
      dimensions.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) })
    else {
      throw ConfigurationError(
        field: "dimensions", "IDX needs 1…255 dimensions in 0…2³²−1, got \(dimensions)")
    }
    let count = dimensions.reduce(1, *)
    guard values.count == count else {
      throw ConfigurationError(
        field: "values", "dimensions \(dimensions) need \(count) values, got \(values.count)")
    }
    self.dimensions = dimensions
    self.values = values
  }

  /// Parses IDX bytes (gzipped or not); `name` is used in error messages.
  ///
  /// - Throws: `ConfigurationError` with `field` = `name` for corrupt gzip data, a bad magic number, an
  ///   unsupported element type, or a truncated or over-long file.
  public init(bytes raw: [UInt8], name: String) throws(ConfigurationError) {
    var bytes = raw
    if Gzip.isCompressed(raw) {
      do { bytes = try Gzip.decompress(raw) } catch {
        throw ConfigurationError(field: name, "cannot decompress: \(error.message)")
      }
    }
    guard bytes.count >= 4 else {
      throw ConfigurationError(field: name, "not an IDX file: only \(bytes.count) bytes, the header needs 4")
    }
    guard bytes[0] == 0, bytes[1] == 0 else {
      throw ConfigurationError(
        field: name, "not an IDX file: magic number starts with \(bytes[0]) \(bytes[1]), expected 0 0")
    }
    guard bytes[2] == 0x08 else {
      throw ConfigurationError(
        field: name,
        "unsupported IDX element type 0x\(String(bytes[2], radix: 16)); only 0x08 (unsigned byte) is read")
    }
    let n = Int(bytes[3])
    guard n >= 1 else { throw ConfigurationError(field: name, "IDX file declares 0 dimensions") }
    let headerSize = 4 + 4 * n
    guard bytes.count >= headerSize else {
      throw ConfigurationError(
        field: name, "truncated IDX header: \(n) dimensions need \(headerSize) bytes, file has \(bytes.count)"
      )
    }
    var dims: [Int] = []
    for i in 0..<n {
      let o = 4 + 4 * i
      dims.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
    }
    let expected = dims.reduce(1, *)
    let available = bytes.count - headerSize
    guard available == expected else {
      let what = available < expected ? "truncated" : "too long"
      throw ConfigurationError(
        field: name,
        "\(what) IDX data: dimensions \(dims) need \(expected) bytes after the header, file has \(available)")
    }
    try self.init(dimensions: dims, values: Array(bytes[headerSize...]))
  }

  /// Reads an IDX file (gzipped or not) from `path`.
  ///
  /// - Throws: `ConfigurationError` naming the path when it cannot be read or is not valid IDX.
  public init(path: String) throws(ConfigurationError) {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw ConfigurationError(field: path, "cannot read file: \(error.localizedDescription)")
    }
    try self.init(bytes: [UInt8](data), name: path)
  }

  /// The uncompressed IDX encoding (header + data).
  public var serialized: [UInt8] {
    var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for d in dimensions {
      let v = UInt32(d)
      out += [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }
    return out + values
  }

  /// Number of items (the first dimension).
  public var itemCount: Int { dimensions[0] }
  /// Elements per item (product of the other dimensions).
  public var itemSize: Int { dimensions.dropFirst().reduce(1, *) }
}
