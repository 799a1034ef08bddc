// Kill harness: long commands SIGKILLed ≥ 20 times at seeded moments end bit-identical to an uninterrupted
// run with no temporary file left; SIGINT keeps finished work; two runs on one directory cannot interleave.
import Foundation
import Spectra
import Testing

@Suite("Crash safety: kills, interrupts and locks", .serialized)
struct CrashSafetyTests {
  static func directory(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(name)-\(UUID().uuidString)")
  }

  static let sweep = [
    "sweep", "--widths", "8,12,16,20,24", "--seeds", "0..19", "--samples", "6", "--outputs", "2",
    "--metrics", "fisher,ntk", "--out",
  ]

  /// Kills `args + [dir]` 20 times, finishes it, and compares with an uninterrupted run into another
  /// directory. The kill delays are `fractions` of the uninterrupted run's duration measured here, so the
  /// kills land inside the work whether the machine is fast or loaded (a resumed sweep only has the rest of
  /// its work left, so its fractions are small).
  static func survivesKills(_ args: [String], seed: UInt64, fractions: ClosedRange<Double>) throws {
    let reference = directory("reference")
    let killed = directory("killed")
    defer {
      try? FileManager.default.removeItem(at: reference)
      try? FileManager.default.removeItem(at: killed)
    }
    let started = Date()
    let clean = try ToolRunner.run(args + [reference.path])
    let duration = Date().timeIntervalSince(started)
    #expect(clean.status == 0, "\(clean.stderr)")
    let delays = (fractions.lowerBound * duration)...(fractions.upperBound * duration)
    let (kills, final) = try KillHarness.killRepeatedly(
      args + [killed.path], kills: 20, seed: seed, delays: delays)
    #expect(kills >= 20, "only \(kills) of 20 runs were killed before finishing")
    #expect(final.status == 0, "\(final.stderr)")
    let expected = try KillHarness.tables(in: reference)
    #expect(!expected.isEmpty)
    #expect(try KillHarness.tables(in: killed) == expected)
    #expect(KillHarness.temporaryFiles(in: killed).isEmpty)
  }

  @Test("sweep: 20 SIGKILLs, then a resume, give the uninterrupted results.csv and no temp file")
  func sweepKills() throws {
    try Self.survivesKills(Self.sweep, seed: 17, fractions: 0.005...0.04)
  }

  @Test("stripe curves: 20 SIGKILLs, then a rerun, give the uninterrupted tables and no temp file")
  func stripeCurvesKills() throws {
    try Self.survivesKills(
      [
        "stripe", "curves", "--dimension", "3", "--width", "20", "--sizes", "16,32,64", "--seeds", "1,2,3",
        "--test", "64", "--alpha-sqrt-h", "0.01", "--max-wall", "60", "--max-steps", "2000", "--out",
      ], seed: 18, fractions: 0.02...0.5)
  }

  @Test("reproduce --only ntk-spectra: 20 SIGKILLs, then a rerun, give the uninterrupted tables")
  func reproduceKills() throws {
    try Self.survivesKills(["reproduce", "--only", "ntk-spectra", "--out"], seed: 19, fractions: 0.02...0.5)
  }

  @Test("SIGINT finishes the write in progress, removes temp files, keeps points, says how to resume")
  func interrupt() throws {
    let dir = Self.directory("sigint")
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = Self.sweep + [dir.path]
    let r = try KillHarness.interrupt(args, after: "1/100 done", with: SIGINT)
    #expect(r.reason == .exit && r.status == 130, "\(r.reason) \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("interrupted by SIGINT"))
    #expect(r.stderr.contains("run the same command again to resume"))
    #expect(KillHarness.temporaryFiles(in: dir).isEmpty)
    let points = try FileManager.default.contentsOfDirectory(
      atPath: dir.appendingPathComponent("points").path)
    #expect(!points.isEmpty)
    let resumed = try ToolRunner.run(args)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("already done"))
  }

  @Test("SIGTERM exits 143 with the same guarantees")
  func terminate() throws {
    let dir = Self.directory("sigterm")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try KillHarness.interrupt(Self.sweep + [dir.path], after: "1/100 done", with: SIGTERM)
    #expect(r.reason == .exit && r.status == 143, "\(r.reason) \(r.status): \(r.stderr)")
    #expect(KillHarness.temporaryFiles(in: dir).isEmpty)
  }

  @Test("two runs on one directory cannot interleave: the second is refused while the first holds it")
  func lock() throws {
    let dir = Self.directory("lock")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var holder: DirectoryLock? = try DirectoryLock(directory: dir)
    let args = [
      "sweep", "--widths", "8", "--seeds", "0", "--samples", "4", "--outputs", "2", "--out", dir.path,
    ]
    let refused = try ToolRunner.run(args)
    #expect(refused.status == 65, "\(refused.stderr)")
    #expect(refused.stderr.contains("another spectra run (pid \(getpid()))"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("sweep.json").path))
    // A second plan into the same directory while held: refused too, so sweep.json cannot lose a plan.
    let other = try ToolRunner.run(args.map { $0 == "8" ? "12" : $0 })
    #expect(other.status == 65)
    holder = nil
    #expect(holder == nil)
    let after = try ToolRunner.run(args)
    #expect(after.status == 0, "\(after.stderr)")
  }

  @Test("temp files left by a killed run are removed by the next run on the directory")
  func staleTemporaryFiles() throws {
    let dir = Self.directory("stale")
    defer { try? FileManager.default.removeItem(at: dir) }
    let points = dir.appendingPathComponent("points")
    try FileManager.default.createDirectory(at: points, withIntermediateDirectories: true)
    try Data("half".utf8).write(to: points.appendingPathComponent(".tmp-dead-L3-C2-N4-M8-s0.json"))
    let r = try ToolRunner.run([
      "sweep", "--widths", "8", "--seeds", "0", "--samples", "4", "--outputs", "2", "--out", dir.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("removed 1 temporary file"))
    #expect(KillHarness.temporaryFiles(in: dir).isEmpty)
  }
}
