// Replacing a directory as a whole: write a fresh sibling, flush it, swap it into place, remove the old.
import Foundation

/// Writes a directory so that a reader sees the old contents or the new ones, never a mix — also when the
/// writer is killed at any point.
///
/// ```
/// 0. remove the stale siblings in <parent> (``removeStaleSiblings(in:)``: their writer's pid is gone and
///    nobody holds their lock)
/// 1. write every file into a fresh sibling  <parent>/.<name>.saving-<pid>-<UUID>/ (flock'ed while this
///    writer works), carry over (hard-link) the old directory's entries that are not being replaced,
///    fsync each file and the sibling
/// 2. swap:   renameat2(sibling, directory, RENAME_EXCHANGE)      (one atomic step; Linux ≥ 3.15)
///    or, where the file system cannot exchange:  rename(directory → .<name>.replaced-<pid>-<UUID>),
///    rename(sibling → directory)        (killed in between: the directory is briefly absent, never mixed)
/// 3. fsync the parent; remove the old contents (now at the sibling's or the `.replaced-` path); remove
///    the stale siblings again
/// ```
/// A writer killed before step 2 leaves the old directory untouched and a `.saving-` sibling; one killed
/// in step 3 leaves the new directory in place and a sibling holding the old contents. Both siblings are
/// hidden, ``leftovers(of:)`` lists them, and the next replacement in the same parent removes them.
///
/// Entries of the old directory that are not regular files and not replaced (e.g. subdirectories) are
/// refused rather than lost; files added to the old directory by another process during the write are
/// lost when it is replaced.
public enum AtomicDirectory {
  /// Replaces `directory` by the directory `write` fills in.
  ///
  /// - Parameters:
  ///   - directory: the directory to create or replace (symbolic links are resolved first).
  ///   - replaces: whether an entry name of the old directory is part of what is being replaced; the
  ///     entries for which it is `false` are carried over into the new directory.
  ///   - write: fills the new directory, given its (fresh, empty) URL.
  /// - Throws: ``OutputError`` naming the path that could not be written, exchanged or flushed; the old
  ///   directory is then intact.
  public static func replace(
    _ directory: URL, replacing replaces: (String) -> Bool, write: (URL) throws(OutputError) -> Void
  ) throws(OutputError) {
    let fm = FileManager.default
    let target = directory.standardizedFileURL.resolvingSymlinksInPath()
    let parent = target.deletingLastPathComponent()
    let name = target.lastPathComponent
    let carried = try entriesToCarry(from: target, replacing: replaces)
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw OutputError(path: parent.path, "cannot create directory: \(error.localizedDescription)")
    }
    removeStaleSiblings(in: parent)
    let fresh = parent.appendingPathComponent(siblingName(name, kind: "saving"))
    do {
      try fm.createDirectory(at: fresh, withIntermediateDirectories: false)
    } catch {
      throw OutputError(path: fresh.path, "cannot create directory: \(error.localizedDescription)")
    }
    // Held until the replacement ends: the sibling is this live writer's (removeStaleSiblings skips it).
    let lock = NonBlockingFlock(fresh, directory: true)
    defer { lock?.release() }
    do {
      try write(fresh)
      for entry in carried { try carry(entry, from: target, to: fresh) }
      for entry in try contents(of: fresh) {
        try FileSystemCalls.synchronize(fresh.appendingPathComponent(entry).path)
      }
      try FileSystemCalls.synchronize(fresh.path)
      try swap(fresh, into: target, named: name)
    } catch {
      try? fm.removeItem(at: fresh)
      throw error
    }
    try FileSystemCalls.synchronize(parent.path)
    removeStaleSiblings(in: parent)  // now `directory` is in place, its own dead siblings are garbage
  }

  /// The hidden siblings of `directory` left by interrupted replacements (old or unfinished contents).
  public static func leftovers(of directory: URL) -> [String] {
    let target = directory.standardizedFileURL.resolvingSymlinksInPath()
    let prefix = ".\(target.lastPathComponent)."
    let siblings = (try? contents(of: target.deletingLastPathComponent())) ?? []
    return siblings.filter {
      $0.hasPrefix(prefix + "saving-") || $0.hasPrefix(prefix + "replaced-")
    }.sorted()
  }

  /// Moves `fresh` to `target`, exchanging atomically with an existing `target`, and removes the old.
  private static func swap(_ fresh: URL, into target: URL, named name: String) throws(OutputError) {
    let fm = FileManager.default
    guard fm.fileExists(atPath: target.path) else {
      try rename(fresh, to: target)
      return
    }
    if try FileSystemCalls.exchange(fresh.path, target.path) {
      try? fm.removeItem(at: fresh)  // now the old contents
      return
    }
    let old = target.deletingLastPathComponent().appendingPathComponent(siblingName(name, kind: "replaced"))
    let lock = NonBlockingFlock(target, directory: true)  // the old contents stay locked until removed
    defer { lock?.release() }
    try rename(target, to: old)
    do { try rename(fresh, to: target) } catch {
      try? rename(old, to: target)
      throw error
    }
    try? fm.removeItem(at: old)
  }

  /// The entries of an existing `directory` to carry over; refuses ones that are not regular files.
  private static func entriesToCarry(from directory: URL, replacing replaces: (String) -> Bool)
    throws(OutputError) -> [String]
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
      return []
    }
    guard isDirectory.boolValue else {
      throw OutputError(path: directory.path, "exists and is not a directory")
    }
    var carried: [String] = []
    for entry in try contents(of: directory) where !replaces(entry) {
      let url = directory.appendingPathComponent(entry)
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else {
        throw OutputError(
          path: url.path,
          "the directory is replaced as a whole and this entry is not a regular file that can be carried over; choose another directory"
        )
      }
      carried.append(entry)
    }
    return carried
  }

  /// Hard-links (or, where links are refused, copies) `entry` of `source` into `destination`.
  private static func carry(_ entry: String, from source: URL, to destination: URL) throws(OutputError) {
    let from = source.appendingPathComponent(entry)
    let to = destination.appendingPathComponent(entry)
    guard !FileManager.default.fileExists(atPath: to.path) else { return }
    if link(from.path, to.path) == 0 { return }
    do { try FileManager.default.copyItem(at: from, to: to) } catch {
      throw OutputError(path: from.path, "cannot carry over: \(error.localizedDescription)")
    }
  }

  private static func rename(_ from: URL, to: URL) throws(OutputError) {
    guard Foundation.rename(from.path, to.path) == 0 else {
      throw OutputError(
        path: to.path, "cannot rename \(from.path) into place: \(String(cString: strerror(errno)))")
    }
  }

  private static func contents(of directory: URL) throws(OutputError) -> [String] {
    do { return try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
      throw OutputError(path: directory.path, "cannot list: \(error.localizedDescription)")
    }
  }
}
