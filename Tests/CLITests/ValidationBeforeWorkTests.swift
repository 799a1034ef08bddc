// Issue 17 regressions: lenient lists, late --out, sweep validation order, impossible sizes and counts, and
// messages that named the wrong thing. Every case fails before any computation or any file is written.
import FIM
import Foundation
import Spectra
import Testing

@testable import CLI

@Suite("Validation before work")
struct ValidationBeforeWorkTests {
  static let sampled = [
    "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--depth", "3", "--outputs",
    "2", "--samples", "4",
  ]

  static func directory(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("validation-\(name)-\(UUID().uuidString)")
  }

  @Test(
    "an empty list item is refused with the option and its position",
    arguments: [
      (sampled + ["--width", "10", "--width-ratios", "1,,2"], "width-ratios: item 2 of \"1,,2\" is empty"),
      (["sweep", "--widths", "100,,200", "--out", "/tmp/never-written-v"], "widths: item 2"),
      (["sweep", "--widths", "100,", "--out", "/tmp/never-written-v"], "widths: item 2"),
      (["lr-sweep", "--rates", "0.1,,0.2", "--out", "/tmp/never-written-v"], "--rates: item 2"),
      (["lr-sweep", "--widths", ",100", "--out", "/tmp/never-written-v"], "--widths: item 1"),
      (
        ["sweep", "--widths", "8", "--metrics", "fisher,,ntk", "--out", "/tmp/never-written-v"],
        "metrics: item 2"
      ),
      (
        [
          "theory", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0", "--depth", "3", "--outputs",
          "2",
          "--samples", "3", "--width-ratios", "1,",
        ], "width-ratios: item 2"
      ),
    ])
  func emptyItems(_ args: [String], _ message: String) throws {
    let r = try ToolRunner.run(args)
    #expect(r.status == ExitStatus.usage, "\(args): \(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test(
    "impossible sizes and counts are refused at once with a message, never an overflow trap",
    arguments: [
      (sampled + ["--width", "4611686018427387904"], "exceeds 2147483647"),
      (sampled + ["--width", "100000", "--input-width", "100000"], "M_1·M_0 = 100000·100000"),
      (sampled + ["--width", "10", "--bins", "1000000000"], "--bins must be at most 100000"),
      (
        ["sweep", "--widths", "10", "--seeds", "0..1000000000", "--out", "/tmp/never-written-v"],
        "at most 100000"
      ),
      (
        [
          "sweep", "--widths", "10", "--seeds", "-9223372036854775807..9223372036854775807", "--out",
          "/tmp/nw",
        ],
        "too many values"
      ),
      (
        ["sweep", "--widths", "1..1000", "--seeds", "0..999", "--out", "/tmp/never-written-v"],
        "1000 × 1 × 1 × 1 × 1000 = 1000000 points"
      ),
      (
        [
          "theory", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0", "--depth", "1000000000",
          "--outputs", "2", "--samples", "3",
        ], "--depth must be at most 10000"
      ),
      (
        [
          "theory", "--activation", "tanh", "--sigma-w2", "2", "--sigma-b2", "0", "--depth", "3", "--outputs",
          "2",
          "--samples", "3", "--quadrature-points", "1000000",
        ], "--quadrature-points must be at most 4096"
      ),
    ])
  func boundedCounts(_ args: [String], _ message: String) throws {
    let r = try ToolRunner.run(args)
    #expect(r.status == ExitStatus.usage, "\(args): \(r.status) \(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test("a zero output count names the outputs C, not a width M_L")
  func outputsNamed() throws {
    #expect(throws: ConfigurationError(field: "outputs", "number of outputs C (M_3) must be positive, got 0"))
    {
      try NetworkArchitecture(widths: [4, 4, 4, 0], activation: .relu, sigmaW2: 2, sigmaB2: 0)
    }
  }

  @Test("an unwritable --out is refused before any work: nothing computed, --save-network not written")
  func lateOut() throws {
    let saved = Self.directory("saved")
    defer { try? FileManager.default.removeItem(at: saved) }
    let r = try ToolRunner.run(
      Self.sampled + ["--width", "10", "--out", "/proc/spectra-cannot-exist", "--save-network", saved.path])
    #expect(r.status == ExitStatus.usage, "\(r.stderr)")
    #expect(
      r.stderr
        == "Error: --out /proc/spectra-cannot-exist: cannot create the directory: No such file or directory\n"
    )
    #expect(r.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: saved.path))
  }

  @Test("reproduce --out /proc/x prints one line naming the path and the reason, not an NSError dump")
  func reproduceOut() throws {
    let r = try ToolRunner.run(["reproduce", "--out", "/proc/x", "--only", "ntk-spectra"])
    #expect(r.status == ExitStatus.usage)
    #expect(r.stderr == "Error: --out /proc/x: cannot create the directory: No such file or directory\n")
  }

  @Test("--out naming a file is refused before training")
  func outIsAFile() throws {
    let file = Self.directory("file")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data("x".utf8).write(to: file)
    let r = try ToolRunner.run(["train", "--out", file.path])
    #expect(r.status == ExitStatus.usage)
    #expect(r.stderr.contains("exists and is not a directory"))
    #expect(try Data(contentsOf: file) == Data("x".utf8))
  }

  @Test("sweep --metrics feature-metric-9 is refused before sweep.json, and the corrected rerun works")
  func sweepMetricsFirst() throws {
    let dir = Self.directory("metrics")
    defer { try? FileManager.default.removeItem(at: dir) }
    let base = [
      "sweep", "--widths", "8", "--seeds", "0", "--samples", "4", "--outputs", "2", "--out", dir.path,
    ]
    let bad = try ToolRunner.run(base + ["--metrics", "feature-metric-9"])
    #expect(bad.status == ExitStatus.usage, "\(bad.stderr)")
    #expect(bad.stderr.contains("feature-metric-9 does not fit depth 3"))
    #expect(!FileManager.default.fileExists(atPath: dir.path))
    let good = try ToolRunner.run(base + ["--metrics", "feature-metric-2"])
    #expect(good.status == 0, "\(good.stderr)")
  }
}
