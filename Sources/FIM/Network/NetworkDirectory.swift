// A network and its inputs as a directory of NumPy files: W1.npy … WL.npy, b1.npy … bL.npy, X.npy.
import Foundation
import Spectra

/// Reads and writes the network-directory layout of `docs/network-directory.md`:
///
/// ```
/// W<l>.npy   l = 1…L   float64, shape M_l × M_{l−1}   (u^l = W^l h^{l−1} + b^l, h^0 = x)
/// b<l>.npy   l = 1…L   float64, shape M_l
/// X.npy                float64, shape N × M_0         (one input per row)
/// network.json          manifest: depth, widths, each file's size and CRC-32
/// ```
///
/// With `network.json` (every directory this toolkit saves) the depth and the files are the manifest's,
/// checked by size and CRC-32; a layer file it does not name is refused. Without it (hand-made directories,
/// older versions) the depth L is the highest `W<l>.npy`, and layers numbered with gaps are refused. The
/// activation (and, for the NTK parameterisation, σ_w² and σ_b²) come from the caller. Under the NTK
/// parameterisation the files hold the trainable ω and β (the forward pass multiplies them by σ_w/√M_{l−1}
/// and σ_b). Reading accepts float32 and Fortran-order files (see `NumpyArray`); writing always produces
/// float64 C-order files, as a whole (``save(_:inputs:to:)``).
/// Source: shared/science/karakida.md §1, §5.
///
/// Complexity: O(P + N·M_0) time and memory for ``load(from:activation:parameterisation:sigmaW2:sigmaB2:)``;
/// O(P) for ``loadNetwork(from:activation:parameterisation:sigmaW2:sigmaB2:)``, with the inputs read by
/// rows through ``Inputs``.
public enum NetworkDirectory {
  /// Loads the network and its inputs from `directory`.
  ///
  /// - Parameters:
  ///   - directory: the directory holding the `.npy` files.
  ///   - activation: the hidden-layer activation φ.
  ///   - parameterisation: how the stored parameters enter the forward pass.
  ///   - sigmaW2: σ_w² (used by the NTK parameterisation; recorded otherwise).
  ///   - sigmaB2: σ_b² (used by the NTK parameterisation; recorded otherwise).
  /// - Throws: `ConfigurationError` whose field is the file name and whose message starts with its
  ///   path, for a missing directory, `W1.npy`, bias or `X.npy`; a bias without its weights; layer files
  ///   numbered with a gap; an invalid `network.json`, a file that does not match it, or a layer file it
  ///   does not name; a file that is not a valid real `.npy`; a wrong number
  ///   of dimensions; shapes that do not chain (`W<l>` must have `M_{l−1}` columns, `b<l>` length `M_l`,
  ///   `X` `M_0` columns); or non-finite values.
  public static func load(
    from directory: URL, activation: Activation, parameterisation: Parameterisation = .standard,
    sigmaW2: Double = 1, sigmaB2: Double = 1
  ) throws(ConfigurationError) -> (network: Network, inputs: Matrix) {
    let layout = try existingLayout(directory)
    let network = try network(
      in: layout, activation: activation, parameterisation: parameterisation, sigmaW2: sigmaW2,
      sigmaB2: sigmaB2)
    let path = directory.appendingPathComponent("X.npy").path
    let x = try layout.array("X.npy")
    try checkInputShape(x.shape, inputWidth: network.architecture.inputWidth, path: path)
    let inputs: Matrix
    do { inputs = try x.matrix() } catch { throw ConfigurationError(field: "X.npy", error.description) }
    guard inputs.isFinite else {
      throw ConfigurationError(field: "X.npy", "\(path): inputs contain NaN or ±∞")
    }
    return (network, inputs)
  }

