// Issue 17 regressions: no NaN or ±∞ reaches an output; a legitimately degenerate spectrum says so.
import Foundation
import Testing

@testable import CLI

@Suite("Finite-value policy")
struct FiniteValuePolicyTests {
  static func spectrum(_ extra: [String]) -> [String] {
    ["spectrum", "--samples", "5", "--outputs", "2"] + extra
  }

  static func directory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("finite-\(UUID().uuidString)")
  }

  @Test("an overflowing second moment fails naming s, instead of printing s = inf")
  func overflowingSecondMoment() throws {
    let dir = Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try ToolRunner.run(
      Self.spectrum([
        "--activation", "linear", "--sigma-w2", "4", "--sigma-b2", "0", "--width", "50", "--depth", "300",
        "--json", "--out", dir.path,
      ]))
    #expect(r.status == ExitStatus.badInput, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: s: the second moment Σλ²/D is inf"), "\(r.stderr)")
    #expect(!r.stdout.contains("inf"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("spectrum.json").path))
  }

  @Test("activations that overflow fail naming the layer")
  func overflowingLayer() throws {
    let r = try ToolRunner.run(
      Self.spectrum([
        "--activation", "linear", "--sigma-w2", "4", "--sigma-b2", "0", "--width", "50", "--depth", "1100",
      ]))
    #expect(r.status == ExitStatus.badInput, "\(r.stderr)")
    #expect(r.stderr.contains("entering layer 520 of 1100 overflows"), "\(r.stderr)")
  }

  @Test("a saturated softmax is reported as a degenerate rank-0 spectrum, not as ok")
  func saturatedSoftmax() throws {
    let args = Self.spectrum([
      "--activation", "relu", "--sigma-w2", "4", "--sigma-b2", "0.1", "--width", "50", "--depth", "60",
      "--metric", "fisher-softmax",
    ])
    let text = try ToolRunner.run(args)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("health: degenerate: rank 0 (softmax saturated"), "\(text.stdout)")
    #expect(!text.stdout.contains("health: ok"))
    let json = try ToolRunner.run(args + ["--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let health = try #require(object["health"] as? [String: Any])
    #expect((health["degenerate"] as? String)?.hasPrefix("rank 0 (softmax saturated") == true)
    #expect(object["overlap"] is NSNull)
    for bad in ["\"inf\"", "\"-inf\"", "\"nan\""] { #expect(!json.stdout.contains(bad)) }
  }

  @Test("a normal spectrum's health has degenerate: null")
  func normalHealth() throws {
    let r = try ToolRunner.run(
      Self.spectrum([
        "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--width", "10", "--depth", "3",
        "--json",
      ]))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let health = try #require(object["health"] as? [String: Any])
    #expect(health["degenerate"] is NSNull)
    #expect(health["passed"] as? Bool == true)
  }

  @Test("coinciding eigenvalues (σ_w² = σ_b² = 0) give a finite histogram", arguments: ["log", "linear"])
  func coincidingEigenvalues(_ binning: String) throws {
    let dir = Self.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try ToolRunner.run(
      Self.spectrum([
        "--activation", "relu", "--sigma-w2", "0", "--sigma-b2", "0", "--width", "10", "--depth", "3",
        "--bins", "5", "--binning", binning, "--out", dir.path,
      ]))
    #expect(r.status == 0, "\(r.stderr)")
    let density = try String(contentsOf: dir.appendingPathComponent("density.csv"), encoding: .utf8)
    #expect(!density.contains("nan") && !density.contains("inf"), "\(density)")
    let rows = density.split(separator: "\n").dropFirst(2).map { $0.split(separator: ",") }
    #expect(rows.count == 5)
    #expect(rows.map { Int($0[4])! }.reduce(0, +) == 2, "both unit eigenvalues are binned: \(density)")
  }

  @Test("the JSON encoder refuses a non-finite number, naming its key path")
  func encoderRefuses() throws {
    struct Statistic: Encodable { let measured: Double }
    struct Report: Encodable { let statistics: [Statistic] }
    #expect(throws: NonFiniteOutputError.self) {
      try JSONOutput.encode(Report(statistics: [.init(measured: 1), .init(measured: .infinity)]))
    }
    do {
      _ = try JSONOutput.encode(Report(statistics: [.init(measured: 1), .init(measured: .infinity)]))
    } catch let e as NonFiniteOutputError {
      #expect(e.path == "statistics[1].measured")
    }
  }

  @Test("a missing sweep value is written as null and read back as NaN")
  func cellNull() throws {
    let data = try JSONOutput.encode([CellValue.number(.nan), .number(1.5)], pretty: false)
    #expect(String(decoding: data, as: UTF8.self) == "[null,1.5]")
    let back = try JSONOutput.decoder.decode([CellValue].self, from: data)
    if case .number(let x) = back[0] { #expect(x.isNaN) } else { Issue.record("not a number") }
    let legacy = try JSONOutput.decoder.decode([CellValue].self, from: Data(#"["nan","inf"]"#.utf8))
    if case .number(let x) = legacy[1] { #expect(x == .infinity) } else { Issue.record("not a number") }
  }
}

@Suite("Finite-value policy: summaries")
struct SummaryNullTests {
  @Test("summaries write an undefined number as null, never as a string")
  func summariesNull() throws {
    struct Summary: Encodable {
      let ratio: Double
      let error: Double
      let kept: Double
    }
    let data = try JSONOutput.encode(
      Summary(ratio: .infinity, error: .nan, kept: 2), pretty: false, nonFinite: .null)
    #expect(String(decoding: data, as: UTF8.self) == #"{"error":null,"kept":2,"ratio":null}"#)
  }
}
