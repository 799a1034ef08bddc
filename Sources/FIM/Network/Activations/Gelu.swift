// The exact GELU φ(x) = x·Φ(x) and its closed-form Gaussian integrals.
import Foundation

/// φ(x) = x Φ(x), φ′(x) = Φ(x) + x ϕ(x), with Φ the standard normal cdf and ϕ its density (exact GELU,
/// not the tanh approximation).
///
/// With `Δ² = (1+q₁)² − q₂²`, `ψ = atan2(q₂, Δ)`:
/// ```
/// I_φ  = q₂/4 + [ (q₂² + q₁² Δ²)/((1+q₁)² Δ) + q₂ ψ ] / (2π)
/// I_φ′ = 1/4 + ψ/(2π) + q₂/(2π Δ) · (1/Δ² + (1−q₁)/(1+q₁) + 1)
/// ```
/// and `∫Du φ² = I_φ[q₁, q₁]`, `∫Du φ′² = I_φ′[q₁, q₁]` (there `Δ² = 1 + 2q₁`).
///
/// Source: neural-tangents `_src/stax/elementwise.py` (`Gelu`, NNGP after Tsuchida et al.,
/// arXiv:2002.08517); checked against quadrature in `GaussianIntegralTests`.
public struct Gelu: ActivationFunction {
  /// The exact GELU.
  public init() {}
  /// `gelu`.
  public var name: String { "gelu" }
  /// x Φ(x) = x (1 + erf(x/√2))/2.
  @inlinable public func value(_ x: Double) -> Double { x * Gelu.normalCDF(x) }
  /// Φ(x) + x ϕ(x).
  @inlinable public func derivative(_ x: Double) -> Double {
    Gelu.normalCDF(x) + x * Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
  }
  /// None.
  public var kinks: [Double] { [] }
  /// Closed form.
  public var gaussianIntegrals: GaussianIntegrals {
    .closedForm { q1, q2 in
      let (square, dSquare) = Gelu.moments(q1, q1)
      let (cross, dCross) = Gelu.moments(q1, max(-q1, min(q1, q2)))
      return ActivationMoments(
        meanSquare: square, crossMoment: cross, derivativeMeanSquare: dSquare,
        derivativeCrossMoment: dCross, errorEstimate: 0)
    }
  }

  /// Φ(x) = erfc(−x/√2)/2 (accurate in the left tail).
  @inlinable static func normalCDF(_ x: Double) -> Double { Foundation.erfc(-x * 0.5.squareRoot()) / 2 }

  /// `(I_φ, I_φ′)` at variance q₁ and covariance q₂.
  private static func moments(_ q1: Double, _ q2: Double) -> (Double, Double) {
    let p = (1 + q1) * (1 + q1)
    let delta2 = p - q2 * q2
    let delta = delta2.squareRoot()
    let psi = atan2(q2, delta)
    let cross = q2 / 4 + ((q2 * q2 + q1 * q1 * delta2) / (p * delta) + q2 * psi) / (2 * .pi)
    let dCross = 0.25 + psi / (2 * .pi) + q2 / (2 * .pi * delta) * (1 / delta2 + (1 - q1) / (1 + q1) + 1)
    return (cross, dCross)
  }
}