  /// Loads the network alone (weights and biases, whole) from `directory`, without reading `X.npy`: for
  /// callers that read the inputs by rows (``Inputs``), such as every rank of `spectra-mpi`.
  ///
  /// The same checks as ``load(from:activation:parameterisation:sigmaW2:sigmaB2:)`` for the layer files
  /// and `network.json`.
  ///
  /// - Throws: `ConfigurationError` whose field is the file name and whose message starts with its path,
  ///   as ``load(from:activation:parameterisation:sigmaW2:sigmaB2:)`` (nothing about `X.npy`).
  public static func loadNetwork(
    from directory: URL, activation: Activation, parameterisation: Parameterisation = .standard,
    sigmaW2: Double = 1, sigmaB2: Double = 1
  ) throws(ConfigurationError) -> Network {
    try network(
      in: try existingLayout(directory), activation: activation, parameterisation: parameterisation,
      sigmaW2: sigmaW2, sigmaB2: sigmaB2)
  }

  /// The layout of `directory`, which must exist (a missing one names the leftovers of an interrupted save).
  static func existingLayout(_ directory: URL) throws(ConfigurationError) -> Layout {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
      let left = AtomicDirectory.leftovers(of: directory)
      let hint =
        left.isEmpty
        ? "" : "; an interrupted save left \(left.joined(separator: ", ")) beside it (rename one into place)"
      throw ConfigurationError(field: "network", "network directory \(directory.path) does not exist\(hint)")
    }
    return try Layout(directory)
  }

  /// The network of `layout`'s layer files: each `W<l>` 2-D with `M_{l−1}` columns, each `b<l>` of length
  /// `M_l`, every value finite (checked by `Network`).
  static func network(
    in layout: Layout, activation: Activation, parameterisation: Parameterisation, sigmaW2: Double,
    sigmaB2: Double
  ) throws(ConfigurationError) -> Network {
    let directory = layout.directory
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    func read(_ name: String) throws(ConfigurationError) -> NumpyArray { try layout.array(name) }
    var weights: [Matrix] = []
    var biases: [[Double]] = []
    var widths: [Int] = []
    for l in 1...layout.depth {
      let w = try read("W\(l).npy")
      guard w.shape.count == 2 else {
        throw ConfigurationError(
          field: "W\(l).npy",
          "\(path("W\(l).npy")): weights must be 2-D (M_\(l) × M_\(l - 1)), got shape \(w.shape)")
      }
      if l == 1 {
        widths.append(w.shape[1])
      } else if w.shape[1] != widths[l - 1] {
        throw ConfigurationError(
          field: "W\(l).npy",
          "\(path("W\(l).npy")): shape \(w.shape) does not chain: layer \(l - 1) has \(widths[l - 1]) units, so W\(l) needs \(widths[l - 1]) columns"
        )
      }
      widths.append(w.shape[0])
      let b = try read("b\(l).npy")
      guard b.shape == [w.shape[0]] else {
        throw ConfigurationError(
          field: "b\(l).npy", "\(path("b\(l).npy")): biases must have shape (\(w.shape[0]),), got \(b.shape)")
      }
      do { weights.append(try w.matrix()) } catch {
        throw ConfigurationError(field: "W\(l).npy", error.description)
      }
      biases.append(b.elements)
    }
    let arch = try NetworkArchitecture(
      widths: widths, activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      parameterisation: parameterisation)
    do {
      return try Network(architecture: arch, weights: weights, biases: biases)
    } catch {
      throw ConfigurationError(field: "\(error.field).npy", "\(path("\(error.field).npy")): \(error.message)")
    }
  }

  /// Checks the shape of `X.npy` (at `path`) against the network's input width M_0: `(N, M_0)` with N > 0.
  ///
  /// - Throws: `ConfigurationError` with field `X.npy`, the message starting with the path.
  static func checkInputShape(_ shape: [Int], inputWidth: Int, path: String) throws(ConfigurationError) {
    guard shape.count == 2, shape[1] == inputWidth else {
      throw ConfigurationError(
        field: "X.npy", "\(path): inputs must have shape (N, \(inputWidth)), got \(shape)")
    }
    guard shape[0] > 0 else {
      throw ConfigurationError(field: "X.npy", "\(path): inputs have no rows (N = 0)")
    }
  }
}
