// Atomic file writes: a temp file in the same directory, then rename, so readers never see half a file.
import Foundation

/// Writes files so that nothing already on disk is ever lost or half-written: the data goes to a
/// temporary file `.tmp-<pid>-<uuid>-<name>` in the destination's directory and is renamed over the
/// destination. The writer holds an exclusive `flock(2)` on its temporary file until the rename, so a
/// cleaner (``removeStaleTemporaryFiles(in:isRoot:)``) never removes a file another process is writing.
///
/// Every write holds `AtomicFile.gate` from the creation of its temporary file to the rename, so an
/// interruption handler that takes the gate (``AtomicFile/finishWritesAndRun(_:)``) waits for the current
/// write to complete and then finds no temporary file of this process left. A failed write (full disk,
/// permissions) removes its temporary file before throwing.
public enum AtomicFile {
  /// The prefix of every temporary file.
  public static let temporaryPrefix = ".tmp-"

  /// Held during each write; see ``finishWritesAndRun(_:)``.
  private static let gate = NSLock()

  /// Writes `data` to `url` atomically, creating parent directories.
  ///
  /// - Throws: ``OutputError`` naming the path when the directory cannot be created or written; no
  ///   temporary file is left behind.
  public static func write(_ data: Data, to url: URL) throws(OutputError) {
    let dir = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    } catch {
      throw OutputError(path: dir.path, "cannot create directory: \(OutputError.reason(error))")
    }
    let tmp = dir.appendingPathComponent(temporaryName(for: url.lastPathComponent))
    gate.lock()
    defer { gate.unlock() }
    let handle: FileHandle
    do {
      handle = try lockedNewFile(tmp)
      try handle.write(contentsOf: data)
    } catch {
      try? FileManager.default.removeItem(at: tmp)
      throw OutputError(path: url.path, "cannot write: \(OutputError.reason(error))")
    }
    defer { try? handle.close() }  // releases the lock, after the rename
    if rename(tmp.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: tmp)
      throw OutputError(path: url.path, "cannot rename temporary file into place: \(reason)")
    }
  }

  /// Writes a UTF-8 string to `url` atomically.
  public static func write(_ text: String, to url: URL) throws(OutputError) {
    try write(Data(text.utf8), to: url)
  }

  /// Waits for the write in progress (if any) to finish, then runs `body` with no write able to start:
  /// for a signal handler that must leave only whole files behind (`body` typically exits the process).
  public static func finishWritesAndRun(_ body: () -> Void) {
    gate.lock()
    defer { gate.unlock() }
    body()
  }
}

/// A failure to write an output file, naming the path.
public struct OutputError: Error, Sendable, CustomStringConvertible {
  /// The path that could not be written.
  public let path: String
  /// Why.
  public let message: String

  /// An error about `path`.
  public init(path: String, _ message: String) {
    self.path = path
    self.message = message
  }

  /// `path: message`.
  public var description: String { "\(path): \(message)" }

  /// The operating system's reason for a Foundation file error ("Permission denied", "No space left on
  /// device"), rather than the whole `NSError` dump.
  public static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
    {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    if let cocoa = error as? CocoaError, let code = posixCode(cocoa.code) {
      return String(cString: strerror(code))
    }
    return ns.localizedDescription
  }

  /// The errno behind the Cocoa file errors that Foundation on Linux reports without an underlying error.
  private static func posixCode(_ code: CocoaError.Code) -> Int32? {
    switch code {
    case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
    case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
    case .fileWriteOutOfSpace: return ENOSPC
    case .fileWriteVolumeReadOnly: return EROFS
    case .fileWriteFileExists: return EEXIST
    default: return nil
    }
  }
}
