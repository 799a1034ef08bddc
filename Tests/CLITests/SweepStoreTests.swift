import FIM
import Foundation
import Spectra
import Testing

@testable import CLI

@Suite("Sweep plan and store")
struct SweepStoreTests {
  static func plan(seeds: [UInt64] = [0, 1, 2]) -> SweepPlan {
    SweepPlan(
      fixed: .init(
        activation: .relu, sigmaW2: 2, sigmaB2: 0.1, inputRatio: 1, inputWidth: nil, widthRatios: [],
        parameterisation: .standard, metrics: ["fisher"]),
      widths: [400, 100, 200], depths: [3], samples: [50, 100], outputs: [10], seeds: seeds)
  }

  @Test("shards are disjoint, cover every point, and keys are stable and unique")
  func shards() throws {
    let p = Self.plan()
    try p.validate()
    let all = p.points
    #expect(all.count == 3 * 2 * 3)
    #expect(Set(all.map(\.key)).count == all.count)
    for n in [1, 2, 4, 7] {
      let parts = (1...n).map { p.points(shard: $0, of: n) }
      #expect(parts.map(\.count).reduce(0, +) == all.count)
      #expect(Set(parts.flatMap { $0.map(\.key) }) == Set(all.map(\.key)))
    }
    var reordered = p
    reordered.widths = [100, 200, 400]
    #expect(reordered.points.map(\.key) == all.map(\.key))
    #expect(all.first?.key == "L3-C10-N50-M100-s0")
  }

  @Test("invalid plans name the field and value")
  func invalid() {
    var p = Self.plan()
    p.widths = [100, -3]
    do {
      try p.validate()
      Issue.record("negative width accepted")
    } catch {
      #expect(error.field == "widths")
      #expect(error.message.contains("-3"))
    }
    p = Self.plan()
    p.fixed.sigmaW2 = .nan
    #expect(throws: ConfigurationError.self) { try p.validate() }
  }

  @Test("resuming skips finished points, refuses a different plan, and sets a corrupted point file aside")
  func resume() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = try SweepStore.open(dir, plan: Self.plan())
    let rec = PointRecord(
      key: "L3-C10-N50-M100-s0", columns: ["m", "note"], rows: [[.number(1.5), .text("a,b")]])
    try store.save(rec)
    #expect(try store.finishedRecords() == [rec.key: rec])
    #expect(try store.rebuildTable() == 1)
    let csv = try String(contentsOf: store.tableURL, encoding: .utf8)
    #expect(csv == "key,m,note\nL3-C10-N50-M100-s0,1.5,\"a,b\"\n")

    // More seeds: allowed, the stored plan grows.
    _ = try SweepStore.open(dir, plan: Self.plan(seeds: [5]))
    // Different fixed settings: refused.
    var other = Self.plan()
    other.fixed.sigmaB2 = 0.2
    #expect(throws: ConfigurationError.self) { try SweepStore.open(dir, plan: other) }

    // A half-written point file is moved aside into corrupted/ and its point counts as not finished.
    let bad = store.url(forKey: "L3-C10-N50-M200-s0")
    try Data("{\"key\": \"L3-C10".utf8).write(to: bad)
    #expect(try store.finishedRecords() == [rec.key: rec])
    #expect(!FileManager.default.fileExists(atPath: bad.path))
    let aside = dir.appendingPathComponent("corrupted").appendingPathComponent(bad.lastPathComponent)
    #expect(try Data(contentsOf: aside) == Data("{\"key\": \"L3-C10".utf8))
  }
}
