// --memory-budget parsing and the cgroup v2/v1 and /proc/meminfo readers, on fixture directories.
import Foundation
import Spectra
import Testing

@Suite("Memory budget: parsing and reading the machine")
struct MemoryBudgetTests {
  @Test(
    "sizes parse with decimal and binary units",
    arguments: [
      ("8G", 8_000_000_000), ("512M", 512_000_000), ("1.5GiB", 1_610_612_736), ("1000000", 1_000_000),
      ("2 gb", 2_000_000_000), ("64Ki", 65_536), ("1T", 1_000_000_000_000), ("100B", 100),
    ])
  func parses(text: String, bytes: Int) throws {
    #expect(try MemoryBudget.parse(text).bytes == bytes)
  }

  @Test(
    "bad sizes are refused naming the option and the value",
    arguments: ["", "-1G", "0", "8X", "nan", "G", "1e30"])
  func refuses(text: String) {
    do {
      _ = try MemoryBudget.parse(text, option: "memory-budget")
      Issue.record("'\(text)' was accepted")
    } catch {
      #expect(error.field == "memory-budget")
      #expect(error.message.contains("--memory-budget"))
      #expect(error.message.contains("'\(text)'"))
    }
  }

  /// A fixture root with the given files (path relative to the root → contents).
  static func root(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(UUID().uuidString)")
    for (path, text) in files {
      let url = dir.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return dir.path
  }

  static let meminfo = "MemTotal:       24684084 kB\nMemFree:  1000 kB\nMemAvailable:   2000000 kB\n"

  @Test("cgroup v2: memory.max − memory.current of the process's cgroup, when below MemAvailable")
  func cgroupV2() throws {
    let root = try Self.root([
      "proc/self/cgroup": "0::/job/42\n", "sys/fs/cgroup/job/42/memory.max": "1000000000\n",
      "sys/fs/cgroup/job/42/memory.current": "250000000\n", "proc/meminfo": Self.meminfo,
    ])
    let b = MemoryBudget.detect(root: root)
    #expect(b.source == .cgroupV2)
    #expect(b.bytes.bytes == 750_000_000)
  }

  @Test("cgroup v2 'max' means no limit: MemAvailable (kB) decides")
  func cgroupV2Unlimited() throws {
    let root = try Self.root([
      "proc/self/cgroup": "0::/\n", "sys/fs/cgroup/memory.max": "max\n", "proc/meminfo": Self.meminfo,
    ])
    let b = MemoryBudget.detect(root: root)
    #expect(b.source == .memAvailable)
    #expect(b.bytes.bytes == 2_000_000 * 1024)
  }

  @Test("cgroup v1: limit − usage of the memory controller; the 2⁶³-ish 'unlimited' is ignored")
  func cgroupV1() throws {
    let limited = try Self.root([
      "proc/self/cgroup": "5:devices:/\n4:memory:/process_api/abc\n0::/\n",
      "sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes": "536870912\n",
      "sys/fs/cgroup/memory/process_api/abc/memory.usage_in_bytes": "36870912\n",
      "proc/meminfo": Self.meminfo,
    ])
    #expect(
      MemoryBudget.detect(root: limited) == MemoryBudget(bytes: ByteCount(500_000_000), source: .cgroupV1))
    let unlimited = try Self.root([
      "proc/self/cgroup": "4:memory:/\n",
      "sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n",
      "sys/fs/cgroup/memory/memory.usage_in_bytes": "4110159872\n", "proc/meminfo": Self.meminfo,
    ])
    #expect(MemoryBudget.detect(root: unlimited).source == .memAvailable)
  }

  @Test("nothing readable: unknown and unbounded; --memory-budget overrides everything")
  func unknownAndOverride() throws {
    let empty = try Self.root(["README": "nothing here"])
    #expect(MemoryBudget.detect(root: empty) == MemoryBudget(bytes: .unbounded, source: .unknown))
    let b = try MemoryBudget.resolve(option: "1G", root: empty)
    #expect(b == MemoryBudget(bytes: ByteCount(1_000_000_000), source: .option))
  }

  @Test("byte counts saturate instead of trapping, and print in decimal units")
  func saturation() {
    #expect(ByteCount.doubles(Int.max / 2, 3).isUnbounded)
    #expect((ByteCount.unbounded + ByteCount(5)).isUnbounded)
    #expect(ByteCount.doubles(10_000_000, 10_000_000, 10_000_000).isUnbounded)
    #expect(ByteCount(80_000_000_032).description == "80.0 GB")
    #expect(ByteCount(812).description == "812 B")
    #expect(ByteCount(3_100_000).description == "3.10 MB")
  }
}
