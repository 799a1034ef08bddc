// The description of a network as the mean-field theory sees it: φ, σ_w², σ_b², width ratios α_l, inputs.
import Spectra

/// A deep fully connected network in the mean-field limit: depth L, width ratios `α_l = M_l/M`, weight
/// and bias variances, the input moments and how Gaussian integrals are evaluated.
///
/// ```
/// M_l = α_l M  (l = 0 … L−1; α₀ = M₀/M is the input ratio),   M_L = C (fixed)
/// W^l ~ N(0, σ_w²/M_{l−1}),  b^l ~ N(0, σ_b²)
/// ```
///
/// Convention: `widthRatios` holds all L ratios α₀ … α_{L−1}, *including* the input ratio α₀, because
/// `α = Σ_{l=1}^{L−1} α_l α_{l−1}` and κ₁, κ₂ need it. Predictions are invariant to how M is chosen
/// (scaling every α_l by t and M by 1/t leaves every width, and so every numeric prediction, unchanged).
///
/// Source: `shared/science/karakida.md` §1 and §2 (convention 2).
public struct MeanFieldNetwork: Sendable, Equatable, Codable {
  /// The activation φ of the hidden layers (the output layer is linear).
  public let activation: Activation
  /// Weight variance σ_w².
  public let sigmaW2: Double
  /// Bias variance σ_b².
  public let sigmaB2: Double
  /// `[α₀, α₁, …, α_{L−1}]`, the widths `M_l = α_l M` relative to the reference width M.
  public let widthRatios: [Double]
  /// q̂₁⁰ and q̂₂⁰.
  public let inputs: InputMoments
  /// How Gaussian integrals are evaluated.
  public let integration: GaussianIntegration

  /// A network from its width ratios α₀ … α_{L−1} (so L = `widthRatios.count`).
  ///
  /// - Throws: `ConfigurationError` naming the field: `depth` (fewer than 2 ratios: the theory needs a
  ///   hidden layer), `width-ratios` (a non-positive or non-finite ratio), `sigma-w2`, `sigma-b2`
  ///   (negative or non-finite), `quadrature-points` (below 1).
  public init(
    activation: Activation, sigmaW2: Double, sigmaB2: Double, widthRatios: [Double],
    inputs: InputMoments = .standardGaussian, integration: GaussianIntegration = .default
  ) throws(ConfigurationError) {
    guard widthRatios.count >= 2 else {
      throw ConfigurationError(
        field: "depth", "depth must be at least 2 (the theory needs a hidden layer), got \(widthRatios.count)"
      )
    }
    for (l, a) in widthRatios.enumerated() where !(a.isFinite && a > 0) {
      throw ConfigurationError(
        field: "width-ratios", "width ratio α_\(l) must be positive and finite, got \(a)")
    }
    guard sigmaW2.isFinite, sigmaW2 >= 0 else {
      throw ConfigurationError(field: "sigma-w2", "σ_w² must be finite and non-negative, got \(sigmaW2)")
    }
    guard sigmaB2.isFinite, sigmaB2 >= 0 else {
      throw ConfigurationError(field: "sigma-b2", "σ_b² must be finite and non-negative, got \(sigmaB2)")
    }
    guard integration.points >= 1 else {
      throw ConfigurationError(
        field: "quadrature-points", "the node count must be at least 1, got \(integration.points)")
    }
    self.activation = activation
    self.sigmaW2 = sigmaW2
    self.sigmaB2 = sigmaB2
    self.widthRatios = widthRatios
    self.inputs = inputs
    self.integration = integration
  }

  /// A network of depth L with all widths equal to M (`α_l = 1` for l = 0 … L−1).
  ///
  /// - Throws: `ConfigurationError` as ``init(activation:sigmaW2:sigmaB2:widthRatios:inputs:integration:)``.
  public init(
    depth: Int, activation: Activation, sigmaW2: Double, sigmaB2: Double,
    inputs: InputMoments = .standardGaussian, integration: GaussianIntegration = .default
  ) throws(ConfigurationError) {
    guard depth >= 2 else {
      throw ConfigurationError(
        field: "depth", "depth must be at least 2 (the theory needs a hidden layer), got \(depth)")
    }
    try self.init(
      activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      widthRatios: [Double](repeating: 1, count: depth), inputs: inputs, integration: integration)
  }

  /// The mean-field description of a concrete architecture, with `α_l = M_l / M` for a chosen reference
  /// width M.
  ///
  /// Only standard parameterisation enters the order parameters; NTK-parameterisation constants κ′ are
  /// computed from the same order parameters.
  ///
  /// - Parameters:
  ///   - architecture: widths `[M₀, …, M_{L−1}, C]`, φ, σ_w², σ_b².
  ///   - referenceWidth: M (default: the first hidden width M₁).
  ///   - inputs: the input moments q̂₁⁰, q̂₂⁰ (default: i.i.d. standard Gaussian inputs).
  ///   - integration: how the Gaussian integrals are evaluated.
  /// - Throws: `ConfigurationError` for a non-positive reference width or as the designated initialiser.
  public init(
    architecture: NetworkArchitecture, referenceWidth: Int? = nil,
    inputs: InputMoments = .standardGaussian, integration: GaussianIntegration = .default
  ) throws(ConfigurationError) {
    let m = referenceWidth ?? architecture.widths[min(1, architecture.depth - 1)]
    guard m > 0 else {
      throw ConfigurationError(field: "width", "reference width must be positive, got \(m)")
    }
    let ratios = architecture.widths.dropLast().map { Double($0) / Double(m) }
    try self.init(
      activation: architecture.activation, sigmaW2: architecture.sigmaW2, sigmaB2: architecture.sigmaB2,
      widthRatios: ratios, inputs: inputs, integration: integration)
  }

  /// Depth L (number of weight layers).
  public var depth: Int { widthRatios.count }

  /// `α_l` for l = 0 … L−1.
  public func widthRatio(layer l: Int) -> Double { widthRatios[l] }
}
