// What to measure: which metric, which output model, which layer, and the variant.

/// The output model that turns the network outputs f into a likelihood.
///
/// Source: shared/science/karakida.md §3 (linear: Gaussian regression) and §4 (softmax: cross-entropy).
public enum OutputKind: String, Sendable, Codable, CaseIterable {
  /// `p(y|x) = N(y; f(x), I_C)`: the metric weights every output equally.
  case linear
  /// `p(y = k|x) = g_k = softmax(f)_k`: the metric is weighted by `Q(n) = diag(g) − g gᵀ`.
  case softmax
}

/// A metric of a random network, measured through its C·N × C·N dual.
///
/// ```
/// fisher          F = (1/N) Σ_n ∇_θ fᵀ Q(n) ∇_θ f      (Q = I_C for linear output)     dual ℬᵀKℬ/N   over P
/// ntk             Θ = ∇_θ f ∇_θ fᵀ                      (no 1/N)                        dual K        over C·N
/// feature-metric  A^l = (1/N) Σ_n ∇_{h^l} fᵀ Q(n) ∇_{h^l} f   (l = 0: input metric)   dual ℬᵀK_hℬ/N over M_l
/// ```
///
/// Variants: `block` (Fisher/NTK restricted to the weights of one layer, the diagonal block F_ll),
/// `outputIndex` (the per-output metric A_k of one output, linear output only), `meanSubtracted`
/// (outputs centred over the samples, as batch norm in the last layer; the softmax then acts on the centred
/// logits). Source: shared/science/karakida.md §3–§6.
public struct MetricRequest: Sendable, Codable, Equatable {
  /// The family of metrics.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// The Fisher information matrix F.
    case fisher
    /// The neural tangent kernel Θ.
    case ntk
    /// The metric A^l of the input (l = 0) or feature (l ≥ 1) space.
    case featureMetric = "feature-metric"
  }

  /// The family.
  public let kind: Kind
  /// Linear or softmax output.
  public let output: OutputKind
  /// For `.featureMetric`: the layer l (0 = input). For `.fisher`/`.ntk`: the layer whose weights form
  /// the diagonal block, or `nil` for all parameters.
  public let layer: Int?
  /// For `.featureMetric` with linear output: one output k (0-based) for A_k, or `nil` for Σ_k.
  public let outputIndex: Int?
  /// Whether the outputs are centred over the samples.
  public let meanSubtracted: Bool

  /// A request; combinations are validated against a network by ``MetricSpectrum``.
  public init(
    kind: Kind, output: OutputKind = .linear, layer: Int? = nil, outputIndex: Int? = nil,
    meanSubtracted: Bool = false
  ) {
    self.kind = kind
    self.output = output
    self.layer = layer
    self.outputIndex = outputIndex
    self.meanSubtracted = meanSubtracted
  }

  /// The Fisher information (regression or softmax), optionally one layer's diagonal block.
  public static func fisher(output: OutputKind = .linear, block: Int? = nil, meanSubtracted: Bool = false)
    -> MetricRequest
  {
    MetricRequest(kind: .fisher, output: output, layer: block, meanSubtracted: meanSubtracted)
  }

  /// The neural tangent kernel Θ = K, optionally one layer's block.
  public static func ntk(block: Int? = nil, meanSubtracted: Bool = false) -> MetricRequest {
    MetricRequest(kind: .ntk, layer: block, meanSubtracted: meanSubtracted)
  }

  /// The metric A^l of layer l (0 = input space), summed over outputs or for one output.
  public static func featureMetric(
    layer: Int, output: OutputKind = .linear, outputIndex: Int? = nil, meanSubtracted: Bool = false
  ) -> MetricRequest {
    MetricRequest(
      kind: .featureMetric, output: output, layer: layer, outputIndex: outputIndex,
      meanSubtracted: meanSubtracted)
  }
}
