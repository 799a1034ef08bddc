// A regular file read at chosen offsets (Foundation's FileHandle): for readers that take only part of a file.
import Foundation

/// A regular file opened for reading byte ranges at chosen offsets, without reading the rest.
///
/// Refuses what is not a regular file, as ``InputFile`` does (a directory; a symbolic link to `/dev/zero`,
/// which has no end). The length is taken once, at opening; a read that finds fewer bytes than asked for
/// (the file shrank meanwhile) is an error, never a short result. The handle is closed when the value is
/// released.
final class RandomAccessFile {
  /// The file.
  let url: URL
  /// Its length in bytes when it was opened.
  let length: Int
  private let handle: FileHandle

  /// Opens the regular file at `url`.
  ///
  /// - Throws: ``InputFileError`` naming the path when it is missing, not a regular file, or unreadable.
  init(_ url: URL) throws(InputFileError) {
    self.url = url
    let values: URLResourceValues
    do { values = try url.resourceValues(forKeys: [.isRegularFileKey]) } catch {
      throw InputFileError(path: url.path, "cannot read: \(error.localizedDescription)")
    }
    guard values.isRegularFile == true else { throw InputFileError(path: url.path, "not a regular file") }
    do {
      handle = try FileHandle(forReadingFrom: url)
      length = Int(try handle.seekToEnd())
    } catch {
      throw InputFileError(path: url.path, "cannot read: \(error.localizedDescription)")
    }
  }

  deinit { try? handle.close() }

  /// The `count` bytes at `offset`.
  ///
  /// - Throws: ``InputFileError`` naming the path when they cannot be read or the file ends before them.
  func read(_ count: Int, at offset: Int) throws(InputFileError) -> [UInt8] {
    guard count > 0 else { return [] }
    var out: [UInt8] = []
    out.reserveCapacity(count)
    do {
      try handle.seek(toOffset: UInt64(offset))
      while out.count < count {
        guard let chunk = try handle.read(upToCount: count - out.count), !chunk.isEmpty else { break }
        out += chunk
      }
    } catch {
      throw InputFileError(
        path: url.path, "cannot read \(count) bytes at offset \(offset): \(error.localizedDescription)")
    }
    guard out.count == count else {
      throw InputFileError(
        path: url.path,
        "the file ended after \(offset + out.count) bytes, \(count) bytes were expected at offset \(offset) (it changed while being read)"
      )
    }
    return out
  }
}
