// Reading a whole input file: only regular files, and an empty file without touching Data(contentsOf:).
import Foundation

/// Reads the files the readers parse (`.npy`, IDX, manifests) in one place.
///
/// Refuses what is not a regular file (a directory, or a symbolic link to `/dev/zero`, which would be read
/// forever). An empty file is returned as empty data without calling `Data(contentsOf:)`, whose
/// FoundationEssentials implementation leaks a 4 KiB buffer on a 0-byte file (found by the
/// network-directory fuzz target under LeakSanitizer; `Fuzz/Corpus/network-directory/leak-empty-W1`).
public enum InputFile {
  /// The bytes of the regular file at `url`.
  ///
  /// - Throws: ``InputFileError`` naming the path when it is missing, not a regular file, or unreadable.
  public static func contents(of url: URL) throws(InputFileError) -> Data {
    let values: URLResourceValues
    do { values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey]) } catch {
      throw InputFileError(path: url.path, "cannot read: \(error.localizedDescription)")
    }
    guard values.isRegularFile == true else { throw InputFileError(path: url.path, "not a regular file") }
    if values.fileSize == 0 { return Data() }
    do { return try Data(contentsOf: url) } catch {
      throw InputFileError(path: url.path, "cannot read: \(error.localizedDescription)")
    }
  }
}

/// A file that cannot be read: its path and why.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
  /// The path.
  public let path: String
  /// Why it cannot be read.
  public let message: String

  /// An error about `path`.
  public init(path: String, _ message: String) {
    self.path = path
    self.message = message
  }

  /// `path: message`.
  public var description: String { "\(path): \(message)" }
}
