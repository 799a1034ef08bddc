// Temporary files left by killed writers: how a writer names and locks its own, and how stale ones are removed.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension AtomicFile {
  /// A temporary file's name: `.tmp-<pid>-<UUID>-<name>`, with the writer's process id.
  static func temporaryName(for name: String) -> String {
    "\(temporaryPrefix)\(getpid())-\(UUID().uuidString)-\(name)"
  }

  /// The name of a probe file a process writes to prove a directory writable: `.tmp-<pid>-probe`, a
  /// temporary file like any other, so a cleaner in another process leaves it alone while this one lives.
  public static func probeName() -> String { "\(temporaryPrefix)\(getpid())-probe" }

  /// The writer's pid recorded in a temporary file's name (`.tmp-<pid>-…`), or nil when the name records
  /// none (files written before pids were recorded, `.tmp-<UUID>-<name>`).
  static func recordedWriter(ofTemporary name: String) -> Int32? {
    guard name.hasPrefix(temporaryPrefix) else { return nil }
    let tail = name.dropFirst(temporaryPrefix.count)
    guard let dash = tail.firstIndex(of: "-"), let pid = Int32(tail[..<dash]), pid > 0 else { return nil }
    return pid
  }

  /// Creates `url` (which must not exist) for writing and takes an exclusive `flock(2)` on it, held until
  /// the returned handle is closed.
  static func lockedNewFile(_ url: URL) throws -> FileHandle {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    guard flock(fd, LOCK_EX) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return handle
  }

  /// Removes the stale temporary files in `directory` and, recursively, in its subdirectories that hold no
  /// lock file of their own (``DirectoryLock/fileName``): the leftovers of a killed run.
  ///
  /// ```
  /// stale  ⇔  the name starts with .tmp-
  ///           ∧ (its recorded writer is this process, or no process with that pid exists)
  ///           ∧ nobody holds its flock (a writer holds LOCK_EX on its file until the rename)
  /// ```
  /// So a live writer's file is never removed, even in a subdirectory whose own run has not taken its lock
  /// yet (the ranks of `spectra-mpi sweep` write shards inside the merged directory, and a rank's probe or
  /// point file must survive rank 0's cleaning), and even by a cleaner on another host sharing the file
  /// system (the pid means nothing there; the lock does). Call it while holding the directory's
  /// ``DirectoryLock``, and, for this process's own files, with no write in progress (inside
  /// ``finishWritesAndRun(_:)``).
  ///
  /// - Returns: the removed paths.
  @discardableResult
  public static func removeStaleTemporaryFiles(in directory: URL, isRoot: Bool = true) -> [String] {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return [] }
    if !isRoot && names.contains(DirectoryLock.fileName) { return [] }
    var removed: [String] = []
    for name in names.sorted() {
      let url = directory.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        removed += removeStaleTemporaryFiles(in: url, isRoot: false)
        continue
      }
      guard name.hasPrefix(temporaryPrefix) else { continue }
      if let pid = recordedWriter(ofTemporary: name), pid != getpid(), AtomicDirectory.processExists(pid) {
        continue  // its writer is alive
      }
      guard let lock = NonBlockingFlock(url, directory: false) else { continue }  // held: being written
      defer { lock.release() }
      if (try? fm.removeItem(at: url)) != nil { removed.append(url.path) }
    }
    return removed
  }
}
