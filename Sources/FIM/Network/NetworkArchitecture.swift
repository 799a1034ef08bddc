// The architecture of a fully connected deep network: widths, activation, variances, parameterisation.
import Spectra

/// How weights are scaled at initialisation (Karakida et al. §1 and §5).
public enum Parameterisation: String, Sendable, Codable, CaseIterable {
  /// `W ~ N(0, σ_w²/M_{l−1})`, `b ~ N(0, σ_b²)`; the forward pass uses W and b as drawn.
  case standard
  /// `W = σ_w·ω/√M_{l−1}`, `b = σ_b·β` with ω, β ~ N(0, 1); gradients are taken with respect to ω, β.
  case ntk
}

/// A fully connected network `u^l = W^l h^{l−1} + b^l`, `h^l = φ(u^l)`, `f = u^L` (linear output).
///
/// Source: `shared/science/karakida.md` §1. Widths are `M_0` (input), `M_1 … M_{L−1}` (hidden) and
/// `M_L = C` (outputs). Hidden widths are usually given as `M_l = α_l·M`.
public struct NetworkArchitecture: Sendable, Equatable, Codable {
  /// All layer widths `[M_0, M_1, …, M_{L−1}, C]` (L + 1 entries).
  public let widths: [Int]
  /// The activation φ of the hidden layers (the output layer is linear).
  public let activation: Activation
  /// Weight variance σ_w².
  public let sigmaW2: Double
  /// Bias variance σ_b².
  public let sigmaB2: Double
  /// Standard or NTK parameterisation.
  public let parameterisation: Parameterisation

  /// An architecture from explicit widths `[M_0, …, M_{L−1}, C]`.
  ///
  /// - Throws: `ConfigurationError` naming the field for a depth below 1, a non-positive width, or a
  ///   negative or non-finite variance.
  public init(
    widths: [Int], activation: Activation, sigmaW2: Double, sigmaB2: Double,
    parameterisation: Parameterisation = .standard
  ) throws(ConfigurationError) {
    guard widths.count >= 2 else {
      throw ConfigurationError(
        field: "depth", "depth must be at least 1 (two widths), got \(widths.count - 1)")
    }
    for (l, m) in widths.enumerated() where m <= 0 {
      throw ConfigurationError(field: "width", "width M_\(l) must be positive, got \(m)")
    }
    guard sigmaW2.isFinite, sigmaW2 >= 0 else {
      throw ConfigurationError(field: "sigma-w2", "σ_w² must be finite and non-negative, got \(sigmaW2)")
    }
    guard sigmaB2.isFinite, sigmaB2 >= 0 else {
      throw ConfigurationError(field: "sigma-b2", "σ_b² must be finite and non-negative, got \(sigmaB2)")
    }
    self.widths = widths
    self.activation = activation
    self.sigmaW2 = sigmaW2
    self.sigmaB2 = sigmaB2
    self.parameterisation = parameterisation
  }

  /// An architecture with hidden widths `M_l = round(α_l·M)`: input width `inputWidth` (M_0), depth L,
  /// C outputs; `ratios` gives α_1 … α_{L−1} (all 1 when empty).
  ///
  /// - Throws: `ConfigurationError` as ``init(widths:activation:sigmaW2:sigmaB2:parameterisation:)``,
  ///   and when `ratios` has the wrong count or a non-positive entry.
  public init(
    inputWidth: Int, width m: Int, depth: Int, outputs: Int, ratios: [Double] = [],
    activation: Activation, sigmaW2: Double, sigmaB2: Double, parameterisation: Parameterisation = .standard
  ) throws(ConfigurationError) {
    guard depth >= 1 else {
      throw ConfigurationError(field: "depth", "depth must be at least 1, got \(depth)")
    }
    guard m > 0 else { throw ConfigurationError(field: "width", "width must be positive, got \(m)") }
    let alphas = ratios.isEmpty ? [Double](repeating: 1, count: depth - 1) : ratios
    guard alphas.count == depth - 1 else {
      throw ConfigurationError(
        field: "width-ratios", "need \(depth - 1) ratios α_1…α_{L−1} for depth \(depth), got \(alphas.count)")
    }
    for a in alphas where !(a > 0 && a.isFinite) {
      throw ConfigurationError(field: "width-ratios", "width ratios must be positive, got \(a)")
    }
    let hidden = alphas.map { Int(($0 * Double(m)).rounded()) }
    try self.init(
      widths: [inputWidth] + hidden + [outputs], activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      parameterisation: parameterisation)
  }

  /// Depth L (number of weight layers).
  public var depth: Int { widths.count - 1 }
  /// Number of outputs C = M_L.
  public var outputs: Int { widths[widths.count - 1] }
  /// Input width M_0.
  public var inputWidth: Int { widths[0] }

  /// Number of parameters `P = Σ_l (M_l·M_{l−1} + M_l)` (all weights and biases).
  public var parameterCount: Int {
    (1...depth).reduce(0) { $0 + widths[$1] * widths[$1 - 1] + widths[$1] }
  }
}
