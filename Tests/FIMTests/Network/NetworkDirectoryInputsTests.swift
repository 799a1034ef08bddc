// Loading a network directory's network alone and reading X.npy by rows (the MPI ranks' path).
import FIM
import Foundation
import Spectra
import Testing

@Suite("Network directory: network alone, inputs by rows")
struct NetworkDirectoryInputsTests {
  /// Expects `body` to throw a `ConfigurationError` on `field` whose message contains every fragment.
  func expectRefusal(
    field: String, _ fragments: [String], _ body: () throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      try body()
      Issue.record("accepted (expected \(field): \(fragments))", sourceLocation: sourceLocation)
    } catch let error as ConfigurationError {
      #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
      for f in fragments {
        #expect(error.message.contains(f), "\(error)", sourceLocation: sourceLocation)
      }
    } catch {
      Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
  }

  @Test("loadNetwork and the inputs read by rows equal load's network and rows", arguments: [true, false])
  func sameAsLoad(manifest: Bool) throws {
    let (dir, net, x) = try NetworkDirectoryTests.saved()
    defer { try? FileManager.default.removeItem(at: dir) }
    if !manifest { try FileManager.default.removeItem(at: dir.appendingPathComponent("network.json")) }
    let (loaded, inputs) = try NetworkDirectory.load(from: dir, activation: .erf, sigmaW2: 2, sigmaB2: 0.2)
    let alone = try NetworkDirectory.loadNetwork(from: dir, activation: .erf, sigmaW2: 2, sigmaB2: 0.2)
    #expect(alone == loaded && alone == net)
    let reader = try NetworkDirectory.Inputs(directory: dir, inputWidth: 5, verifyingChecksum: true)
    #expect(reader.samples == 4 && reader.inputWidth == 5 && reader.checksumVerified == manifest)
    #expect(try reader.rows(0..<4) == inputs && inputs == x)
    #expect(try reader.rows([1, 3]) == Matrix([(0..<5).map { x[1, $0] }, (0..<5).map { x[3, $0] }]))
    #expect(try reader.rows(2..<3) == Matrix([(0..<5).map { x[2, $0] }]))
  }

  @Test("a network saved without inputs loads alone; its inputs are missing")
  func networkWithoutInputs() throws {
    let (dir, net, _) = try NetworkDirectoryTests.saved()
    defer { try? FileManager.default.removeItem(at: dir) }
    try NetworkDirectory.save(net, inputs: nil, to: dir)
    #expect(try NetworkDirectory.loadNetwork(from: dir, activation: .erf, sigmaW2: 2, sigmaB2: 0.2) == net)
    expectRefusal(field: "X.npy", ["missing X.npy"]) {
      _ = try NetworkDirectory.Inputs(directory: dir, inputWidth: 5, verifyingChecksum: false)
    }
  }

  @Test("X.npy changed after saving: a new size is always refused, new bytes only with the checksum")
  func manifestChecks() throws {
    let (dir, _, _) = try NetworkDirectoryTests.saved()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("X.npy")
    var bytes = [UInt8](try Data(contentsOf: url))
    bytes[bytes.count - 3] ^= 0x01  // a different value of the same size, still finite
    try Data(bytes).write(to: url)
    expectRefusal(field: "X.npy", [url.path, "does not match network.json", "CRC-32"]) {
      _ = try NetworkDirectory.Inputs(directory: dir, inputWidth: 5, verifyingChecksum: true)
    }
    let unchecked = try NetworkDirectory.Inputs(directory: dir, inputWidth: 5, verifyingChecksum: false)
    #expect(!unchecked.checksumVerified && unchecked.samples == 4)
    try Data(bytes + [0]).write(to: url)
    expectRefusal(field: "X.npy", [url.path, "does not match network.json", "recorded"]) {
      _ = try NetworkDirectory.Inputs(directory: dir, inputWidth: 5, verifyingChecksum: false)
    }
  }

  @Test("the shape checks of load: M_0 columns, N > 0; NaN in a requested row; rows in range")
  func shapeAndValues() throws {
    let (dir, _, x) = try NetworkDirectoryTests.saved()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.removeItem(at: dir.appendingPathComponent("network.json"))
    let url = dir.appendingPathComponent("X.npy")
    func open() throws -> NetworkDirectory.Inputs {
      try NetworkDirectory.Inputs(directory: dir, inputWidth: 5, verifyingChecksum: true)
    }
    try NumpyArray(Matrix(rows: 4, columns: 3)).write(to: url)
    expectRefusal(field: "X.npy", [url.path, "inputs must have shape (N, 5), got [4, 3]"]) { _ = try open() }
    try NumpyArray(Matrix(rows: 0, columns: 5)).write(to: url)
    expectRefusal(field: "X.npy", [url.path, "no rows (N = 0)"]) { _ = try open() }
    try NumpyArray(vector: [1, 2, 3, 4, 5]).write(to: url)
    expectRefusal(field: "X.npy", ["inputs must have shape (N, 5), got [5]"]) { _ = try open() }
    var bad = x
    bad[2, 4] = .nan
    try NumpyArray(bad).write(to: url)
    let reader = try open()
    expectRefusal(field: "X.npy", [url.path, "row 2, column 4 is nan"]) { _ = try reader.rows(1..<3) }
    expectRefusal(field: "X.npy", ["row 4 does not exist"]) { _ = try reader.rows([3, 4]) }
    #expect(try reader.rows([0, 3]) == Matrix([(0..<5).map { x[0, $0] }, (0..<5).map { x[3, $0] }]))
    // The whole-directory load refuses the same file as a whole.
    expectRefusal(field: "X.npy", ["inputs contain NaN"]) {
      _ = try NetworkDirectory.load(from: dir, activation: .erf)
    }
    expectRefusal(field: "network", ["does not exist"]) {
      _ = try NetworkDirectory.Inputs(
        directory: dir.appendingPathComponent("nope"), inputWidth: 5, verifyingChecksum: false)
    }
  }
}
