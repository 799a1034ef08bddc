// An advisory flock(2) lock on an output directory, so two runs can never interleave their writes there.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive advisory lock (`flock(2)`, `LOCK_EX | LOCK_NB`) on the file ``fileName`` inside an output
/// directory, held for the lifetime of the value (in practice, of the process).
///
/// The kernel releases the lock when the process ends, however it ends (SIGKILL included), so a stale lock
/// can never block a later run; the lock file itself stays and holds the pid of the last holder. A second
/// run on the same directory fails at once instead of interleaving its files with the first.
public final class DirectoryLock: Sendable {
  /// The lock file's name inside the directory.
  public static let fileName = ".spectra.lock"

  /// The locked directory.
  public let directory: URL
  private let descriptor: Int32

  /// Locks `directory` (which must exist), or fails without waiting.
  ///
  /// - Throws: ``OutputError`` naming the directory when another process holds the lock (with its pid,
  ///   when recorded) or the lock file cannot be opened.
  public init(directory: URL) throws(OutputError) {
    let path = directory.appendingPathComponent(Self.fileName).path
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw OutputError(path: path, "cannot open the lock file: \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let busy = errno == EWOULDBLOCK
      let reason = String(cString: strerror(errno))
      close(fd)
      guard busy else { throw OutputError(path: path, "cannot lock: \(reason)") }
      let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
      let who = holder.map { $0.isEmpty ? "another spectra run" : "another spectra run (pid \($0))" }
      throw OutputError(
        path: directory.path,
        "\(who ?? "another spectra run") is writing into this directory; wait for it to finish or choose another --out"
      )
    }
    ftruncate(fd, 0)
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
    try? handle.write(contentsOf: Data("\(getpid())\n".utf8))
    self.directory = directory
    descriptor = fd
  }

  deinit { close(descriptor) }
}
