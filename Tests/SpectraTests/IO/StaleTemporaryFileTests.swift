import Foundation
import Testing

@testable import Spectra

#if canImport(Glibc)
  import Glibc
#endif

/// `.tmp-*` files: a killed writer's are removed by the next run's cleaning, a live writer's never — also in
/// a subdirectory whose own run has not locked it yet (the race `spectra-mpi sweep` hit on CI: rank 0's
/// cleaning removed rank 1's probe file, and rank 1's shard failed with "cannot write there").
@Suite("Stale temporary files of atomic writes")
struct StaleTemporaryFileTests {
  @Test("dead and own writers' files go; a live writer's and a locked file stay")
  func cleaning() throws {
    let fm = FileManager.default
    let root = fm.temporaryDirectory.appendingPathComponent("stale-tmp-\(UUID().uuidString)")
    let shard = root.appendingPathComponent("shards/R2-2")  // another run's directory, not locked yet
    try fm.createDirectory(at: shard, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: root) }
    let dead = try StaleSiblingTests.deadPid()
    let sleeper = Process()
    sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
    sleeper.arguments = ["30"]
    try sleeper.run()
    defer { sleeper.terminate() }
    let live = sleeper.processIdentifier

    func make(_ dir: URL, _ name: String) throws -> URL {
      let url = dir.appendingPathComponent(name)
      try Data("half".utf8).write(to: url)
      return url
    }
    let deadFile = try make(shard, ".tmp-\(dead)-\(UUID().uuidString)-L2.json")
    let ownFile = try make(root, ".tmp-\(getpid())-\(UUID().uuidString)-results.csv")
    let liveProbe = try make(shard, ".tmp-\(live)-probe")
    let legacy = try make(root, ".tmp-ABCDEF12-3456-old.csv")
    let lockedLegacy = try make(root, ".tmp-F\(UUID().uuidString.dropFirst())-held.csv")
    let held = try #require(NonBlockingFlock(lockedLegacy, directory: false))
    let ordinary = try make(root, "results.csv")

    let removed = Set(AtomicFile.removeStaleTemporaryFiles(in: root))
    held.release()
    #expect(removed == Set([deadFile.path, ownFile.path, legacy.path]))
    #expect(fm.fileExists(atPath: liveProbe.path))
    #expect(fm.fileExists(atPath: lockedLegacy.path))
    #expect(fm.fileExists(atPath: ordinary.path))
    #expect(AtomicFile.removeStaleTemporaryFiles(in: root) == [lockedLegacy.path])
  }

  @Test("names record the writer's pid; older names record none")
  func names() {
    #expect(AtomicFile.recordedWriter(ofTemporary: AtomicFile.temporaryName(for: "a-b.json")) == getpid())
    #expect(AtomicFile.recordedWriter(ofTemporary: AtomicFile.probeName()) == getpid())
    #expect(AtomicFile.recordedWriter(ofTemporary: ".tmp-dead-L3-C2.json") == nil)
    #expect(AtomicFile.recordedWriter(ofTemporary: ".tmp-ABCDEF12-0000-old.csv") == nil)
    #expect(AtomicFile.recordedWriter(ofTemporary: "results.csv") == nil)
  }

  @Test("a write leaves only its destination, and holds its temporary file's lock while writing")
  func writeLocks() throws {
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("locked-\(UUID().uuidString)")
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: dir) }
    let tmp = dir.appendingPathComponent(AtomicFile.temporaryName(for: "x.csv"))
    let handle = try AtomicFile.lockedNewFile(tmp)
    #expect(NonBlockingFlock(tmp, directory: false) == nil)
    try handle.close()
    let after = try #require(NonBlockingFlock(tmp, directory: false))
    after.release()
    #expect(throws: (any Error).self) { try AtomicFile.lockedNewFile(tmp) }  // never over an existing file
    try AtomicFile.write("done\n", to: dir.appendingPathComponent("x.csv"))
    #expect(
      try fm.contentsOfDirectory(atPath: dir.path).sorted() == [tmp.lastPathComponent, "x.csv"].sorted())
  }
}
