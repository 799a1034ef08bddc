// Atomic file writes: a temp file in the same directory, then rename, so readers never see half a file.
import Foundation

/// Writes files so that nothing already on disk is ever lost or half-written: the data goes to a
/// temporary file in the destination's directory, is flushed, and is renamed over the destination.
public enum AtomicFile {
  /// Writes `data` to `url` atomically, creating parent directories.
  ///
  /// - Throws: ``OutputError`` naming the path when the directory cannot be created or written.
  public static func write(_ data: Data, to url: URL) throws(OutputError) {
    let dir = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    } catch {
      throw OutputError(path: dir.path, "cannot create directory: \(error.localizedDescription)")
    }
    let tmp = dir.appendingPathComponent(".tmp-\(UUID().uuidString)-\(url.lastPathComponent)")
    do {
      try data.write(to: tmp)
    } catch {
      throw OutputError(path: url.path, "cannot write: \(error.localizedDescription)")
    }
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
}
