// The CRC-32 of a file read in chunks: constant memory, whatever the file's length.
import Foundation

extension InputFile {
  /// The bytes read per chunk by ``checksum(of:chunkBytes:)``: 4 MiB.
  public static let checksumChunkBytes = 4 << 20

  /// The length and the CRC-32 (ISO-HDLC, as in gzip and zip; ``FileSystemCalls/crc32(_:continuing:)``)
  /// of the regular file at `url`, read `chunkBytes` at a time, so that memory stays O(`chunkBytes`)
  /// however long the file is.
  ///
  /// - Throws: ``InputFileError`` naming the path when it is missing, not a regular file, or unreadable.
  public static func checksum(of url: URL, chunkBytes: Int = checksumChunkBytes) throws(InputFileError)
    -> (bytes: Int, crc32: UInt32)
  {
    let file = try RandomAccessFile(url)
    let step = max(chunkBytes, 1)
    var crc: UInt32 = 0
    var offset = 0
    while offset < file.length {
      let count = min(step, file.length - offset)
      crc = FileSystemCalls.crc32(Data(try file.read(count, at: offset)), continuing: crc)
      offset += count
    }
    return (file.length, crc)
  }
}
