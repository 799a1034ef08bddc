import ArgumentParser
import Foundation
import Testing

@testable import CLI

/// The command-line contract of issue 6, through the built binary: every subcommand has help, bad input
/// gets one clear message naming the field and value with a non-zero exit, and nothing on disk is damaged.
@Suite("Command-line contract")
struct CommandLineContractTests {
  /// Every subcommand path of the command tree (`["sweep", "merge"]`, `["stripe", "train"]`, …), walked
  /// recursively from the root so that a new subcommand is tested without being listed here.
  static let subcommands: [[String]] = {
    func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
      command.configuration.subcommands.flatMap { sub in
        let words = path + [sub._commandName]
        return [words] + walk(sub, words)
      }
    }
    return walk(SpectraCommand.self, [])
  }()

  static func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("spectra-cli-\(UUID().uuidString)")
  }

  @Test("the command tree holds every top-level command and the nested ones")
  func commandTree() {
    for words in [
      ["spectrum"], ["theory"], ["sweep"], ["sweep", "run"], ["sweep", "merge"], ["scaling"], ["reproduce"],
      ["train"], ["lr-sweep"], ["stripe"],
    ] {
      #expect(Self.subcommands.contains(words), "\(words)")
    }
    #expect(Self.subcommands.contains { $0.count == 2 && $0[0] == "stripe" })
  }

  @Test("--help works for every subcommand", arguments: subcommands)
  func help(_ words: [String]) throws {
    let r = try ToolRunner.run(words + ["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("USAGE"))
    #expect(r.stdout.contains("--help"))
  }

  @Test(
    "bad input names the field and the value, exits non-zero",
    arguments: [
      (
        [
          "spectrum", "--activation", "relu6", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "10",
          "--depth", "2",
          "--outputs", "2", "--samples", "4",
        ], "relu6"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "-3",
          "--depth", "2",
          "--outputs", "2", "--samples", "4",
        ], "-3"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--sigma-w2", "nan", "--sigma-b2", "0.1", "--width", "10",
          "--depth", "2",
          "--outputs", "2", "--samples", "4",
        ], "nan"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "-0.5", "--width", "10",
          "--depth", "2",
          "--outputs", "2", "--samples", "4",
        ], "-0.5"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "10",
          "--depth", "0",
          "--outputs", "2", "--samples", "4",
        ], "0"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "10",
          "--depth", "2",
          "--outputs", "2", "--samples", "0",
        ], "0"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--metric", "fishr", "--sigma-w2", "2", "--sigma-b2", "0.1",
          "--width", "10",
          "--depth", "2", "--outputs", "2", "--samples", "4",
        ], "fishr"
      ),
      (["sweep", "--widths", "10,0", "--out", "/tmp/never-written"], "0"),
      (["sweep", "--widths", "10", "--metrics", "ntk,fishr", "--out", "/tmp/never-written"], "fishr"),
      (["sweep", "--widths", "10", "--shard", "3/2", "--out", "/tmp/never-written"], "3/2"),
      (["scaling", "/nonexistent/results.csv"], "/nonexistent/results.csv"),
      (["reproduce", "--only", "no-such-figure"], "no-such-figure"),
    ])
  func badInput(_ args: [String], _ named: String) throws {
    let r = try ToolRunner.run(args)
    #expect(r.status != 0, "exit 0 for \(args)")
    #expect(r.stderr.contains(named), "message does not name \(named): \(r.stderr)")
    #expect(!r.stderr.contains("Fatal error"), "crashed: \(r.stderr)")
  }

  @Test("an unwritable output path is refused with the path named")
  func unwritable() throws {
    let r = try ToolRunner.run([
      "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "8", "--depth",
      "2",
      "--outputs", "2", "--samples", "4", "--out", "/proc/spectra-unwritable",
    ])
    #expect(r.status != 0)
    #expect(r.stderr.contains("/proc/spectra-unwritable"))
  }

  @Test("a sweep file with a typo is refused, naming the key and suggesting the right one")
  func sweepFileTypo() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("sweep.json")
    try Data(#"{"widths": [8, 16], "sigma_w": 2}"#.utf8).write(to: file)
    let r = try ToolRunner.run([
      "sweep", "--file", file.path, "--out", dir.appendingPathComponent("out").path,
    ])
    #expect(r.status != 0)
    #expect(r.stderr.contains("sigma_w"))
    #expect(r.stderr.contains("did you mean"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
  }

  @Test("a sweep resumes, skips finished points, and sets a corrupted point file aside and recomputes it")
  func sweepResume() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = [
      "sweep", "--widths", "8,16", "--seeds", "0..1", "--samples", "6", "--outputs", "2", "--depths", "2",
      "--metrics", "fisher,ntk", "--out", dir.path,
    ]
    let first = try ToolRunner.run(args)
    #expect(first.status == 0, "\(first.stderr)")
    let table = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8)
    #expect(table.split(separator: "\n").count == 1 + 4 * 2)
    let second = try ToolRunner.run(args)
    #expect(second.status == 0)
    #expect(second.stderr.contains("4 already done, 0 to run"))
    #expect(try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8) == table)

    // Shards: two halves into another directory, merged, give the same table.
    let sharded = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: sharded) }
    for k in 1...2 {
      var a = args
      a[a.count - 1] = sharded.appendingPathComponent("shard\(k)").path
      let r = try ToolRunner.run(a + ["--shard", "\(k)/2"])
      #expect(r.status == 0, "\(r.stderr)")
    }
    let merge = try ToolRunner.run([
      "sweep", "merge", sharded.appendingPathComponent("shard1").path,
      sharded.appendingPathComponent("shard2").path,
    ])
    #expect(merge.status == 0, "\(merge.stderr)")
    let merged = try String(
      contentsOf: sharded.appendingPathComponent("shard1/results.csv"), encoding: .utf8)
    #expect(Self.dropTimings(merged) == Self.dropTimings(table))

    // A half-written point file: named, moved aside into corrupted/, its point recomputed.
    let points = dir.appendingPathComponent("points")
    let victim = try #require(try FileManager.default.contentsOfDirectory(atPath: points.path).sorted().first)
    let path = points.appendingPathComponent(victim)
    let original = try Data(contentsOf: path)
    try original.prefix(original.count / 2).write(to: path)
    let third = try ToolRunner.run(args)
    #expect(third.status == 0, "\(third.stderr)")
    #expect(third.stderr.contains(victim))
    #expect(third.stderr.contains("will be recomputed"))
    #expect(third.stderr.contains("3 already done, 1 to run"))
    let aside = dir.appendingPathComponent("corrupted").appendingPathComponent(victim)
    #expect(try Data(contentsOf: aside) == original.prefix(original.count / 2))
    let recomputed = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8)
    #expect(Self.dropTimings(recomputed) == Self.dropTimings(table))
  }

  /// The table without its `seconds` column (timings differ between runs).
  static func dropTimings(_ csv: String) -> [String] {
    let lines = csv.split(separator: "\n").map(String.init)
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
      let j = header.firstIndex(of: "seconds")
    else { return lines }
    return lines.map { line in
      var cells = line.split(separator: ",", omittingEmptySubsequences: false)
      cells.remove(at: j)
      return cells.joined(separator: ",")
    }
  }

  @Test("scaling fits a sweep table and prints the theory's exponents beside the measured ones")
  func scaling() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let sweep = try ToolRunner.run([
      "sweep", "--widths", "40,80,160", "--seeds", "0..2", "--samples", "20", "--outputs", "3", "--out",
      dir.path,
    ])
    #expect(sweep.status == 0, "\(sweep.stderr)")
    let out = dir.appendingPathComponent("fits")
    let r = try ToolRunner.run(["scaling", dir.path, "--out", out.path, "--replicates", "200"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("top_c_mean"))
    let fits = try String(contentsOf: out.appendingPathComponent("fits.csv"), encoding: .utf8)
    let header = fits.split(separator: "\n")[0].split(separator: ",").map(String.init)
    let mRow = try #require(fits.split(separator: "\n").first { $0.contains(",m,M,") })
    let cells = mRow.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let exponent = try #require(Double(cells[header.firstIndex(of: "exponent")!]))
    let theory = try #require(Double(cells[header.firstIndex(of: "theory_exponent")!]))
    #expect(abs(theory + 1) < 1e-9)
    #expect(abs(exponent + 1) < 0.15, "m ∝ M^\(exponent)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))
  }

  @Test("reproduce lists its figures")
  func reproduceList() throws {
    let r = try ToolRunner.run(["reproduce", "--list"])
    #expect(r.status == 0)
    for name in ["fim-density", "stats-vs-width", "sample-size", "ntk-spectra", "input-metric"] {
      #expect(r.stdout.contains(name))
    }
  }
}
