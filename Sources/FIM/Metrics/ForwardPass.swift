// The batched forward pass of a network over N inputs, keeping exactly what the dual Grams need.
import Spectra

/// A forward pass over N samples that keeps, for every layer, the Gram of its input activations, the
/// derivative of its activation at the pre-activations, and the logits.
///
/// ```
/// H_0 = X (N × M_0),  U_l = s_l·H_{l−1}ω^{lᵀ} + 1(t_l β^l)ᵀ,  H_l = φ(U_l),  f = U_L (N × C)
/// kept:  G_{l−1} = H_{l−1}H_{l−1}ᵀ (N × N, l = 1…L),  φ′(U_l) (N × M_l, l = 1…L−1),  U_L
/// ```
///
/// Source: shared/science/karakida.md §1 and §3 (layer-wise Gram). Sample n is row n.
///
/// Complexity: 2·N·Σ_l M_l·M_{l−1} flops for the products, N²·Σ_l M_{l−1} for the Grams (syrk);
/// memory N·Σ_{l<L} M_l + L·N² + N·C.
///
/// Implementation Notes: the activations H_l are discarded layer by layer unless `keepActivations` is set
/// (tests and the matrix-free ``MetricOperator`` use them); the Grams can be left out with `keepGrams: false`
/// (memory L·N², too much at N = 10⁴, and only ``DualGram`` needs them); no Jacobian is ever formed.
public struct ForwardPass: Sendable {
  /// The network.
  public let network: Network
  /// Number of samples N.
  public let sampleCount: Int
  /// `G_{l−1} = H_{l−1}H_{l−1}ᵀ` for l = 1…L (index l − 1), both triangles stored; empty when the pass
  /// was run with `keepGrams: false`.
  public let activationGrams: [Matrix]
  /// `φ′(U_l)` for l = 1…L−1 (index l − 1).
  public let derivatives: [Matrix]
  /// The outputs `f = U_L` (N × C).
  public let logits: Matrix
  /// `H_0 … H_{L−1}` when requested (index l), otherwise empty.
  public let activations: [Matrix]

  /// Runs the network on the rows of `inputs`.
  ///
  /// - Parameters:
  ///   - network: the network.
  ///   - inputs: `N × M_0`, one sample per row.
  ///   - keepActivations: also keep `H_0 … H_{L−1}` (memory N·Σ M_l).
  ///   - keepGrams: compute and keep the Grams `G_{l−1}` (memory L·N²); ``DualGram`` needs them.
  /// - Throws: `ConfigurationError` when the input width is not `M_0`, N is 0, an input is not finite, or
  ///   the pre-activations of a layer overflow (naming the layer).
  public init(network: Network, inputs: Matrix, keepActivations: Bool = false, keepGrams: Bool = true)
    throws(ConfigurationError)
  {
    let arch = network.architecture
    guard inputs.columns == arch.inputWidth else {
      throw ConfigurationError(
        field: "inputs", "inputs must have M_0 = \(arch.inputWidth) columns, got \(inputs.columns)")
    }
    guard inputs.rows > 0 else {
      throw ConfigurationError(field: "samples", "need at least one input sample, got 0")
    }
    guard inputs.isFinite else {
      throw ConfigurationError(field: "inputs", "inputs contain NaN or ±∞")
    }
    self.network = network
    sampleCount = inputs.rows
    var grams: [Matrix] = []
    var derivs: [Matrix] = []
    var kept: [Matrix] = []
    var h = inputs
    let phi = arch.activation
    for l in 1...arch.depth {
      if keepGrams {
        let gram = h.gram()
        guard gram.isFinite else {
          throw ConfigurationError(
            field: "depth",
            "the Gram H_\(l - 1)H_\(l - 1)ᵀ of the activations entering layer \(l) of \(arch.depth) overflows "
              + "to ±∞ (σ_w² = \(arch.sigmaW2)): the network's scale grows with depth beyond double precision; "
              + "lower --sigma-w2 or --depth")
        }
        grams.append(gram)
      }
      if keepActivations { kept.append(h) }
      let u = network.preActivations(layer: l, from: h)
      guard u.isFinite else {
        throw ConfigurationError(
          field: "depth",
          "the pre-activations of layer \(l) of \(arch.depth) overflow to ±∞ or NaN (σ_w² = \(arch.sigmaW2)): "
            + "the network's scale grows with depth beyond double precision; lower --sigma-w2 or --depth")
      }
      if l == arch.depth {
        h = u
        break
      }
      let (value, derivative) = phi.valuesAndDerivatives(of: u)
      derivs.append(derivative)
      h = value
    }
    activationGrams = grams
    derivatives = derivs
    logits = h
    activations = kept
  }

  /// Number of outputs C.
  public var outputCount: Int { network.architecture.outputs }

  /// The pass restricted to the samples `range` (rows of the derivatives, activations and logits; the
  /// Grams are dropped), for streaming over samples.
  ///
  /// - Complexity: copies `|range|·Σ M_l` entries.
  public func restricted(to range: Range<Int>) -> ForwardPass {
    let rows = Array(range)
    return ForwardPass(
      network: network, sampleCount: rows.count, activationGrams: [],
      derivatives: derivatives.map { $0.selectingRows(rows) }, logits: logits.selectingRows(rows),
      activations: activations.map { $0.selectingRows(rows) })
  }

  private init(
    network: Network, sampleCount: Int, activationGrams: [Matrix], derivatives: [Matrix], logits: Matrix,
    activations: [Matrix]
  ) {
    self.network = network
    self.sampleCount = sampleCount
    self.activationGrams = activationGrams
    self.derivatives = derivatives
    self.logits = logits
    self.activations = activations
  }
}
