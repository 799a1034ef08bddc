// `spectra stripe curves` and `stripe merge`: refusals, task files, resume and shard merging.
import Foundation
import Testing

@Suite("Stripe curves CLI")
struct StripeCurvesCommandTests {
  static func temporary(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "stripe-curves-\(name)-\(UUID().uuidString)")
  }

  /// A tiny study: networks at p = 16, 32, the init-NTK kernel alone at p = 64; two seeds.
  static let tiny = [
    "stripe", "curves", "--dimension", "3", "--width", "20", "--sizes", "16,32,64", "--seeds", "1,2",
    "--test", "64", "--network-max-size", "32", "--max-steps", "300", "--threads", "1",
  ]

  @Test(
    "bad values are refused with exit 64 and a message naming the option and the value",
    arguments: [
      (["--dimension", "1"], "--dimension", "1"),
      (["--task", "torus"], "--task", "torus"),
      (["--task", "cylinder", "--dimension", "0"], "dimension", "0"),
      (["--shard", "3/2"], "shard", "3/2"),
      (["--network-max-size", "1"], "network-max-size", "1"),
      (["--memory-budget", "lots"], "memory-budget", "lots"),
      (["--sizes", "16,,32"], "--sizes", "16,,32"),
    ])
  func refusals(extra: [String], option: String, value: String) throws {
    let out = Self.temporary("refused")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try ToolRunner.run(Self.tiny + extra + ["--out", out.path])
    #expect(r.status == 64, "stderr: \(r.stderr)")
    #expect(r.stderr.contains(option), "stderr: \(r.stderr)")
    #expect(r.stderr.contains(value), "stderr: \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("curves.json").path))
  }

  @Test("a run over the memory budget is refused before any work, naming need, budget and remedy")
  func memoryRefusal() throws {
    let out = Self.temporary("memory")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try ToolRunner.run(
      ["stripe", "curves", "--full", "--memory-budget", "20G", "--out", out.path])
    #expect(r.status == 65, "stderr: \(r.stderr)")
    #expect(r.stderr.contains("memory-budget"))
    #expect(r.stderr.contains("p032768-seed1-kernel"))
    #expect(r.stderr.contains("needs about 44.6 GB"))
    #expect(r.stderr.contains("20.0 GB (--memory-budget)"))
    #expect(r.stderr.contains("Lower the largest --sizes"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test("--estimate-only lists every task with its estimates as CSV, exits 0 and writes nothing")
  func estimateOnly() throws {
    let out = Self.temporary("estimate")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try ToolRunner.run(
      ["stripe", "curves", "--full", "--estimate-only", "--memory-budget", "20G", "--out", out.path])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.first == "key,p,seed,kind,estimated_peak_bytes,estimated_peak,estimated_seconds")
    #expect(lines.count == 1 + 9 * 4)
    #expect(lines.contains { $0.hasPrefix("p032768-seed4-kernel,32768,4,kernel-only,") })
    #expect(r.stderr.contains("on this machine"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test("stripe train refuses a run over the memory budget before any work")
  func trainMemoryRefusal() throws {
    let out = Self.temporary("train-memory")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try ToolRunner.run([
      "stripe", "train", "--train", "50000", "--test", "4096", "--memory-budget", "8G", "--out", out.path,
    ])
    #expect(r.status == 65, "stderr: \(r.stderr)")
    // 4·50000² doubles = 80 GB for the kernel set's Gram alone.
    #expect(r.stderr.contains("stripe train needs about"))
    #expect(r.stderr.contains("4 × p_K×p_K = 80.0 GB"))
    #expect(r.stderr.contains("8.00 GB (--memory-budget)"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test("task files have stable keys; a rerun skips every finished task and rewrites none")
  func resume() throws {
    let out = Self.temporary("resume")
    defer { try? FileManager.default.removeItem(at: out) }
    let first = try ToolRunner.run(Self.tiny + ["--out", out.path])
    #expect(first.status == 0, "stderr: \(first.stderr)")
    let points = out.appendingPathComponent("points")
    let names = try FileManager.default.contentsOfDirectory(atPath: points.path).sorted()
    #expect(
      names == [
        "p000016-seed1.json", "p000016-seed2.json", "p000032-seed1.json", "p000032-seed2.json",
        "p000064-seed1-kernel.json", "p000064-seed2-kernel.json",
      ])
    let before = try names.map { try Data(contentsOf: points.appendingPathComponent($0)) }
    // Remove one task: the rerun runs exactly that one.
    try FileManager.default.removeItem(at: points.appendingPathComponent("p000032-seed2.json"))
    let second = try ToolRunner.run(Self.tiny + ["--out", out.path])
    #expect(second.status == 0, "stderr: \(second.stderr)")
    #expect(second.stderr.contains("6 tasks in shard 1/1, 5 already done, 1 to run"))
    let third = try ToolRunner.run(Self.tiny + ["--out", out.path])
    #expect(third.stderr.contains("6 already done, 0 to run"))
    for (name, data) in zip(names, before) where name != "p000032-seed2.json" {
      #expect(try Data(contentsOf: points.appendingPathComponent(name)) == data, "\(name) was rewritten")
    }
    let slopes = try String(contentsOf: out.appendingPathComponent("local-slopes.csv"), encoding: .utf8)
    #expect(slopes.hasPrefix("method,window,p_lower,p_upper,p_centre,slope,"))
    #expect(slopes.contains("initial-ntk,2,32,64,"))
  }

  /// The deterministic columns of a table (timing columns removed).
  static func deterministic(_ url: URL) throws -> [String] {
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let keep = header.indices.filter { !header[$0].hasSuffix("seconds") }
    return lines.map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return keep.map { cells[$0] }.joined(separator: ",")
    }
  }

  @Test("two shards merged give the tables of the unsharded run")
  func shardsMerge() throws {
    let whole = Self.temporary("whole")
    let a = Self.temporary("shard1")
    let b = Self.temporary("shard2")
    let merged = Self.temporary("merged")
    defer { for d in [whole, a, b, merged] { try? FileManager.default.removeItem(at: d) } }
    #expect(try ToolRunner.run(Self.tiny + ["--out", whole.path]).status == 0)
    let r1 = try ToolRunner.run(Self.tiny + ["--shard", "1/2", "--out", a.path])
    let r2 = try ToolRunner.run(Self.tiny + ["--shard", "2/2", "--out", b.path])
    #expect(r1.status == 0 && r2.status == 0, "stderr: \(r1.stderr) \(r2.stderr)")
    #expect(r1.stderr.contains("3 tasks in shard 1/2"))
    let m = try ToolRunner.run(["stripe", "merge", merged.path, a.path, b.path])
    #expect(m.status == 0, "stderr: \(m.stderr)")
    #expect(m.stderr.contains("6 tasks copied"))
    for table in ["points.csv", "kernel-points.csv", "fits.csv", "local-slopes.csv", "compression.csv"] {
      #expect(
        try Self.deterministic(merged.appendingPathComponent(table))
          == Self.deterministic(whole.appendingPathComponent(table)), "\(table) differs")
    }
    // A directory with other settings is refused.
    let other = Self.temporary("other")
    defer { try? FileManager.default.removeItem(at: other) }
    var args = Self.tiny
    args[args.firstIndex(of: "20")!] = "21"
    #expect(try ToolRunner.run(args + ["--sizes", "16", "--out", other.path]).status == 0)
    let refused = try ToolRunner.run(["stripe", "merge", merged.path, other.path])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("different settings"))
  }
}
