// Runs the built binary: `spectra train` and `spectra lr-sweep` files, agreement with the library, errors.
import FIM
import Foundation
import Spectra
import Testing

@Suite("spectra train and lr-sweep (built binary)")
struct TrainingCommandTests {
  static func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("spectra-training-\(UUID().uuidString)")
  }

  static func csv(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = try #require(lines.first).split(separator: ",", omittingEmptySubsequences: false).map(
      String.init)
    return (
      header,
      lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    )
  }

  @Test("train: trajectory, spectra, summary and run.json; λ_max at step 0 equals the metrics engine")
  func train() throws {
    let out = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try ToolRunner.run([
      "train", "--out", out.path, "--activation", "tanh", "--sigma-w2", "3", "--sigma-b2", "0.64", "--width",
      "24",
      "--input-width", "10", "--depth", "3", "--outputs", "2", "--samples", "8", "--steps", "12",
      "--track-every", "4",
      "--loss", "cross-entropy", "--relative-rate", "0.8", "--seed", "5", "--teacher-seed", "6",
      "--data-seed", "7",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("train: 4/4 done") && run.stderr.contains("(step 12/12)"))
    let trajectory = try Self.csv(out.appendingPathComponent("trajectory.csv"))
    #expect(trajectory.header == ["step", "loss", "loss_linearised", "loss_linearised_continuous"])
    #expect(trajectory.rows.count == 13)
    let spectra = try Self.csv(out.appendingPathComponent("spectra.csv"))
    #expect(spectra.header.first == "step" && spectra.header.contains("softmax_upper_bound_exact"))
    #expect(spectra.rows.map { $0[0] } == ["0", "4", "8", "12"])
    let arch = try NetworkArchitecture(widths: [10, 24, 24, 2], activation: .tanh, sigmaW2: 3, sigmaB2: 0.64)
    let data = try TrainingData.teacher(arch, samples: 8, loss: .crossEntropy, teacherSeed: 6, dataSeed: 7)
    let engine = try MetricSpectrum(
      network: Network.sample(arch, seed: 5), inputs: data.inputs, request: .fisher(output: .softmax),
      overlaps: false)
    let column = try #require(spectra.header.firstIndex(of: "lambda_max_softmax"))
    let measured = try #require(Double(spectra.rows[0][column]))
    #expect(abs(measured - engine.largest) <= 1e-10 * engine.largest)
    let record = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json")))
        as? [String: Any])
    #expect(record["command"] as? String == "train")
    let config = try #require(record["configuration"] as? [String: Any])
    let experiment = try #require(config["experiment"] as? [String: Any])
    #expect(experiment["seed"] as? Int == 5)
    #expect(experiment["teacher_seed"] as? Int == 6)
    let environment = try #require(record["environment"] as? [String: Any])
    #expect(environment["tool_version"] as? String != nil)
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
        as? [String: Any])
    let rate = try #require(summary["rate"] as? Double)
    let critical = try #require(summary["critical_rate"] as? Double)
    #expect(abs(rate - 0.8 * critical) <= 1e-15 * rate)
  }

  @Test("lr-sweep: one grid row per (M, η) and one critical row per width")
  func sweep() throws {
    let out = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try ToolRunner.run([
      "lr-sweep", "--out", out.path, "--widths", "12,20", "--rates", "0.001,0.01,2", "--samples", "6",
      "--steps", "30",
      "--activation", "tanh", "--sigma-w2", "3", "--sigma-b2", "0.64",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let grid = try Self.csv(out.appendingPathComponent("grid.csv"))
    #expect(grid.rows.count == 6)
    let diverged = try #require(grid.header.firstIndex(of: "diverged"))
    #expect(grid.rows.filter { $0[1] == "2.0" }.allSatisfy { $0[diverged] == "1" })
    #expect(grid.rows.filter { $0[1] == "0.001" }.allSatisfy { $0[diverged] == "0" })
    let critical = try Self.csv(out.appendingPathComponent("critical.csv"))
    #expect(critical.rows.map { $0[0] } == ["12", "20"])
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))
  }

  @Test(
    "bad input: a message naming the option and value, non-zero exit",
    arguments: [
      (["train", "--rate", "-1"], "Error: --rate must be positive and finite, got -1.0"),
      (["train", "--rate", "nan"], "Error: --rate must be positive and finite, got nan"),
      (["train", "--steps", "0"], "Error: --steps must be positive, got 0"),
      (["train", "--width", "-3"], "Error: --width must be positive, got -3"),
      (
        ["train", "--loss", "hinge"],
        "Error: loss: unknown loss \"hinge\"; expected one of: mse, cross-entropy"
      ),
      (["lr-sweep", "--widths", "0"], "Error: --widths: width must be positive, got 0"),
      (
        ["lr-sweep", "--rates", "0.1,-2"],
        "Error: --rates: learning rate must be positive and finite, got -2.0"
      ),
    ])
  func badInput(arguments: [String], message: String) throws {
    let run = try ToolRunner.run(arguments + ["--out", Self.temporaryDirectory().path])
    #expect(run.status == 64)
    #expect(run.stderr.hasPrefix(message + "\n"), "\(run.stderr)")
  }

  @Test("user data: a missing Y.npy is named")
  func missingData() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try NumpyArray(Matrix(rows: 4, columns: 3, repeating: 0.5)).write(to: dir.appendingPathComponent("X.npy"))
    let run = try ToolRunner.run([
      "train", "--data", dir.path, "--out", dir.appendingPathComponent("out").path,
    ])
    #expect(run.status != 0)
    #expect(run.stderr.contains("Y.npy: missing Y.npy"), "\(run.stderr)")
  }
}
