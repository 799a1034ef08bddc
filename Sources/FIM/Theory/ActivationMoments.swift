// The four Gaussian integrals of φ and φ′ that one layer of the mean-field recursion needs.

/// The Gaussian moments of φ and φ′ at pre-activation variance q₁ and covariance q₂.
///
/// With `(u₁, u₂) ~ N(0, [[q₁, q₂], [q₂, q₁]])`, `c = q₂/q₁`:
/// ```
/// meanSquare            = ∫Du φ(√q₁ u)²                 = E[φ(u₁)²]
/// crossMoment           = I_φ[q₁, q₂]                    = E[φ(u₁) φ(u₂)]
/// derivativeMeanSquare  = ∫Du φ′(√q₁ u)²                = E[φ′(u₁)²]
/// derivativeCrossMoment = I_φ′[q₁, q₂]                   = E[φ′(u₁) φ′(u₂)]
/// I_g[q₁, q₂] = ∫Dx Dy g(√q₁ x) g(√q₁ (c x + √(1 − c²) y))
/// ```
///
/// Source: `shared/science/karakida.md` §2 and §8.
public struct ActivationMoments: Sendable, Equatable, Codable {
  /// `∫Du φ(√q₁ u)²` (the forward q̂₁).
  public let meanSquare: Double
  /// `I_φ[q₁, q₂]` (the forward q̂₂).
  public let crossMoment: Double
  /// `∫Du φ′(√q₁ u)²` (the backward factor of q̃₁).
  public let derivativeMeanSquare: Double
  /// `I_φ′[q₁, q₂]` (the backward factor of q̃₂).
  public let derivativeCrossMoment: Double
  /// The largest quadrature error estimate `|Q_n − Q_{2n}|` of the four values; 0 for closed forms.
  public let errorEstimate: Double

  /// The four moments and their error estimate.
  public init(
    meanSquare: Double, crossMoment: Double, derivativeMeanSquare: Double, derivativeCrossMoment: Double,
    errorEstimate: Double
  ) {
    self.meanSquare = meanSquare
    self.crossMoment = crossMoment
    self.derivativeMeanSquare = derivativeMeanSquare
    self.derivativeCrossMoment = derivativeCrossMoment
    self.errorEstimate = errorEstimate
  }
}
