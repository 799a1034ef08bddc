// An exclusive flock(2) taken without waiting: how a cleaner tells a live writer's file from a leftover.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive `flock(2)` on a file or directory, taken without waiting (`LOCK_EX | LOCK_NB`).
///
/// Writers hold such a lock on what they are writing (``AtomicFile`` on its temporary file,
/// ``AtomicDirectory`` on its hidden sibling); a cleaner that obtains it knows that nobody is writing there.
/// The lock follows the inode, so it survives renames; the kernel releases it when the process ends, however
/// it ends.
struct NonBlockingFlock {
  private let descriptor: Int32

  /// Locks the file (or, with `directory`, the directory) at `url`; nil when it cannot be opened or another
  /// open file holds the lock.
  init?(_ url: URL, directory: Bool) {
    let fd = open(url.path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      return nil
    }
    descriptor = fd
  }

  /// Releases the lock.
  func release() { close(descriptor) }
}
