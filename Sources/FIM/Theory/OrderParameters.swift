// The forward (q, q̂) and backward (q̃) mean-field order parameters of a deep network.
import Spectra

/// The mean-field order parameters of a network, layer by layer.
///
/// Forward, l = 1 … L (q̂ are **means** over units):
/// ```
/// q₁ˡ = σ_w² q̂₁ˡ⁻¹ + σ_b²,        q₂ˡ = σ_w² q̂₂ˡ⁻¹ + σ_b²
/// q̂₁ˡ = ∫Du φ(√q₁ˡ u)²,           q̂₂ˡ = I_φ[q₁ˡ, q₂ˡ]          (l ≤ L−1)
/// q̂₁⁰, q̂₂⁰ from the inputs (1 and 0 by default)
/// ```
/// Backward, l = L−1 … 1 (q̃ are **sums** over units; no α factors):
/// ```
/// q̃₁ᴸ = q̃₂ᴸ = 1
/// q̃₁ˡ = σ_w² q̃₁ˡ⁺¹ ∫Du φ′(√q₁ˡ u)²,   q̃₂ˡ = σ_w² q̃₂ˡ⁺¹ I_φ′[q₁ˡ, q₂ˡ]
/// ```
/// The logit statistics are `(q₁ᴸ, q₂ᴸ)`: the variance of one output and its covariance across samples.
///
/// Use the accessors ``qHat1(layer:)``, ``qTilde1(layer:)``, … with the paper's layer index l; the stored
/// arrays start at the first layer each quantity exists for.
///
/// Source: `shared/science/karakida.md` §2 (convention 3).
///
/// Complexity: L closed-form evaluations, or about 5n²(L−1) evaluations of φ with n-point quadrature.
public struct OrderParameters: Sendable, Equatable, Codable {
  /// The network these parameters describe.
  public let network: MeanFieldNetwork
  /// `[q₁¹, …, q₁ᴸ]`: pre-activation variances (index l − 1).
  public let q1: [Double]
  /// `[q₂¹, …, q₂ᴸ]`: pre-activation covariances between two samples (index l − 1).
  public let q2: [Double]
  /// `[q̂₁⁰, …, q̂₁ᴸ⁻¹]`: mean squared activations (index l).
  public let qHat1: [Double]
  /// `[q̂₂⁰, …, q̂₂ᴸ⁻¹]`: mean activation products between two samples (index l).
  public let qHat2: [Double]
  /// `[q̃₁¹, …, q̃₁ᴸ]`: summed squared backward signals (index l − 1).
  public let qTilde1: [Double]
  /// `[q̃₂¹, …, q̃₂ᴸ]`: summed backward-signal products between two samples (index l − 1).
  public let qTilde2: [Double]
  /// The largest quadrature error estimate `|Q_n − Q_{2n}|` over every integral used (0 for closed forms).
  /// It is per integral, not propagated through the recursion.
  public let integrationErrorEstimate: Double

  /// Runs the forward and backward recursions.
  ///
  /// - Throws: `ConfigurationError` when the quadrature rules cannot be built (see ``GaussianIntegrator``).
  public init(_ network: MeanFieldNetwork) throws(ConfigurationError) {
    let integrator = try GaussianIntegrator(activation: network.activation, integration: network.integration)
    let depth = network.depth
    let sw2 = network.sigmaW2
    let sb2 = network.sigmaB2
    var q1 = [Double]()
    var q2 = [Double]()
    var qHat1 = [network.inputs.secondMoment]
    var qHat2 = [network.inputs.crossMoment]
    var derivativeSquare = [Double]()
    var derivativeCross = [Double]()
    var error = 0.0
    for l in 1...depth {
      q1.append(sw2 * qHat1[l - 1] + sb2)
      q2.append(sw2 * qHat2[l - 1] + sb2)
      guard l < depth else { break }
      let moments = integrator.moments(variance: q1[l - 1], covariance: q2[l - 1])
      qHat1.append(moments.meanSquare)
      qHat2.append(moments.crossMoment)
      derivativeSquare.append(moments.derivativeMeanSquare)
      derivativeCross.append(moments.derivativeCrossMoment)
      error = max(error, moments.errorEstimate)
    }
    var qTilde1 = [Double](repeating: 1, count: depth)
    var qTilde2 = [Double](repeating: 1, count: depth)
    if depth >= 2 {
      for l in stride(from: depth - 1, through: 1, by: -1) {
        qTilde1[l - 1] = sw2 * qTilde1[l] * derivativeSquare[l - 1]
        qTilde2[l - 1] = sw2 * qTilde2[l] * derivativeCross[l - 1]
      }
    }
    self.network = network
    self.q1 = q1
    self.q2 = q2
    self.qHat1 = qHat1
    self.qHat2 = qHat2
    self.qTilde1 = qTilde1
    self.qTilde2 = qTilde2
    self.integrationErrorEstimate = error
  }

  /// Depth L.
  public var depth: Int { network.depth }

  /// q₁ˡ for l = 1 … L.
  public func q1(layer l: Int) -> Double { q1[l - 1] }
  /// q₂ˡ for l = 1 … L.
  public func q2(layer l: Int) -> Double { q2[l - 1] }
  /// q̂₁ˡ for l = 0 … L−1.
  public func qHat1(layer l: Int) -> Double { qHat1[l] }
  /// q̂₂ˡ for l = 0 … L−1.
  public func qHat2(layer l: Int) -> Double { qHat2[l] }
  /// q̃₁ˡ for l = 1 … L.
  public func qTilde1(layer l: Int) -> Double { qTilde1[l - 1] }
  /// q̃₂ˡ for l = 1 … L.
  public func qTilde2(layer l: Int) -> Double { qTilde2[l - 1] }

  /// The logit variance `q₁ᴸ` (one output, one sample).
  public var logitVariance: Double { q1[depth - 1] }
  /// The logit covariance `q₂ᴸ` (one output, two different samples).
  public var logitCovariance: Double { q2[depth - 1] }

  /// Whether every order parameter is finite (deep chaotic networks can overflow).
  public var isFinite: Bool {
    (q1 + q2 + qHat1 + qHat2 + qTilde1 + qTilde2).allSatisfy(\.isFinite)
  }
}
