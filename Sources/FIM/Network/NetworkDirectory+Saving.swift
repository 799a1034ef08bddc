// Saving a network directory as a whole: a fresh sibling with a manifest, swapped into place.
import Foundation
import Spectra

extension NetworkDirectory {
  /// Writes `network` (and `inputs`, when given) to `directory` in the same layout, as a whole.
  ///
  /// The files and `network.json` are written into a fresh hidden sibling directory, flushed, and swapped
  /// into place (`AtomicDirectory`): a reader — or a process killed at any point of the save — sees the
  /// old network or the new one, never a mix, and layer files of an older, deeper network do not survive.
  /// Other regular files already in `directory` (e.g. results written there) are carried over; a
  /// subdirectory in it is refused.
  ///
  /// - Throws: `ConfigurationError` with field `save-network` naming the path when a file cannot be
  ///   written, flushed or swapped into place; `directory` is then unchanged.
  public static func save(_ network: Network, inputs: Matrix?, to directory: URL) throws(ConfigurationError) {
    do {
      try AtomicDirectory.replace(directory, replacing: isNetworkEntry) { fresh throws(OutputError) in
        var files: [NetworkManifest.File] = []
        func put(_ array: NumpyArray, as name: String) throws(OutputError) {
          let data = array.npyData
          try AtomicFile.write(data, to: fresh.appendingPathComponent(name))
          files.append(.init(name: name, bytes: data.count, crc32: NetworkManifest.checksum(data)))
        }
        for l in 1...network.architecture.depth {
          try put(NumpyArray(network.weights[l - 1]), as: "W\(l).npy")
          try put(NumpyArray(vector: network.biases[l - 1]), as: "b\(l).npy")
        }
        if let x = inputs { try put(NumpyArray(x), as: "X.npy") }
        let manifest = NetworkManifest(
          depth: network.architecture.depth, widths: network.architecture.widths, files: files)
        try AtomicFile.write(manifest.json, to: fresh.appendingPathComponent(NetworkManifest.fileName))
      }
    } catch {
      throw ConfigurationError(field: "save-network", "\(error)")
    }
  }

  /// Whether an entry of an existing directory belongs to the network a save replaces: the layer files,
  /// `X.npy`, `network.json` and temporary files of interrupted writes. Other files are carried over.
  static func isNetworkEntry(_ name: String) -> Bool {
    name == "X.npy" || name == NetworkManifest.fileName || name.hasPrefix(".tmp-")
      || Layout.layerFile(name) != nil
  }
}
