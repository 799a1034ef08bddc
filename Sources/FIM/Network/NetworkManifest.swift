// `network.json`: the manifest of a saved network directory (depth, widths, each file's size and CRC-32).
import Foundation
import Spectra

/// The manifest a saved network directory carries as `network.json`, written after every layer file.
///
/// ```json
/// { "format": "deepspectra-network-directory", "version": 1, "depth": 2, "widths": [5, 8, 3],
///   "files": [ { "name": "W1.npy", "bytes": 448, "crc32": "5f1d2c3a" }, … ] }
/// ```
/// When a directory has a manifest, the loader takes the depth from it, reads exactly the files it names,
/// checks each file's size and CRC-32, and refuses any other layer file (`W3.npy` beside a depth-2
/// manifest). The CRC-32 detects files changed or replaced after saving; it is not a cryptographic hash.
struct NetworkManifest: Codable, Equatable {
  /// One file of the directory.
  struct File: Codable, Equatable {
    /// The file name, e.g. `W1.npy`.
    var name: String
    /// Its length in bytes.
    var bytes: Int
    /// Its CRC-32 as 8 lowercase hexadecimal digits.
    var crc32: String
  }

  /// The manifest's file name.
  static let fileName = "network.json"
  /// The value of `format` that identifies a manifest.
  static let formatName = "deepspectra-network-directory"
  /// The manifest version this code writes and reads.
  static let currentVersion = 1
  /// The deepest network a manifest may declare.
  static let maximumDepth = 10_000

  var format = formatName
  var version = currentVersion
  /// The number of layers L.
  var depth: Int
  /// M_0 … M_L.
  var widths: [Int]
  /// Every file of the network, in writing order.
  var files: [File]

  /// A manifest of the current format and version.
  init(depth: Int, widths: [Int], files: [File]) {
    self.depth = depth
    self.widths = widths
    self.files = files
  }

  /// The CRC-32 of `data` as 8 lowercase hexadecimal digits.
  static func checksum(_ data: Data) -> String { hex(FileSystemCalls.crc32(data)) }

  /// `crc` as 8 lowercase hexadecimal digits, as the manifest records it.
  static func hex(_ crc: UInt32) -> String {
    let hex = String(crc, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// The manifest's JSON bytes (sorted keys, so that equal networks give equal files).
  var json: Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return (try? encoder.encode(self)) ?? Data()
  }

  /// Reads and checks the manifest at `url`.
  ///
  /// - Throws: ``ConfigurationError`` with field `network.json` naming the path and the field at fault:
  ///   unreadable or invalid JSON, a wrong `format`, an unknown `version`, a `depth` outside
  ///   1…``maximumDepth``, or a `files` list that is not exactly W1…WL, b1…bL and optionally X.npy.
  init(contentsOf url: URL) throws(ConfigurationError) {
    func fail(_ message: String) -> ConfigurationError {
      ConfigurationError(field: Self.fileName, "\(url.path): \(message)")
    }
    let decoded: NetworkManifest
    do {
      decoded = try JSONDecoder().decode(NetworkManifest.self, from: InputFile.contents(of: url))
    } catch {
      throw fail("not a valid network manifest: \(error)")
    }
    guard decoded.format == Self.formatName else {
      throw fail("format: expected \"\(Self.formatName)\", got \"\(decoded.format.prefix(80))\"")
    }
    guard decoded.version == Self.currentVersion else {
      throw fail("version: this tool reads version \(Self.currentVersion), got \(decoded.version)")
    }
    guard (1...Self.maximumDepth).contains(decoded.depth) else {
      throw fail("depth: must be in 1…\(Self.maximumDepth), got \(decoded.depth)")
    }
    let names = decoded.files.map(\.name)
    let layers = (1...decoded.depth).flatMap { ["W\($0).npy", "b\($0).npy"] }
    guard Set(names).count == names.count,
      Set(names).subtracting(["X.npy"]) == Set(layers)
    else {
      throw fail(
        "files: a depth-\(decoded.depth) network needs exactly W1…W\(decoded.depth), b1…b\(decoded.depth) and optionally X.npy, got \(names.prefix(20))"
      )
    }
    self = decoded
  }

  /// The entry for `name`, if the manifest lists it.
  func file(named name: String) -> File? { files.first { $0.name == name } }
}
