import Foundation
import Testing

@testable import Spectra

#if canImport(Glibc)
  import Glibc
#endif

/// Hidden `.NAME.saving-…` / `.replaced-…` siblings left by killed writers are removed at the next write
/// into the same parent, and a live writer's never (issue 17).
@Suite("Stale hidden siblings of atomic directory writes")
struct StaleSiblingTests {
  /// The pid of a process that has exited.
  static func deadPid() throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    let pid = p.processIdentifier
    #expect(!AtomicDirectory.processExists(pid))
    return pid
  }

  static func makeSibling(_ parent: URL, _ name: String) throws -> URL {
    let url = parent.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    try Data("half-written".utf8).write(to: url.appendingPathComponent("W1.npy"))
    return url
  }

  @Test("dead writers' siblings are removed at the next write; live, locked and unparsable ones stay")
  func cleaning() throws {
    let fm = FileManager.default
    let parent = fm.temporaryDirectory.appendingPathComponent("stale-\(UUID().uuidString)")
    try fm.createDirectory(at: parent, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: parent) }
    let dead = try Self.deadPid()
    let sleeper = Process()
    sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
    sleeper.arguments = ["60"]
    try sleeper.run()
    defer {
      kill(sleeper.processIdentifier, SIGKILL)
      sleeper.waitUntilExit()
    }
    let u = { UUID().uuidString }
    let staleSaving = ".net.saving-\(dead)-\(u())"
    let staleReplaced = ".net.replaced-\(dead)-\(u())"
    let staleOther = ".other.saving-\(dead)-\(u())"  // another directory in the same parent
    let liveOther = ".net.saving-\(sleeper.processIdentifier)-\(u())"  // a live writer, not holding a lock
    let liveSelf = ".net.saving-\(getpid())-\(u())"  // this process
    let deadButLocked = ".net.saving-\(dead)-\(u())"  // pid gone, but the lock is held (e.g. another host)
    let oldFormat = ".net.saving-\(u())"  // no pid recorded: undecidable, left alone
    let userFile = ".notes.saving-12-not-a-uuid"
    // The directory `gone` is absent: its siblings may be the only copies (a kill between the fallback's
    // two renames), so they stay.
    let onlyCopy = ".gone.replaced-\(dead)-\(u())"
    try fm.createDirectory(at: parent.appendingPathComponent("other"), withIntermediateDirectories: false)
    for name in [
      staleSaving, staleReplaced, staleOther, liveOther, liveSelf, deadButLocked, oldFormat, userFile,
      onlyCopy,
    ] {
      _ = try Self.makeSibling(parent, name)
    }
    let lock = try #require(NonBlockingFlock(parent.appendingPathComponent(deadButLocked), directory: true))

    let target = parent.appendingPathComponent("net")
    try AtomicDirectory.replace(target, replacing: { _ in true }) { fresh throws(OutputError) in
      do { try Data("new".utf8).write(to: fresh.appendingPathComponent("W1.npy")) } catch {
        throw OutputError(path: fresh.path, "\(error)")
      }
    }
    let left = Set(try fm.contentsOfDirectory(atPath: parent.path))
    #expect(left == ["net", "other", liveOther, liveSelf, deadButLocked, oldFormat, userFile, onlyCopy])
    #expect(try Data(contentsOf: target.appendingPathComponent("W1.npy")) == Data("new".utf8))
    // Once the lock is released the dead writer's sibling goes too; the live ones still stay.
    lock.release()
    #expect(AtomicDirectory.removeStaleSiblings(in: parent) == [deadButLocked])
    #expect(
      Set(try fm.contentsOfDirectory(atPath: parent.path)) == [
        "net", "other", liveOther, liveSelf, oldFormat, userFile, onlyCopy,
      ])
  }

  @Test("a writer's sibling names its pid and is locked while it writes")
  func writerMarksItsSibling() throws {
    let fm = FileManager.default
    let parent = fm.temporaryDirectory.appendingPathComponent("stale-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: parent) }
    nonisolated(unsafe) var seen: (pid: Int32?, lockable: Bool) = (nil, true)
    try AtomicDirectory.replace(parent.appendingPathComponent("net"), replacing: { _ in true }) {
      fresh throws(OutputError) in
      seen.pid = AtomicDirectory.recordedWriter(of: fresh.lastPathComponent)
      // flock locks are per open file description: a second open in this process conflicts too.
      let probe = NonBlockingFlock(fresh, directory: true)
      seen.lockable = probe != nil
      probe?.release()
      #expect(AtomicDirectory.removeStaleSiblings(in: parent).isEmpty)
      #expect(fm.fileExists(atPath: fresh.path))
    }
    #expect(seen.pid == getpid())
    #expect(!seen.lockable)
    #expect(AtomicDirectory.leftovers(of: parent.appendingPathComponent("net")).isEmpty)
  }
}
