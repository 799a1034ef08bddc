// SIGKILL during `spectra spectrum --save-network DIR` over an existing network: old or new, never a mix.
import Foundation
import Spectra
import Testing

@Suite("spectra --save-network killed at random moments")
struct NetworkSaveKillTests {
  static let common = [
    "spectrum", "--activation", "tanh", "--sigma-w2", "2", "--sigma-b2", "0.1", "--input-width", "60",
    "--outputs", "3", "--samples", "8", "--json",
  ]
  /// The network already in the directory: depth 3.
  static let old = common + ["--width", "300", "--depth", "3", "--seed", "1"]
  /// The network being saved over it: depth 2 (so stale W3/b3 would show), other widths and seed.
  static let new = common + ["--width", "250", "--depth", "2", "--seed", "2"]

  /// Every file of `dir` and its bytes (empty when the directory does not exist).
  static func snapshot(_ dir: URL) -> [String: Data] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    var out: [String: Data] = [:]
    for n in names { out[n] = (try? Data(contentsOf: dir.appendingPathComponent(n))) ?? Data() }
    return out
  }

  /// A SplitMix64 step, for reproducible kill delays.
  static func next(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @Test("24 kills at seeded random delays: the directory holds exactly the old or the new network")
  func killDuringSave() throws {
    let fm = FileManager.default
    let root = fm.temporaryDirectory.appendingPathComponent("kill-save-\(UUID())")
    try fm.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: root) }
    let oldDir = root.appendingPathComponent("old")
    let newDir = root.appendingPathComponent("new")
    #expect(try ToolRunner.run(Self.old + ["--save-network", oldDir.path]).status == 0)
    let started = Date()
    #expect(try ToolRunner.run(Self.new + ["--save-network", newDir.path]).status == 0)
    // Only spreads the kills over a whole run; no assertion depends on timing.
    let span = max(0.05, Date().timeIntervalSince(started)) * 1.3
    let (oldFiles, newFiles) = (Self.snapshot(oldDir), Self.snapshot(newDir))
    #expect(oldFiles.keys.contains("W3.npy") && !newFiles.keys.contains("W3.npy"))

    var state: UInt64 = 17
    var outcomes = (old: 0, new: 0, refused: 0, killedBeforeExit: 0, interruptedMidSave: 0)
    for trial in 0..<24 {
      let target = root.appendingPathComponent("net-\(trial)")
      try fm.copyItem(at: oldDir, to: target)
      let delay = Double(Self.next(&state) >> 11) / Double(1 << 53) * span
      let p = Process()
      p.executableURL = ToolRunner.executable
      p.arguments = Self.new + ["--save-network", target.path]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      usleep(UInt32(delay * 1e6))
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      if p.terminationReason == .uncaughtSignal { outcomes.killedBeforeExit += 1 }

      let files = Self.snapshot(target)
      if !AtomicDirectory.leftovers(of: target).isEmpty { outcomes.interruptedMidSave += 1 }
      // A directory that exists holds exactly the old or the new files: no stale W3/b3, no half.
      if fm.fileExists(atPath: target.path) {
        #expect(
          files == oldFiles || files == newFiles, "trial \(trial): a mixed directory \(files.keys.sorted())")
      }
      let load = try ToolRunner.run([
        "spectrum", "--network", target.path, "--activation", "tanh", "--json",
      ])
      if load.status == 0 {
        #expect(files == oldFiles || files == newFiles, "trial \(trial): a mixed directory loaded")
        if files == oldFiles { outcomes.old += 1 } else { outcomes.new += 1 }
      } else {
        // Only where the file system cannot exchange directories: absent between two renames.
        outcomes.refused += 1
        #expect(!fm.fileExists(atPath: target.path), "trial \(trial): refused: \(load.stderr)")
        #expect(load.stderr.contains(target.path), "trial \(trial): unclear refusal: \(load.stderr)")
      }
    }
    print("kill harness: \(outcomes) of 24 (delays up to \(span) s)")
    #expect(outcomes.old + outcomes.new + outcomes.refused == 24)
  }
}
