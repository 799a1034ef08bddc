// Runs the built `spectra` binary's `stripe` subcommands and checks exit codes, messages and outputs.
import Foundation
import Testing

@Suite("Stripe CLI")
struct StripeCommandTests {
  static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let r = try ToolRunner.run(arguments)
    return (r.status, r.stdout, r.stderr)
  }

  @Test("an invalid width is refused with a message naming the option")
  func invalidWidth() throws {
    let r = try Self.run(["stripe", "train", "--width", "0", "--out", "/tmp/unused-stripe-cli"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("width"))
  }

  @Test("a tiny training run writes run.json and the checkpoint table")
  func tinyRun() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stripe-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try Self.run([
      "stripe", "train", "--dimension", "3", "--width", "40", "--train", "64", "--test", "128",
      "--alpha-sqrt-h", "0.01", "--max-wall", "20", "--max-steps", "3000", "--loss-fractions", "0.5",
      "--out", dir.path,
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let runJSON = try Data(contentsOf: dir.appendingPathComponent("run.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: runJSON) as? [String: Any])
    #expect(object["configuration"] != nil)
    #expect((object["environment"] as? [String: Any])?["blas_threads"] != nil)
    let table = try String(contentsOf: dir.appendingPathComponent("checkpoints.csv"), encoding: .utf8)
    #expect(table.hasPrefix("step,"))
    let spectrum = try String(
      contentsOf: dir.appendingPathComponent("kernels/final-spectrum.csv"), encoding: .utf8)
    #expect(spectrum.hasPrefix("rank,eigenvalue,projection"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.hasPrefix(".tmp")
    }
    #expect(leftovers.isEmpty)
  }
}
