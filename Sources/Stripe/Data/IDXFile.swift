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
  /// - Throws: `ConfigurationError` when there are no or more than 255 dimensions, a dimension is outside
  ///   0…2³²−1, the item size overflows, or the value count is not the product of the dimensions.
  public init(dimensions: [Int], values: [UInt8]) throws(ConfigurationError) {
    guard !dimensions.isEmpty, dimensions.count < 256,
      dimensions.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) })
    else {
      throw ConfigurationError(
        field: "dimensions", "IDX needs 1…255 dimensions in 0…2³²−1, got \(dimensions)")
    }
    guard CheckedSize.product(dimensions.dropFirst()) != nil, let count = CheckedSize.product(dimensions)
    else {
      throw ConfigurationError(
        field: "dimensions", "dimensions \(dimensions) hold more values than fit in a 64-bit count")
    }
    guard values.count == count else {
      throw ConfigurationError(
        field: "values", "dimensions \(dimensions) need \(count) values, got \(values.count)")
    }
    self.dimensions = dimensions
    self.values = values
  }

  /// Parses IDX bytes (gzipped or not); `name` is used in error messages.
  ///
  /// For gzipped bytes the header is inflated first, and the rest is inflated only up to the size the
  /// header's dimensions need, so a short file cannot claim (or inflate to) more memory than its shape.
  ///
  /// - Throws: `ConfigurationError` with `field` = `name` and a message naming the header field and the
  ///   value, for corrupt gzip data, a bad magic number, an unsupported element type, 0 dimensions,
  ///   dimensions whose product overflows, or a truncated or over-long file.
  public init(bytes raw: [UInt8], name: String) throws(ConfigurationError) {
    var bytes = raw
    if Gzip.isCompressed(raw) {
      do {
        let prefix = try Gzip.decompressedPrefix(raw, count: IDXHeader.maximumLength)
        let header = try IDXHeader(prefix, name: name, fileLength: nil)
        let needed = CheckedSize.sum(header.length, header.dataLength) ?? (.max - 1)
        bytes = try Gzip.decompress(raw, limit: needed)
        guard bytes.count <= needed else {
          throw ConfigurationError(
            field: name,
            "dimensions: too long IDX data: dimensions \(header.dimensions) need \(header.dataLength) bytes after the header, the decompressed file holds more"
          )
        }
      } catch let error as ConfigurationError {
        throw error
      } catch {
        throw ConfigurationError(field: name, "cannot decompress: \(error)")
      }
    }
    let header = try IDXHeader(bytes, name: name, fileLength: bytes.count)
    try self.init(dimensions: header.dimensions, values: Array(bytes[header.length...]))
  }

  /// Reads an IDX file (gzipped or not) from `path`.
  ///
  /// - Throws: `ConfigurationError` naming the path when it cannot be read or is not valid IDX.
  public init(path: String) throws(ConfigurationError) {
    let data: Data
    do { data = try InputFile.contents(of: URL(fileURLWithPath: path)) } catch {
      throw ConfigurationError(field: path, "cannot read file: \(error.message)")
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
  /// Elements per item (product of the other dimensions; checked not to overflow on creation).
  public var itemSize: Int { CheckedSize.product(dimensions.dropFirst())! }
}
