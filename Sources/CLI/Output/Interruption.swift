// SIGINT and SIGTERM: finish the atomic write in progress, remove this run's temp files, say how to resume.
import Dispatch
import Foundation
import Spectra

#if canImport(Glibc)
  import Glibc
#endif

/// What `spectra` does on SIGINT (Ctrl-C) or SIGTERM, installed once by ``SpectraCommand/main()``:
///
/// ```
/// 1. wait for the atomic write in progress to finish (``AtomicFile/finishWritesAndRun(_:)``)
/// 2. remove the .tmp-* files in every directory this run claimed (``OutputDirectory/claim(_:option:)``)
/// 3. print on stderr what is kept and how to resume
/// 4. exit 130 (SIGINT) or 143 (SIGTERM), the shell's 128 + signal number
/// ```
///
/// Every finished file (a sweep point, a curve, `results.csv`) stays; the same command resumes. The
/// handlers run on a dispatch queue, so the main thread can be inside BLAS when the signal arrives.
enum Interruption {
  private static let state = InterruptionState()

  /// Installs the handlers (once).
  static func install() { state.installIfNeeded() }

  /// Registers a claimed directory, whose temporary files are removed on interruption, and keeps its lock
  /// until the process ends.
  static func register(_ directory: URL, lock: DirectoryLock) { state.register(directory, lock: lock) }

  /// Whether this run has claimed `directory`.
  static func holds(_ directory: URL) -> Bool { state.holds(directory) }

  /// The exit status for a signal: 128 + its number.
  static func status(_ signal: Int32) -> Int32 { 128 + signal }

  fileprivate static func interrupted(by signal: Int32, name: String, directories: [URL]) -> Never {
    AtomicFile.finishWritesAndRun {
      for dir in directories { AtomicFile.removeStaleTemporaryFiles(in: dir) }
      let kept =
        directories.isEmpty
        ? "no output directory was written"
        : "every finished file in \(directories.map(\.path).joined(separator: ", ")) is kept and no "
          + "temporary file is left; run the same command again to resume"
      FileHandle.standardError.write(Data("\nspectra: interrupted by \(name); \(kept)\n".utf8))
      fflush(nil)
      _exit(status(signal))
    }
    fatalError("unreachable")
  }
}

/// The handlers' state, behind a lock (the handlers run on their own queue).
private final class InterruptionState: @unchecked Sendable {
  private let lock = NSLock()
  private var sources: [any DispatchSourceSignal] = []
  private var directories: [URL] = []
  private var locks: [DirectoryLock] = []
  private let queue = DispatchQueue(label: "spectra.interruption")

  func register(_ directory: URL, lock held: DirectoryLock) {
    lock.lock()
    defer { lock.unlock() }
    if !directories.contains(directory) { directories.append(directory) }
    locks.append(held)
  }

  func holds(_ directory: URL) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return directories.contains(directory)
  }

  func installIfNeeded() {
    lock.lock()
    defer { lock.unlock() }
    guard sources.isEmpty else { return }
    for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { [self] in
        Interruption.interrupted(by: number, name: name, directories: snapshot())
      }
      source.resume()
      sources.append(source)
    }
  }

  private func snapshot() -> [URL] {
    lock.lock()
    defer { lock.unlock() }
    return directories
  }
}
