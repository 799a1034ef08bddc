// Claiming an output directory before any work: created, proven writable, locked, cleared of stale temp files.
import Foundation
import Spectra

/// The first thing a command that writes a directory does, before any computation:
///
/// ```
/// 1. create DIR (and parents)           refused: "--out DIR: cannot create the directory: <reason>"
/// 2. write and remove a probe file      refused: "--out DIR: cannot write there: <reason>"
/// 3. lock DIR/.spectra.lock (flock)     refused: "another spectra run (pid P) is writing into DIR"
/// 4. remove the .tmp-* files a killed run left in DIR
/// ```
///
/// Steps 1–2 are usage errors (exit 64): the value of `--out` is refused before any work. Step 3 is bad
/// input found while running (exit 65). The lock is kept until the process ends (``Interruption`` holds it).
enum OutputDirectory {
  /// Claims `path` (the value of `option`) for the rest of this run; claiming a directory twice is a
  /// no-op.
  ///
  /// - Throws: ``RefusedValue`` when the directory cannot be created or written, ``ConfigurationError``
  ///   when another run holds it.
  static func claim(_ path: String, option: String = "--out") throws {
    let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    guard !Interruption.holds(url) else { return }
    try checkWritable(url, option: option)
    let lock: DirectoryLock
    do { lock = try DirectoryLock(directory: url) } catch {
      throw ConfigurationError(field: String(option.drop { $0 == "-" }), error.description)
    }
    let removed = AtomicFile.removeStaleTemporaryFiles(in: url)
    if !removed.isEmpty {
      ProgressReporter.log(
        "removed \(removed.count) temporary file(s) left by an interrupted run in \(url.path)")
    }
    Interruption.register(url, lock: lock)
  }

  /// Creates `url` and proves it writable with a probe file, without locking it.
  ///
  /// - Throws: ``RefusedValue`` naming `option`, the path and the operating system's reason.
  /// A directory that is replaced whole (`--save-network`: `AtomicDirectory` writes a sibling and exchanges
  /// it in): refuses a file at `url` and proves the parent writable, where the writing happens. Nothing is
  /// written inside an existing `url`, so a run killed at this point leaves that directory as it was.
  static func checkReplaceable(_ url: URL, option: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw RefusedValue("\(option) \(url.path): exists and is not a directory")
    }
    try checkWritable(url.standardizedFileURL.deletingLastPathComponent(), option: option)
  }

  static func checkWritable(_ url: URL, option: String) throws {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw RefusedValue("\(option) \(url.path): exists and is not a directory")
    }
    do {
      try fm.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw RefusedValue("\(option) \(url.path): cannot create the directory: \(OutputError.reason(error))")
    }
    let probe = url.appendingPathComponent(AtomicFile.probeName())
    do {
      try Data().write(to: probe)
      // Written is proof enough; a cleaner on another host may have removed it already.
      do { try fm.removeItem(at: probe) } catch  where !fm.fileExists(atPath: probe.path) {}
    } catch {
      try? fm.removeItem(at: probe)
      throw RefusedValue("\(option) \(url.path): cannot write there: \(OutputError.reason(error))")
    }
  }
}
