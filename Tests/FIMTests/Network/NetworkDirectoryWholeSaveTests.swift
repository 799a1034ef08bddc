// Saving a network directory as a whole: stale layers, the manifest, carried-over files, file naming.
import FIM
import Foundation
import Spectra
import Testing

@Suite("Network directory: whole saves, manifest and stale layers")
struct NetworkDirectoryWholeSaveTests {
  static func network(widths: [Int], seed: UInt64) throws -> (Network, Matrix) {
    let arch = try NetworkArchitecture(widths: widths, activation: .tanh, sigmaW2: 2, sigmaB2: 0.1)
    return (
      Network.sample(arch, seed: seed), try GaussianInputs.sample(samples: 3, width: widths[0], seed: 7)
    )
  }

  static func load(_ dir: URL) throws(ConfigurationError) -> Network {
    try NetworkDirectory.load(from: dir, activation: .tanh, sigmaW2: 2, sigmaB2: 0.1).network
  }

  /// Expects loading `dir` to fail with `field` and a message containing each fragment.
  func expectRefusal(
    _ dir: URL, field: String, mentioning fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try Self.load(dir)
      Issue.record("loaded (expected a refusal on \(field))", sourceLocation: sourceLocation)
    } catch {
      #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
      for f in fragments {
        #expect(error.message.contains(f), "\(error)", sourceLocation: sourceLocation)
      }
    }
  }

  @Test("a depth-2 network saved over a depth-3 one loads as depth 2; no W3/b3 remain")
  func staleLayers() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (deep, x3) = try Self.network(widths: [4, 6, 6, 2], seed: 1)
    let (shallow, x2) = try Self.network(widths: [4, 5, 2], seed: 2)
    try NetworkDirectory.save(deep, inputs: x3, to: dir)
    #expect(try Self.load(dir) == deep)
    try NetworkDirectory.save(shallow, inputs: x2, to: dir)
    #expect(try Self.load(dir) == shallow)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(names == ["W1.npy", "W2.npy", "X.npy", "b1.npy", "b2.npy", "network.json"])
    // No hidden sibling is left beside the directory.
    #expect(AtomicDirectory.leftovers(of: dir).isEmpty)
  }

  @Test("a stray W3.npy beside a depth-2 manifest is refused, naming it")
  func strayLayerBesideManifest() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (net, x) = try Self.network(widths: [4, 5, 2], seed: 2)
    try NetworkDirectory.save(net, inputs: x, to: dir)
    try NumpyArray(Matrix(rows: 2, columns: 2)).write(to: dir.appendingPathComponent("W3.npy"))
    expectRefusal(dir, field: "W3.npy", mentioning: [dir.path, "not part of the depth-2 network"])
  }

  @Test("a layer file changed after saving does not match the manifest and is refused")
  func changedFile() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (net, x) = try Self.network(widths: [4, 5, 2], seed: 2)
    let (other, _) = try Self.network(widths: [4, 5, 2], seed: 3)
    try NetworkDirectory.save(net, inputs: x, to: dir)
    try NumpyArray(other.weights[1]).write(to: dir.appendingPathComponent("W2.npy"))
    expectRefusal(dir, field: "W2.npy", mentioning: ["does not match network.json", "CRC-32"])
    // Without the manifest the files load by their names (a mix the user asked for).
    try FileManager.default.removeItem(at: dir.appendingPathComponent("network.json"))
    #expect(try Self.load(dir).weights[1] == other.weights[1])
  }

  @Test("invalid manifests are refused, naming network.json and the field")
  func invalidManifest() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (net, x) = try Self.network(widths: [4, 5, 2], seed: 2)
    try NetworkDirectory.save(net, inputs: x, to: dir)
    let url = dir.appendingPathComponent("network.json")
    let good = try String(contentsOf: url, encoding: .utf8)
    for (edit, field) in [
      (good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2"), "version:"),
      (good.replacingOccurrences(of: "\"depth\" : 2", with: "\"depth\" : 3"), "files:"),
      (good.replacingOccurrences(of: "\"depth\" : 2", with: "\"depth\" : 0"), "depth:"),
      ("{", "not a valid network manifest"),
    ] {
      #expect(edit != good)
      try Data(edit.utf8).write(to: url)
      expectRefusal(dir, field: "network.json", mentioning: [url.path, field])
    }
  }

  @Test("without a manifest, layers numbered with a gap are refused")
  func legacyGap() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (net, x) = try Self.network(widths: [4, 6, 6, 2], seed: 1)
    try NetworkDirectory.save(net, inputs: x, to: dir)
    let fm = FileManager.default
    try fm.removeItem(at: dir.appendingPathComponent("network.json"))
    #expect(try Self.load(dir) == net)  // a directory of older versions loads as before
    try fm.removeItem(at: dir.appendingPathComponent("W2.npy"))
    expectRefusal(dir, field: "W2.npy", mentioning: ["W3.npy exists but W2.npy is missing", "without gaps"])
  }

  @Test("NaN in b2.npy is reported as b2.npy, not W2.npy")
  func nanInBiasNamesTheBias() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (net, x) = try Self.network(widths: [4, 5, 2], seed: 2)
    try NetworkDirectory.save(net, inputs: x, to: dir)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("network.json"))
    try NumpyArray(vector: [0.1, .nan]).write(to: dir.appendingPathComponent("b2.npy"))
    expectRefusal(
      dir, field: "b2.npy", mentioning: [dir.appendingPathComponent("b2.npy").path, "nan at index 1"])
  }

  @Test("other files in the directory are carried over; a subdirectory is refused and nothing changes")
  func carriedFiles() throws {
    let dir = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (net, x) = try Self.network(widths: [4, 5, 2], seed: 2)
    let (other, _) = try Self.network(widths: [4, 3, 2], seed: 4)
    try NetworkDirectory.save(net, inputs: x, to: dir)
    try Data("notes".utf8).write(to: dir.appendingPathComponent("notes.txt"))
    try NetworkDirectory.save(other, inputs: x, to: dir)
    #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "notes")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("plots"), withIntermediateDirectories: false)
    #expect(throws: ConfigurationError.self) { try NetworkDirectory.save(net, inputs: x, to: dir) }
    #expect(try Self.load(dir) == other)
    #expect(AtomicDirectory.leftovers(of: dir).isEmpty)
  }

  @Test("a missing directory with a leftover of an interrupted save names the leftover")
  func missingWithLeftover() throws {
    let parent = NetworkDirectoryTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: parent) }
    let leftover = parent.appendingPathComponent(".net.replaced-1234")
    try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
    do {
      _ = try Self.load(parent.appendingPathComponent("net"))
      Issue.record("loaded a missing directory")
    } catch {
      #expect(error.message.contains(".net.replaced-1234"), "\(error)")
    }
  }

  @Test("fuzz find: the input that leaked under LeakSanitizer (an empty W1.npy) is refused, naming W1.npy")
  func fuzzFindEmptyLayerFile() throws {
    // Fuzz/Corpus/network-directory/leak-empty-W1: records of (name byte, 2-byte length, bytes).
    let input = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fuzz/Corpus/network-directory/leak-empty-W1")
    let bytes = [UInt8](try Data(contentsOf: input))
    let names = [
      "W1.npy", "b1.npy", "W2.npy", "b2.npy", "W3.npy", "b3.npy", "X.npy", "network.json", "W4.npy", "b4.npy",
    ]
    let dir = NetworkDirectoryTests.temporaryDirectory()
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var i = 0
    while i + 3 <= bytes.count {
      let length = min(Int(bytes[i + 1]) | Int(bytes[i + 2]) << 8, bytes.count - i - 3)
      let name = names[Int(bytes[i]) % names.count]
      try Data(bytes[(i + 3)..<(i + 3 + length)]).write(to: dir.appendingPathComponent(name))
      i += 3 + length
    }
    // Its size, not Data(contentsOf:), which is what leaks on an empty file.
    let size = try dir.appendingPathComponent("W1.npy").resourceValues(forKeys: [.fileSizeKey]).fileSize
    #expect(size == 0)
    expectRefusal(
      dir, field: "W1.npy", mentioning: [dir.appendingPathComponent("W1.npy").path, "empty file"])
  }
}
