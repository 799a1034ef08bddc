// The network-directory layout (W<l>.npy, b<l>.npy, X.npy): round trip and every refusal.
import FIM
import Foundation
import Spectra
import Testing

@Suite("Network directory (.npy layout)")
struct NetworkDirectoryTests {
  static func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("netdir-\(UUID())")
  }

  static func saved(_ parameterisation: Parameterisation = .standard) throws -> (URL, Network, Matrix) {
    let arch = try NetworkArchitecture(
      widths: [5, 8, 6, 3], activation: .erf, sigmaW2: 2, sigmaB2: 0.2, parameterisation: parameterisation)
    let net = Network.sample(arch, seed: 11)
    let x = try GaussianInputs.sample(samples: 4, width: 5, seed: 12)
    let dir = temporaryDirectory()
    try NetworkDirectory.save(net, inputs: x, to: dir)
    return (dir, net, x)
  }

  @Test(
    "save then load gives the same network, inputs and spectrum",
    arguments: [Parameterisation.standard, .ntk])
  func roundTrip(parameterisation: Parameterisation) throws {
    let (dir, net, x) = try Self.saved(parameterisation)
    defer { try? FileManager.default.removeItem(at: dir) }
    let (loaded, inputs) = try NetworkDirectory.load(
      from: dir, activation: .erf, parameterisation: parameterisation, sigmaW2: 2, sigmaB2: 0.2)
    #expect(loaded == net)
    #expect(inputs == x)
    let a = try MetricSpectrum(network: net, inputs: x, request: .fisher())
    let b = try MetricSpectrum(network: loaded, inputs: inputs, request: .fisher())
    #expect(a.eigenvalues == b.eigenvalues)
    let w2 = try NumpyArray(contentsOf: dir.appendingPathComponent("W2.npy"))
    #expect(w2.shape == [6, 8])
  }

  /// Applies `damage` to a freshly saved directory and expects a ConfigurationError on `field` whose
  /// message contains `text`.
  func expectRefusal(field: String, containing text: String, _ damage: (URL) throws -> Void) throws {
    let (dir, _, _) = try Self.saved()
    defer { try? FileManager.default.removeItem(at: dir) }
    // The by-name checks (a damaged file beside a manifest is refused by its checksum first).
    try FileManager.default.removeItem(at: dir.appendingPathComponent("network.json"))
    try damage(dir)
    do {
      _ = try NetworkDirectory.load(from: dir, activation: .erf)
      Issue.record("accepted a damaged directory (expected \(field))")
    } catch {
      #expect(error.field == field, "\(error)")
      #expect(error.message.contains(text), "\(error)")
    }
  }

  @Test("missing, inconsistent or malformed files are refused, naming the file")
  func refusals() throws {
    let fm = FileManager.default
    try expectRefusal(field: "W1.npy", containing: "missing W1.npy") {
      try fm.removeItem(at: $0.appendingPathComponent("W1.npy"))
    }
    try expectRefusal(field: "b2.npy", containing: "missing b2.npy") {
      try fm.removeItem(at: $0.appendingPathComponent("b2.npy"))
    }
    try expectRefusal(field: "X.npy", containing: "missing X.npy") {
      try fm.removeItem(at: $0.appendingPathComponent("X.npy"))
    }
    try expectRefusal(field: "W4.npy", containing: "b4.npy exists") { dir in
      try NumpyArray(vector: [1, 2]).write(to: dir.appendingPathComponent("b4.npy"))
    }
    try expectRefusal(field: "W2.npy", containing: "does not chain") { dir in
      try NumpyArray(Matrix(rows: 6, columns: 7)).write(to: dir.appendingPathComponent("W2.npy"))
    }
    try expectRefusal(field: "W2.npy", containing: "2-D") { dir in
      try NumpyArray(vector: [1, 2]).write(to: dir.appendingPathComponent("W2.npy"))
    }
    try expectRefusal(field: "b1.npy", containing: "shape (8,)") { dir in
      try NumpyArray(vector: [1, 2]).write(to: dir.appendingPathComponent("b1.npy"))
    }
    try expectRefusal(field: "X.npy", containing: "(N, 5)") { dir in
      try NumpyArray(Matrix(rows: 4, columns: 3)).write(to: dir.appendingPathComponent("X.npy"))
    }
    try expectRefusal(field: "W3.npy", containing: "dtype '<i4'") { dir in
      var bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("W3.npy")))
      let at = try #require((0..<120).first { bytes[$0..<($0 + 3)].elementsEqual("<f8".utf8) })
      bytes.replaceSubrange(at..<(at + 3), with: Array("<i4".utf8))
      try Data(bytes).write(to: dir.appendingPathComponent("W3.npy"))
    }
    try expectRefusal(field: "W1.npy", containing: "truncated data") { dir in
      let url = dir.appendingPathComponent("W1.npy")
      let data = try Data(contentsOf: url)
      try data.prefix(data.count - 8).write(to: url)
    }
    try expectRefusal(field: "b3.npy", containing: "magic") { dir in
      try Data("not numpy".utf8).write(to: dir.appendingPathComponent("b3.npy"))
    }
    try expectRefusal(field: "W2.npy", containing: "NaN") { dir in
      var m = Matrix(rows: 6, columns: 8, repeating: 0.1)
      m[1, 1] = .nan
      try NumpyArray(m).write(to: dir.appendingPathComponent("W2.npy"))
    }
    #expect(throws: ConfigurationError.self) {
      try NetworkDirectory.load(from: URL(fileURLWithPath: "/nonexistent/net"), activation: .relu)
    }
  }
}
