// Which files make up a network directory: the manifest's list, or (without one) the layer file names.
import Foundation
import Spectra

extension NetworkDirectory {
  /// The files of one network directory and how they are checked on reading.
  ///
  /// With `network.json` the depth and the files are the manifest's, each file must match its recorded
  /// size and CRC-32, and a layer file the manifest does not name is refused. Without it (directories
  /// written by hand or by versions before the manifest) the depth L is the highest `W<l>.npy`, and layers
  /// must be numbered 1…L without gaps: `W3.npy` beside a missing `W2.npy`, or `b4.npy` without `W4.npy`,
  /// is refused rather than guessed at.
  struct Layout {
    /// The directory.
    let directory: URL
    /// The number of layers L.
    let depth: Int
    /// The manifest, when the directory has one.
    let manifest: NetworkManifest?

    /// The largest manifest read: 4 MiB (a depth-10 000 manifest is about 1.2 MB).
    static let maximumManifestBytes = 4 << 20

    /// Decides the depth and the files of `directory`.
    ///
    /// - Throws: ``ConfigurationError`` naming the file at fault and the directory.
    init(_ directory: URL) throws(ConfigurationError) {
      self.directory = directory
      let entries: [String]
      do { entries = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
        throw ConfigurationError(
          field: "network", "cannot list network directory \(directory.path): \(error.localizedDescription)")
      }
      let layers = entries.compactMap(Self.layerFile)
      if entries.contains(NetworkManifest.fileName) {
        let url = directory.appendingPathComponent(NetworkManifest.fileName)
        let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        guard size <= Self.maximumManifestBytes else {
          throw ConfigurationError(
            field: NetworkManifest.fileName,
            "\(url.path): \(size) bytes, more than a manifest may have (\(Self.maximumManifestBytes))")
        }
        let manifest = try NetworkManifest(contentsOf: url)
        if let stray = layers.filter({ $0.layer > manifest.depth }).min(by: { $0.layer < $1.layer }) {
          throw ConfigurationError(
            field: stray.name,
            "\(directory.appendingPathComponent(stray.name).path) is not part of the depth-\(manifest.depth) network that network.json describes; remove it (or remove network.json to load the layer files by their names)"
          )
        }
        self.manifest = manifest
        self.depth = manifest.depth
        return
      }
      manifest = nil
      let weights = Set(layers.filter { $0.kind == "W" }.map(\.layer))
      let biases = Set(layers.filter { $0.kind == "b" }.map(\.layer))
      guard let deepest = weights.max() else {
        throw ConfigurationError(field: "W1.npy", "missing W1.npy in network directory \(directory.path)")
      }
      if let gap = (1...deepest).first(where: { !weights.contains($0) }) {
        if gap == 1 {
          throw ConfigurationError(
            field: "W1.npy",
            "missing W1.npy in network directory \(directory.path) (W\(deepest).npy exists: layers must be numbered 1…L without gaps)"
          )
        }
        throw ConfigurationError(
          field: "W\(gap).npy",
          "W\(deepest).npy exists but W\(gap).npy is missing in \(directory.path): layers must be numbered 1…L without gaps"
        )
      }
      if let extra = biases.filter({ $0 > deepest }).min() {
        throw ConfigurationError(
          field: "W\(extra).npy",
          "b\(extra).npy exists but W\(extra).npy is missing (layer \(extra)) in \(directory.path)")
      }
      depth = deepest
    }

    /// The kind (`W` or `b`) and layer of a file named `W<l>.npy` or `b<l>.npy` with l ≥ 1.
    static func layerFile(_ name: String) -> (name: String, kind: Character, layer: Int)? {
      guard name.hasSuffix(".npy"), let kind = name.first, kind == "W" || kind == "b" else { return nil }
      let digits = name.dropFirst().dropLast(4)
      guard !digits.isEmpty, !digits.hasPrefix("0"), digits.allSatisfy(\.isASCII),
        let layer = Int(digits), layer >= 1
      else { return nil }
      return (name, kind, layer)
    }

    /// Reads `name`, checking it against the manifest when there is one.
    ///
    /// - Throws: ``ConfigurationError`` with `field` = `name` and a message starting with the file's path.
    func array(_ name: String) throws(ConfigurationError) -> NumpyArray {
      let url = try existingFile(name)
      guard let expected = try recordedSize(of: name) else {
        do { return try NumpyArray(contentsOf: url) } catch {
          throw ConfigurationError(field: name, error.message)
        }
      }
      let data: Data
      do { data = try InputFile.contents(of: url) } catch {
        throw ConfigurationError(field: name, error.description)
      }
      let crc = NetworkManifest.checksum(data)
      guard data.count == expected.bytes, crc == expected.crc32 else {
        throw mismatch(name, bytes: data.count, crc32: crc, expected: expected)
      }
      do { return try NumpyArray(npyData: data) } catch {
        throw ConfigurationError(field: name, "\(url.path): \(error.message)")
      }
    }

    /// The URL of `name`, which must exist in the directory.
    ///
    /// - Throws: ``ConfigurationError`` with `field` = `name` when the file is missing.
    func existingFile(_ name: String) throws(ConfigurationError) -> URL {
      let url = directory.appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw ConfigurationError(field: name, "missing \(name) in network directory \(directory.path)")
      }
      return url
    }

    /// The manifest's record of `name` once the file's size has been checked against it; `nil` without a
    /// manifest, or when the manifest does not list the file (a network saved without inputs).
    ///
    /// - Throws: ``ConfigurationError`` with `field` = `name` when the file is not a regular file of the
    ///   recorded size.
    func recordedSize(of name: String) throws(ConfigurationError) -> NetworkManifest.File? {
      guard let expected = manifest?.file(named: name) else { return nil }
      let url = directory.appendingPathComponent(name)
      let size = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
      guard size?.isRegularFile == true, let length = size?.fileSize, length == expected.bytes else {
        throw ConfigurationError(
          field: name,
          "\(url.path) does not match network.json (\(size?.fileSize.map { "\($0) bytes" } ?? "not a regular file"), recorded \(expected.bytes) bytes): the file changed after the network was saved; remove network.json to load the files as they are"
        )
      }
      return expected
    }

    /// The error for `name` whose length or CRC-32 (as read) differs from the manifest's record.
    func mismatch(_ name: String, bytes: Int, crc32: String, expected: NetworkManifest.File)
      -> ConfigurationError
    {
      ConfigurationError(
        field: name,
        "\(directory.appendingPathComponent(name).path) does not match network.json (\(bytes) bytes with CRC-32 \(crc32), recorded \(expected.bytes) bytes with CRC-32 \(expected.crc32)): the file changed after the network was saved; remove network.json to load the files as they are"
      )
    }
  }
}
