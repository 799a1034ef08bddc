internal import CZlib
// The POSIX/Linux calls behind whole-directory replacement: atomic exchange of two paths, fsync, CRC-32.
import Foundation

#if os(Linux)
  /// glibc's `int renameat2(int, const char *, int, const char *, unsigned int)` (declared in <stdio.h>
  /// only under `_GNU_SOURCE`, which Glibc's module does not define).
  @_silgen_name("renameat2")
  private func glibcRenameat2(
    _ oldDirectory: Int32, _ oldPath: UnsafePointer<CChar>, _ newDirectory: Int32,
    _ newPath: UnsafePointer<CChar>, _ flags: UInt32
  ) -> Int32
  /// <fcntl.h>: `#define AT_FDCWD -100`.
  private let atCurrentDirectory: Int32 = -100
  /// <linux/fs.h>: `#define RENAME_EXCHANGE (1 << 1)`.
  private let renameExchange: UInt32 = 1 << 1
#endif

/// The file-system calls that make a directory replacement atomic and durable.
public enum FileSystemCalls {
  /// Atomically exchanges the two existing paths `a` and `b` (Linux `renameat2` with `RENAME_EXCHANGE`):
  /// at every instant each path names either its old or its new object, never nothing.
  ///
  /// - Returns: `false` when the platform or file system cannot exchange (`ENOSYS`, `EINVAL`, `ENOTSUP`);
  ///   the caller then falls back to two renames.
  /// - Throws: ``OutputError`` naming `b` for any other failure.
  public static func exchange(_ a: String, _ b: String) throws(OutputError) -> Bool {
    #if os(Linux)
      if glibcRenameat2(atCurrentDirectory, a, atCurrentDirectory, b, renameExchange) == 0 { return true }
      let code = errno
      if code == ENOSYS || code == EINVAL || code == EOPNOTSUPP { return false }
      throw OutputError(path: b, "cannot exchange with \(a): \(String(cString: strerror(code)))")
    #else
      return false
    #endif
  }

  /// Flushes the file or directory at `path` to stable storage (`fsync`).
  ///
  /// - Throws: ``OutputError`` naming the path when it cannot be opened or flushed.
  public static func synchronize(_ path: String) throws(OutputError) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw OutputError(path: path, "cannot open to flush: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    guard fsync(fd) == 0 else {
      throw OutputError(path: path, "cannot flush to disk: \(String(cString: strerror(errno)))")
    }
  }

  /// The CRC-32 (ISO-HDLC, as in gzip and zip) of `data`, by zlib; with `previous`, the CRC-32 of the
  /// bytes whose CRC-32 is `previous` followed by `data` (so a file can be checksummed chunk by chunk:
  /// `crc32(b, continuing: crc32(a)) == crc32(a + b)`).
  public static func crc32(_ data: Data, continuing previous: UInt32 = 0) -> UInt32 {
    data.withUnsafeBytes { raw -> UInt32 in
      let bytes = raw.bindMemory(to: UInt8.self)
      var crc = UInt(previous)
      var offset = 0
      while offset < bytes.count {
        let length = min(bytes.count - offset, Int(UInt32.max))
        crc = CZlib.crc32(crc, bytes.baseAddress! + offset, UInt32(length))
        offset += length
      }
      return UInt32(truncatingIfNeeded: crc)
    }
  }
}
