// A concrete fully connected network: trainable weights and biases of every layer, and its forward pass.
import Spectra

/// A fully connected network with its trainable parameters θ = (ω^l, β^l), l = 1…L.
///
/// ```
/// u^l = s_l · ω^l h^{l−1} + t_l · β^l,   h^l = φ(u^l),   h^0 = x,   f = u^L
/// standard:  s_l = 1,               t_l = 1      (ω = W ~ N(0, σ_w²/M_{l−1}), β = b ~ N(0, σ_b²))
/// NTK:       s_l = σ_w/√M_{l−1},    t_l = σ_b    (ω, β ~ N(0, 1))
/// ```
///
/// The stored arrays are always the trainable parameters, i.e. the variables gradients are taken with
/// respect to: `W`, `b` under the standard parameterisation and `ω`, `β` under the NTK parameterisation.
/// Source: shared/science/karakida.md §1 (network, standard parameterisation) and §5 (NTK parameterisation).
public struct Network: Sendable, Equatable {
  /// Widths, activation, variances and parameterisation.
  public let architecture: NetworkArchitecture
  /// Trainable weights of layers 1…L (index 0 is layer 1), shape `M_l × M_{l−1}`.
  public let weights: [Matrix]
  /// Trainable biases of layers 1…L (index 0 is layer 1), length `M_l`.
  public let biases: [[Double]]

  /// A network from explicit parameters.
  ///
  /// - Throws: `ConfigurationError` naming the layer when a shape does not match the architecture or a
  ///   parameter is not finite.
  public init(architecture: NetworkArchitecture, weights: [Matrix], biases: [[Double]])
    throws(ConfigurationError)
  {
    let widths = architecture.widths
    guard weights.count == architecture.depth, biases.count == architecture.depth else {
      throw ConfigurationError(
        field: "layers",
        "depth \(architecture.depth) needs \(architecture.depth) weight matrices and bias vectors, got \(weights.count) and \(biases.count)"
      )
    }
    for l in 1...architecture.depth {
      let w = weights[l - 1]
      guard w.rows == widths[l], w.columns == widths[l - 1] else {
        throw ConfigurationError(
          field: "W\(l)",
          "weights of layer \(l) must be \(widths[l])×\(widths[l - 1]), got \(w.rows)×\(w.columns)")
      }
      guard biases[l - 1].count == widths[l] else {
        throw ConfigurationError(
          field: "b\(l)", "biases of layer \(l) must have length \(widths[l]), got \(biases[l - 1].count)")
      }
      guard w.isFinite, biases[l - 1].allSatisfy(\.isFinite) else {
        throw ConfigurationError(field: "W\(l)", "parameters of layer \(l) contain NaN or ±∞")
      }
    }
    self.architecture = architecture
    self.weights = weights
    self.biases = biases
  }

  /// The factor `s_l` multiplying the stored weights of layer `l` (1-based) in the forward pass.
  public func weightScale(layer l: Int) -> Double {
    switch architecture.parameterisation {
    case .standard: return 1
    case .ntk: return (architecture.sigmaW2 / Double(architecture.widths[l - 1])).squareRoot()
    }
  }

  /// The factor `t_l` multiplying the stored biases of layer `l` (1-based) in the forward pass.
  public func biasScale(layer l: Int) -> Double {
    switch architecture.parameterisation {
    case .standard: return 1
    case .ntk: return architecture.sigmaB2.squareRoot()
    }
  }

  /// The effective weights `s_l·ω^l` of layer `l` (1-based), the matrix that multiplies `h^{l−1}`.
  public func effectiveWeights(layer l: Int) -> Matrix {
    let s = weightScale(layer: l)
    return s == 1 ? weights[l - 1] : weights[l - 1].scaled(by: s)
  }

  /// The pre-activations `U_l = s_l·H_{l−1}ω^{lᵀ} + 1·(t_l β^l)ᵀ` (N × M_l) of layer `l` from `H_{l−1}`.
  ///
  /// - Complexity: 2·N·M_l·M_{l−1} flops.
  /// - Precondition: `activations` is `N × M_{l−1}`.
  public func preActivations(layer l: Int, from activations: Matrix) -> Matrix {
    precondition(activations.columns == architecture.widths[l - 1], "layer \(l) input width mismatch")
    var u = Matrix(rows: activations.rows, columns: architecture.widths[l])
    Matrix.multiplyAdd(
      activations, weights[l - 1], transposingB: true, alpha: weightScale(layer: l), into: &u)
    let t = biasScale(layer: l)
    let b = biases[l - 1]
    let n = activations.rows
    u.modifyElements { e in
      for j in 0..<b.count {
        let bj = t * b[j]
        for i in 0..<n { e[i + j * n] += bj }
      }
    }
    return u
  }

  /// The outputs `f` (N × C) for the rows of `inputs`, or, with `layer = l > 0`, for hidden activations
  /// `h^l` given as the rows of `inputs` (the network from layer l + 1 on).
  ///
  /// - Throws: `ConfigurationError` when `layer` is outside `0..<L` or the width of `inputs` is not `M_layer`.
  public func outputs(for inputs: Matrix, fromLayer layer: Int = 0) throws(ConfigurationError) -> Matrix {
    guard layer >= 0, layer < architecture.depth else {
      throw ConfigurationError(field: "layer", "layer must be in 0…\(architecture.depth - 1), got \(layer)")
    }
    guard inputs.columns == architecture.widths[layer] else {
      throw ConfigurationError(
        field: "inputs",
        "inputs at layer \(layer) must have \(architecture.widths[layer]) columns, got \(inputs.columns)")
    }
    var h = inputs
    for l in (layer + 1)...architecture.depth {
      let u = preActivations(layer: l, from: h)
      h = l < architecture.depth ? architecture.activation.values(of: u) : u
    }
    return h
  }
}
