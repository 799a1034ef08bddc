// The exit-status policy of the README: 64 for usage and validation errors, 65 for bad input found while
// running, whatever the subcommand.
import Foundation
import Spectra
import Testing

@testable import CLI

@Suite("Exit status policy")
struct ExitStatusTests {
  static let sampled = [
    "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "10", "--depth",
    "2",
    "--outputs", "2", "--samples", "4",
  ]

  /// `sampled` with `option` set to `value`.
  static func with(_ option: String, _ value: String) -> [String] {
    var a = sampled
    a[a.firstIndex(of: option)! + 1] = value
    return a
  }

  @Test(
    "a value refused by validation exits 64 and names the value",
    arguments: [
      (with("--width", "-3"), "-3"), (with("--depth", "0"), "0"), (with("--outputs", "0"), "0"),
      (with("--samples", "0"), "0"), (with("--sigma-w2", "nan"), "nan"), (with("--sigma-b2", "-0.5"), "-0.5"),
      (with("--activation", "relu6"), "relu6"), (sampled + ["--width-ratios", "1,2"], "width-ratios"),
      (["train", "--out", "/tmp/never-written", "--width", "0"], "0"),
      (["lr-sweep", "--out", "/tmp/never-written", "--depth", "-1"], "-1"),
      (["sweep", "--widths", "10", "--sigma-b2", "-1", "--out", "/tmp/never-written"], "-1"),
    ])
  func usage(_ args: [String], _ named: String) throws {
    let r = try ToolRunner.run(args)
    #expect(r.status == ExitStatus.usage, "\(args): \(r.stderr)")
    #expect(r.stderr.contains(named), "\(r.stderr)")
  }

  @Test("a ConfigurationError found while running exits 65 with its message")
  func badInput() throws {
    let r = try ToolRunner.run(["spectrum", "--network", "/nonexistent-network", "--activation", "relu"])
    #expect(r.status == ExitStatus.badInput)
    #expect(r.stderr == "Error: network: network directory /nonexistent-network does not exist\n")
  }

  @Test("the README documents the policy")
  func documented() throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains("## Exit status"))
    for code in [ExitStatus.usage, ExitStatus.badInput] { #expect(readme.contains("| \(code) |")) }
  }
}
