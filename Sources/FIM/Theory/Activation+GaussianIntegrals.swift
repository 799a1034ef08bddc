// Closed-form Gaussian integrals of the activations (karakida §8 table) and which ones need quadrature.
import Foundation

extension Activation {
  /// Whether φ is smooth (analytic), so that Gauss–Hermite quadrature converges fast. ReLU is kinked.
  public var isSmooth: Bool { self != .relu }

  /// Whether ``closedFormMoments(variance:covariance:)`` has a closed form for this φ.
  public var hasClosedFormGaussianIntegrals: Bool { self != .tanh }

  /// The closed-form Gaussian moments of φ and φ′, or `nil` when there is none (tanh).
  ///
  /// With `c = q₂/q₁`, `θ = arccos c`:
  /// ```
  /// φ        ∫Du φ²                 I_φ[q₁,q₂]                       ∫Du φ′²               I_φ′[q₁,q₂]
  /// linear   q₁                     q₂                               1                     1
  /// ReLU     q₁/2                   q₁/(2π)(√(1−c²) + (π−θ)c)        1/2                   (π−θ)/(2π)
  /// erf      (2/π)asin(2q₁/(1+2q₁)) (2/π)asin(2q₂/(1+2q₁))           (4/π)/√((1+2q₁)²−4q₁²) (4/π)/√((1+2q₁)²−4q₂²)
  /// ```
  /// ReLU is the arc-cosine kernel of Cho & Saul; erf is Williams' kernel for `erf(x)` (convention 7).
  ///
  /// Source: `shared/science/karakida.md` §8.
  ///
  /// - Parameters:
  ///   - q1: the pre-activation variance q₁ ≥ 0.
  ///   - q2: the covariance q₂, `|q₂| ≤ q₁`.
  /// - Returns: the four moments with error estimate 0, or `nil` for tanh.
  public func closedFormMoments(variance q1: Double, covariance q2: Double) -> ActivationMoments? {
    switch self {
    case .linear:
      return ActivationMoments(
        meanSquare: q1, crossMoment: q2, derivativeMeanSquare: 1, derivativeCrossMoment: 1, errorEstimate: 0)
    case .relu:
      let c = q1 > 0 ? min(1, max(-1, q2 / q1)) : 1
      let theta = acos(c)
      return ActivationMoments(
        meanSquare: q1 / 2,
        crossMoment: q1 / (2 * .pi) * ((1 - c * c).squareRoot() + (.pi - theta) * c),
        derivativeMeanSquare: 0.5,
        derivativeCrossMoment: (.pi - theta) / (2 * .pi),
        errorEstimate: 0)
    case .erf:
      let d = 1 + 2 * q1
      return ActivationMoments(
        meanSquare: 2 / .pi * asin(2 * q1 / d),
        crossMoment: 2 / .pi * asin(min(1, max(-1, 2 * q2 / d))),
        derivativeMeanSquare: 4 / .pi / (d * d - 4 * q1 * q1).squareRoot(),
        derivativeCrossMoment: 4 / .pi / (d * d - 4 * q2 * q2).squareRoot(),
        errorEstimate: 0)
    case .tanh:
      return nil
    }
  }
}
