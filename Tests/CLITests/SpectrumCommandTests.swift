// Runs the built `spectra` binary: JSON output, agreement with the library, save/load, and error messages.
import FIM
import Foundation
import Spectra
import Testing

@Suite("spectra spectrum (built binary)")
struct SpectrumCommandTests {
  /// Runs the binary; returns (exit code, stdout, stderr).
  static func run(_ arguments: [String]) throws -> (Int32, String, String) {
    let r = try ToolRunner.run(arguments)
    return (r.status, r.stdout, r.stderr)
  }

  static let sampled = [
    "spectrum", "--activation", "tanh", "--sigma-w2", "3", "--sigma-b2", "0.64", "--input-width", "12",
    "--width", "20",
    "--depth", "3", "--outputs", "3", "--samples", "6", "--seed", "5", "--data-seed", "9", "--json",
  ]

  @Test("sampled network: JSON fields, configuration and agreement with the library")
  func sampledJSON() throws {
    let (code, out, _) = try Self.run(Self.sampled)
    #expect(code == 0)
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    let ev = try #require(obj["eigenvalues"] as? [Double])
    #expect(ev.count == 18)
    #expect(zip(ev, ev.dropFirst()).allSatisfy { $0 <= $1 })
    let arch = try NetworkArchitecture(
      widths: [12, 20, 20, 3], activation: .tanh, sigmaW2: 3, sigmaB2: 0.64)
    let net = Network.sample(arch, seed: 5)
    let x = try GaussianInputs.sample(samples: 6, width: 12, seed: 9)
    let lib = try MetricSpectrum(network: net, inputs: x, request: .fisher())
    // Equal up to rounding: the test process may run BLAS with another thread split than the binary.
    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-12 * abs(b) } ?? false }
    #expect(zip(ev, lib.eigenvalues).allSatisfy { close($0, $1) })
    #expect(obj["parameters"] as? Int == arch.parameterCount)
    #expect(close(obj["m"] as? Double, lib.mean))
    #expect(close(obj["s"] as? Double, lib.secondMoment))
    #expect(close(obj["lambda_max"] as? Double, lib.largest))
    #expect(close(obj["top_c_mean"] as? Double, lib.topMean))
    let health = try #require(obj["health"] as? [String: Any])
    #expect(health["passed"] as? Bool == true)
    let config = try #require(obj["configuration"] as? [String: Any])
    #expect(config["seed"] as? Int == 5 && config["data_seed"] as? Int == 9)
    #expect(config["widths"] as? [Int] == [12, 20, 20, 3])
    #expect(config["sigma_w2"] as? Double == 3)
  }

  @Test("--save-network writes a directory that --network reads back to the same spectrum")
  func saveAndLoad() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-net-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (c1, out1, _) = try Self.run(Self.sampled + ["--metric", "ntk", "--save-network", dir.path])
    #expect(c1 == 0)
    for name in ["W1.npy", "W2.npy", "W3.npy", "b1.npy", "b2.npy", "b3.npy", "X.npy"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
    }
    let (c2, out2, _) = try Self.run([
      "spectrum", "--network", dir.path, "--activation", "tanh", "--metric", "ntk", "--json",
    ])
    #expect(c2 == 0)
    let e1 =
      try #require(try JSONSerialization.jsonObject(with: Data(out1.utf8)) as? [String: Any])["eigenvalues"]
      as? [Double]
    let e2 =
      try #require(try JSONSerialization.jsonObject(with: Data(out2.utf8)) as? [String: Any])["eigenvalues"]
      as? [Double]
    #expect(e1 != nil && e1 == e2)
  }

  @Test(
    "bad input gives one message naming the field, and a non-zero exit",
    arguments: [
      (["spectrum", "--activation", "relu6", "--network", "/tmp"], "The value 'relu6' is invalid"),
      (
        ["spectrum", "--activation", "relu", "--network", "/nonexistent/dir"],
        "network directory /nonexistent/dir does not exist"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "10", "--depth", "2", "--outputs", "2", "--samples",
          "3", "--sigma-w2=-1", "--sigma-b2", "0",
        ], "--sigma-w2 must be finite and non-negative, got -1.0"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "10", "--depth", "2", "--outputs", "2", "--sigma-w2",
          "1", "--sigma-b2", "0",
        ], "missing --samples"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "0", "--depth", "2", "--outputs", "2", "--samples",
          "3", "--sigma-w2", "1", "--sigma-b2", "0",
        ], "width: width must be positive, got 0"
      ),
      (
        ["spectrum", "--activation", "relu", "--network", "/tmp", "--width", "4"],
        "--width describes a sampled network"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "10", "--depth", "2", "--outputs", "2", "--samples",
          "3", "--sigma-w2", "1", "--sigma-b2", "0", "--metric", "feature-metric",
        ], "needs --layer"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "10", "--depth", "2", "--outputs", "2", "--samples",
          "3", "--sigma-w2", "1", "--sigma-b2", "0", "--metric", "feature-metric", "--layer", "5",
        ], "layer: feature layer must be in 0…1, got 5"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "10", "--depth", "2", "--outputs", "2", "--samples",
          "3", "--sigma-w2", "1", "--sigma-b2", "0", "--metric", "fisher", "--block", "3",
        ], "block: block layer must be in 1…2, got 3"
      ),
      (
        [
          "spectrum", "--activation", "relu", "--width", "10", "--depth", "2", "--outputs", "2", "--samples",
          "3", "--sigma-w2", "1", "--sigma-b2", "0", "--metric", "hessian",
        ], "hessian"
      ),
    ])
  func errors(arguments: [String], message: String) throws {
    let (code, out, err) = try Self.run(arguments)
    #expect(code != 0)
    #expect(out.isEmpty)
    #expect(err.contains(message), "stderr: \(err)")
  }
}
