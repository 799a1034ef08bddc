// gzip decompression through zlib's inflate (for gzipped IDX data files). All zlib pointer code lives here.
internal import CZlib

/// A failure to decompress gzip data: a message naming the problem (zlib's own message when it has one).
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  public let message: String

  /// An error with the given message.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}

/// gzip (RFC 1952) decompression by zlib.
public enum Gzip {
  /// Whether `bytes` starts with the gzip magic number 1f 8b.
  public static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
  }

  /// The decompressed contents of a gzip stream (concatenated members are decoded in turn).
  ///
  /// - Parameters:
  ///   - bytes: the gzip stream.
  ///   - limit: inflate no more than `limit + 1` bytes; a result longer than `limit` tells the caller that
  ///     the stream holds more (a defence against decompression bombs: a header can say how much data to
  ///     expect, and nothing beyond that is inflated).
  /// - Throws: ``GzipError`` for corrupt or truncated data.
  /// - Complexity: O(n) time; output grown in 64 KiB chunks.
  public static func decompress(_ bytes: [UInt8], limit: Int = .max - 1) throws(GzipError) -> [UInt8] {
    let stop = limit < Int.max ? limit + 1 : limit
    var output: [UInt8] = []
    output.reserveCapacity(min(stop, bytes.count * 4))
    var offset = 0
    while offset < bytes.count && output.count < stop {
      offset = try inflateMember(bytes, from: offset, into: &output, stopAt: stop)
      // Skip trailing zero padding after the last member.
      while offset < bytes.count && bytes[offset] == 0 { offset += 1 }
    }
    return Array(output.prefix(stop))
  }

  /// The first `count` (≥ 1) decompressed bytes (fewer when the stream is shorter), inflating no further.
  ///
  /// - Throws: ``GzipError`` for corrupt or truncated data within those bytes.
  public static func decompressedPrefix(_ bytes: [UInt8], count: Int) throws(GzipError) -> [UInt8] {
    try decompress(bytes, limit: max(0, count - 1))
  }

  /// Inflates one gzip member starting at `start`; returns the offset just after it, or stops (with a
  /// meaningless offset) as soon as `output` holds at least `stopAt` bytes.
  private static func inflateMember(
    _ bytes: [UInt8], from start: Int, into output: inout [UInt8], stopAt: Int
  )
    throws(GzipError)
    -> Int
  {
    var stream = z_stream()
    let windowBits: Int32 = 15 + 16  // 16: expect a gzip header and trailer
    var status = inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw GzipError("zlib inflateInit2 failed with code \(status)") }
    defer { inflateEnd(&stream) }
    let chunk = 1 << 16
    var buffer = [UInt8](repeating: 0, count: chunk)
    var consumed = 0
    var failure: String? = nil
    bytes.withUnsafeBufferPointer { input in
      let base = UnsafeMutablePointer(mutating: input.baseAddress! + start)
      stream.next_in = base
      stream.avail_in = UInt32(clamping: input.count - start)
      repeat {
        let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
          stream.next_out = out.baseAddress
          stream.avail_out = UInt32(chunk)
          status = inflate(&stream, Z_NO_FLUSH)
          return chunk - Int(stream.avail_out)
        }
        if status != Z_OK && status != Z_STREAM_END {
          if status == Z_BUF_ERROR {
            failure = "gzip data are truncated (stream ended after \(stream.total_in) compressed bytes)"
          } else if let msg = stream.msg {
            failure = "gzip data are corrupt: \(String(cString: msg))"
          } else {
            failure = "gzip data are corrupt (zlib code \(status))"
          }
          return
        }
        output.append(contentsOf: buffer[0..<produced])
        if output.count >= stopAt { return }
        if status == Z_OK && stream.avail_in == 0 && produced == 0 {
          failure = "gzip data are truncated (stream ended after \(stream.total_in) compressed bytes)"
          return
        }
      } while status != Z_STREAM_END
      consumed = Int(stream.total_in)
    }
    if let failure { throw GzipError(failure) }
    return start + consumed
  }
}
