// Hidden siblings left by killed directory writers: how a writer marks its own, and how stale ones are removed.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension AtomicDirectory {
  /// A sibling's name: `.<name>.saving-<pid>-<UUID>` or `.<name>.replaced-<pid>-<UUID>`, with the writer's
  /// process id.
  static func siblingName(_ name: String, kind: String) -> String {
    ".\(name).\(kind)-\(getpid())-\(UUID().uuidString)"
  }

  /// The writer's pid recorded in a sibling's name, or nil when `entry` is not a sibling of this format
  /// (`.<name>.saving-<pid>-<UUID>` or `.replaced-`; siblings written before pids were recorded are left
  /// alone: nothing tells whether their writer is alive).
  static func recordedWriter(of entry: String) -> Int32? { sibling(entry)?.pid }

  /// The directory name and writer pid of a sibling's name, or nil.
  static func sibling(_ entry: String) -> (name: String, pid: Int32)? {
    guard entry.hasPrefix(".") else { return nil }
    for kind in [".saving-", ".replaced-"] {
      guard let range = entry.range(of: kind, options: .backwards) else { continue }
      let name = String(entry[entry.index(after: entry.startIndex)..<range.lowerBound])
      let tail = entry[range.upperBound...]
      guard !name.isEmpty, let dash = tail.firstIndex(of: "-"), let pid = Int32(tail[..<dash]), pid > 0,
        UUID(uuidString: String(tail[tail.index(after: dash)...])) != nil
      else { return nil }
      return (name, pid)
    }
    return nil
  }

  /// Whether process `pid` exists (`kill(pid, 0)` succeeds or fails with `EPERM`).
  static func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }

  /// Removes the stale hidden siblings in `parent` (of any directory written there) and returns their
  /// names.
  ///
  /// ```
  /// stale  ⇔  the name records a pid (`.<name>.saving-<pid>-<UUID>`, `.replaced-` likewise)
  ///           ∧ no process with that pid exists
  ///           ∧ nobody holds the sibling's flock (a writer holds LOCK_EX on its sibling while it works)
  ///           ∧ <parent>/<name> exists
  /// ```
  /// The last condition keeps the siblings of a directory that is absent: a writer killed between the two
  /// renames of the fallback swap leaves the old contents in `.replaced-` and the new in `.saving-`, the
  /// only copies (the network loader names them so they can be renamed back). ``replace(_:replacing:write:)``
  /// cleans before writing and again once its directory is in place.
  /// Both conditions must hold, so a live writer's sibling is never removed: its pid exists, and its lock
  /// is held (the lock also covers a writer on another host sharing the file system, where the pid means
  /// nothing here). A recycled pid only delays the removal to a later write. The lock is taken before the
  /// removal and held through it, so two cleaners cannot race. Errors are ignored: cleaning is best effort
  /// and never stops the write that triggered it.
  @discardableResult
  public static func removeStaleSiblings(in parent: URL) -> [String] {
    let fm = FileManager.default
    guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return [] }
    var removed: [String] = []
    for entry in entries.sorted() {
      guard let found = sibling(entry), !processExists(found.pid),
        fm.fileExists(atPath: parent.appendingPathComponent(found.name).path)
      else { continue }
      let url = parent.appendingPathComponent(entry)
      guard let lock = NonBlockingFlock(url, directory: true) else { continue }  // held: a writer is at work
      defer { lock.release() }
      if (try? fm.removeItem(at: url)) != nil { removed.append(entry) }
    }
    return removed
  }
}
