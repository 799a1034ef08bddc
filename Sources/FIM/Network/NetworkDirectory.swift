// A network and its inputs as a directory of NumPy files: W1.npy … WL.npy, b1.npy … bL.npy, X.npy.
import Foundation
import Spectra

/// Reads and writes the network-directory layout of `docs/network-directory.md`:
///
/// ```
/// W<l>.npy   l = 1…L   float64, shape M_l × M_{l−1}   (u^l = W^l h^{l−1} + b^l, h^0 = x)
/// b<l>.npy   l = 1…L   float64, shape M_l
/// X.npy                float64, shape N × M_0         (one input per row)
/// ```
///
/// Depth L is the number of consecutive `W<l>.npy` files from `W1.npy`. The activation (and, for the NTK
/// parameterisation, σ_w² and σ_b²) come from the caller. Under the NTK parameterisation the files hold the
/// trainable ω and β (the forward pass multiplies them by σ_w/√M_{l−1} and σ_b). Reading accepts float32 and
/// Fortran-order files (see `NumpyArray`); writing always produces float64 C-order files.
/// Source: shared/science/karakida.md §1, §5.
///
/// Complexity: O(P + N·M_0) time and memory.
public enum NetworkDirectory {
  /// Loads the network and its inputs from `directory`.
  ///
  /// - Parameters:
  ///   - directory: the directory holding the `.npy` files.
  ///   - activation: the hidden-layer activation φ.
  ///   - parameterisation: how the stored parameters enter the forward pass.
  ///   - sigmaW2: σ_w² (used by the NTK parameterisation; recorded otherwise).
  ///   - sigmaB2: σ_b² (used by the NTK parameterisation; recorded otherwise).
  /// - Throws: `ConfigurationError` whose field is the file name, for a missing directory, `W1.npy`,
  ///   bias or `X.npy`; a bias without its weights; a file that is not a valid real `.npy`; a wrong number
  ///   of dimensions; shapes that do not chain (`W<l>` must have `M_{l−1}` columns, `b<l>` length `M_l`,
  ///   `X` `M_0` columns); or non-finite values.
  public static func load(
    from directory: URL, activation: Activation, parameterisation: Parameterisation = .standard,
    sigmaW2: Double = 1, sigmaB2: Double = 1
  ) throws(ConfigurationError) -> (network: Network, inputs: Matrix) {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
      throw ConfigurationError(field: "network", "network directory \(directory.path) does not exist")
    }
    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }
    func read(_ name: String) throws(ConfigurationError) -> NumpyArray {
      guard exists(name) else {
        throw ConfigurationError(field: name, "missing \(name) in network directory \(directory.path)")
      }
      do {
        return try NumpyArray(contentsOf: file(name))
      } catch {
        throw ConfigurationError(field: name, error.message)
      }
    }
    guard exists("W1.npy") else {
      throw ConfigurationError(field: "W1.npy", "missing W1.npy in network directory \(directory.path)")
    }
    var depth = 1
    while exists("W\(depth + 1).npy") { depth += 1 }
    if exists("b\(depth + 1).npy") {
      throw ConfigurationError(
        field: "W\(depth + 1).npy",
        "b\(depth + 1).npy exists but W\(depth + 1).npy is missing (layer \(depth + 1))")
    }
    var weights: [Matrix] = []
    var biases: [[Double]] = []
    var widths: [Int] = []
    for l in 1...depth {
      let w = try read("W\(l).npy")
      guard w.shape.count == 2 else {
        throw ConfigurationError(
          field: "W\(l).npy", "weights must be 2-D (M_\(l) × M_\(l - 1)), got shape \(w.shape)")
      }
      if l == 1 {
        widths.append(w.shape[1])
      } else if w.shape[1] != widths[l - 1] {
        throw ConfigurationError(
          field: "W\(l).npy",
          "shape \(w.shape) does not chain: layer \(l - 1) has \(widths[l - 1]) units, so W\(l) needs \(widths[l - 1]) columns"
        )
      }
      widths.append(w.shape[0])
      let b = try read("b\(l).npy")
      guard b.shape == [w.shape[0]] else {
        throw ConfigurationError(
          field: "b\(l).npy", "biases must have shape (\(w.shape[0]),), got \(b.shape)")
      }
      do { weights.append(try w.matrix()) } catch {
        throw ConfigurationError(field: "W\(l).npy", error.description)
      }
      biases.append(b.elements)
    }
    let x = try read("X.npy")
    guard x.shape.count == 2, x.shape[1] == widths[0] else {
      throw ConfigurationError(field: "X.npy", "inputs must have shape (N, \(widths[0])), got \(x.shape)")
    }
    guard x.shape[0] > 0 else { throw ConfigurationError(field: "X.npy", "inputs have no rows (N = 0)") }
    let arch = try NetworkArchitecture(
      widths: widths, activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      parameterisation: parameterisation)
    let network: Network
    do {
      network = try Network(architecture: arch, weights: weights, biases: biases)
    } catch {
      throw ConfigurationError(field: "\(error.field).npy", error.message)
    }
    let inputs: Matrix
    do { inputs = try x.matrix() } catch { throw ConfigurationError(field: "X.npy", error.description) }
    guard inputs.isFinite else { throw ConfigurationError(field: "X.npy", "inputs contain NaN or ±∞") }
    return (network, inputs)
  }

  /// Writes `network` (and `inputs`, when given) to `directory` in the same layout, creating it.
  ///
  /// - Throws: `ConfigurationError` with field `save-network` naming the path when a file cannot be written.
  public static func save(_ network: Network, inputs: Matrix?, to directory: URL) throws(ConfigurationError) {
    do {
      for l in 1...network.architecture.depth {
        try NumpyArray(network.weights[l - 1]).write(to: directory.appendingPathComponent("W\(l).npy"))
        try NumpyArray(vector: network.biases[l - 1]).write(to: directory.appendingPathComponent("b\(l).npy"))
      }
      if let x = inputs { try NumpyArray(x).write(to: directory.appendingPathComponent("X.npy")) }
    } catch {
      throw ConfigurationError(field: "save-network", error.description)
    }
  }
}
