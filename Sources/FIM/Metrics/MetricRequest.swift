// What to measure: which metric, which output model, which layer, and the variant.
import Spectra

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
  ///
  /// A new family is one new case: the compiler then names every place left — ``validate(for:)``, the
  /// name grammar (``init(name:)``, ``name``), the dual (``MetricDual``) and the theory
  /// (``TheoryComparison``).
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

  /// A request; combinations are checked against a network by ``validate(for:)``.
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

  /// Checks the request against an architecture of depth L with C outputs.
  ///
  /// ```
  /// fisher, ntk       block l ∈ 1…L; no output index; the NTK is linear-output only
  /// feature-metric    layer l ∈ 0…L−1; output index k ∈ 0…C−1, linear output only
  /// ```
  ///
  /// - Throws: `ConfigurationError` naming the field (`block`, `layer`, `output`, `output-index`).
  public func validate(for architecture: NetworkArchitecture) throws(ConfigurationError) {
    let depth = architecture.depth
    switch kind {
    case .fisher, .ntk:
      if let l = layer, !(1...depth).contains(l) {
        throw ConfigurationError(field: "block", "block layer must be in 1…\(depth), got \(l)")
      }
      if outputIndex != nil {
        throw ConfigurationError(
          field: "output-index", "a per-output metric is defined for the input/feature metric only")
      }
      if kind == .ntk && output == .softmax {
        throw ConfigurationError(field: "output", "the NTK is defined on the linear outputs f; got softmax")
      }
    case .featureMetric:
      let l = layer ?? 0
      guard (0..<depth).contains(l) else {
        throw ConfigurationError(field: "layer", "feature layer must be in 0…\(depth - 1), got \(l)")
      }
      if let k = outputIndex {
        guard (0..<architecture.outputs).contains(k) else {
          throw ConfigurationError(
            field: "output-index", "output index must be in 0…\(architecture.outputs - 1), got \(k)")
        }
        if output == .softmax {
          throw ConfigurationError(
            field: "output-index", "a per-output metric A_k needs linear output; softmax couples the outputs")
        }
      }
    }
  }

  /// Every request ``validate(for:)`` accepts for `architecture`: each family, output model, layer or block,
  /// output index and centring, so that tests and sweeps can iterate them without a hand-written list.
  public static func all(for architecture: NetworkArchitecture) -> [MetricRequest] {
    var out: [MetricRequest] = []
    for kind in Kind.allCases {
      let layers: [Int?] =
        kind == .featureMetric ? Array(0..<architecture.depth) : [nil] + Array(1...architecture.depth)
      for output in OutputKind.allCases {
        for layer in layers {
          for index in [nil] + Array(0..<architecture.outputs) {
            for centred in [false, true] {
              let r = MetricRequest(
                kind: kind, output: output, layer: layer, outputIndex: index, meanSubtracted: centred)
              if (try? r.validate(for: architecture)) != nil { out.append(r) }
            }
          }
        }
      }
    }
    return out
  }
}

extension MetricRequest {
  /// Whether the structure of the dual repeats its eigenvalues exactly, so that its top eigenvalues need a
  /// Lanczos block of at least C to be found with their copies:
  ///
  /// - the read-out block (`layer == L`) with linear output over all outputs, whose dual is `I_C ⊗ F_L`
  ///   (centred or not): every eigenvalue C times;
  /// - any parameter metric over all outputs of a network sampled with `σ_w² = 0`, whose read-out weights
  ///   vanish: then every backward signal D_l (l < L) is 0 and the dual is `I_C ⊗ F_L` (linear output) or
  ///   `Q ⊗ F_L` (softmax, one Q for every sample; `(I − 11ᵀ/C)/C`, C − 1 copies, without read-out biases).
  ///
  /// Source: shared/science/karakida.md §2 (backward: `δ^{L−1} ∝ ω^L`), §3 (layer-wise Gram; `D_L = I_C ⊗ 1_N`).
  public func repeatsOutliers(in architecture: NetworkArchitecture) -> Bool {
    guard kind != .featureMetric, outputIndex == nil, architecture.outputs > 1 else { return false }
    return (layer == architecture.depth && output == .linear) || architecture.sigmaW2 == 0
  }

  /// `repeatsOutliers(in:)` of the architecture, for a given network: also when its read-out weights
  /// `s_L·ω^L` are all zero (a network directory, say), for the same reason.
  public func repeatsOutliers(in network: Network) -> Bool {
    let arch = network.architecture
    guard !repeatsOutliers(in: arch) else { return true }
    guard kind != .featureMetric, outputIndex == nil, arch.outputs > 1 else { return false }
    let depth = arch.depth
    return network.weightScale(layer: depth) == 0
      || network.weights[depth - 1].elements.allSatisfy { $0 == 0 }
  }
}
