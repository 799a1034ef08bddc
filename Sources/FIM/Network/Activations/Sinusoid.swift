// The periodic activations sin x and cos x and their closed-form Gaussian integrals.
import Foundation

/// φ(x) = sin x (φ′ = cos x) or φ(x) = cos x (φ′ = −sin x).
///
/// For `(u₁, u₂)` with variances q₁ and covariance q₂,
/// `E[sin u₁ sin u₂] = e^{−q₁} sinh q₂` and `E[cos u₁ cos u₂] = e^{−q₁} cosh q₂`, so
/// ```
/// sin:  ∫Du φ² = e^{−q₁} sinh q₁,  I_φ = e^{−q₁} sinh q₂,  ∫Du φ′² = e^{−q₁} cosh q₁,  I_φ′ = e^{−q₁} cosh q₂
/// cos:  the same with sinh and cosh exchanged
/// ```
///
/// Source: `E[cos(u₁ ∓ u₂)] = e^{−(q₁ ∓ q₂)}` (characteristic function of a Gaussian) with the product
/// formulas; neural-tangents `_src/stax/elementwise.py` (`Sin`, `Cos`).
public struct Sinusoid: ActivationFunction {
  /// Whether φ is cos (otherwise sin).
  public let isCosine: Bool

  /// sin x.
  public static let sine = Sinusoid(isCosine: false)
  /// cos x.
  public static let cosine = Sinusoid(isCosine: true)

  /// `sin` or `cos`.
  public var name: String { isCosine ? "cos" : "sin" }
  /// sin x or cos x.
  @inlinable public func value(_ x: Double) -> Double { isCosine ? Foundation.cos(x) : Foundation.sin(x) }
  /// cos x or −sin x.
  @inlinable public func derivative(_ x: Double) -> Double {
    isCosine ? -Foundation.sin(x) : Foundation.cos(x)
  }
  /// None.
  public var kinks: [Double] { [] }
  /// Closed form.
  public var gaussianIntegrals: GaussianIntegrals {
    let cosine = isCosine
    return .closedForm { q1, q2 in
      // e^{−q₁} sinh q = (e^{q−q₁} − e^{−q−q₁})/2, without overflow for large q₁.
      let (up1, down1) = (1.0, Foundation.exp(-2 * q1))
      let (up2, down2) = (Foundation.exp(q2 - q1), Foundation.exp(-q2 - q1))
      let (s1, s2) = ((up1 - down1) / 2, (up2 - down2) / 2)
      let (c1, c2) = ((up1 + down1) / 2, (up2 + down2) / 2)
      return cosine
        ? ActivationMoments(
          meanSquare: c1, crossMoment: c2, derivativeMeanSquare: s1, derivativeCrossMoment: s2,
          errorEstimate: 0)
        : ActivationMoments(
          meanSquare: s1, crossMoment: s2, derivativeMeanSquare: c1, derivativeCrossMoment: c2,
          errorEstimate: 0)
    }
  }
}
