// The rectifier φ(x) = max(0, x) and its arc-cosine Gaussian integrals.
import Foundation

/// φ(x) = max(0, x), φ′(x) = 1 for x > 0, else 0.
///
/// With `c = q₂/q₁`, `θ = arccos c` (Cho & Saul's arc-cosine kernel of degree 1 and 0):
/// ```
/// ∫Du φ² = q₁/2,   I_φ = q₁/(2π)(√(1−c²) + (π−θ)c),   ∫Du φ′² = 1/2,   I_φ′ = (π−θ)/(2π)
/// ```
/// ``PiecewiseLinear`` (`leaky-relu`, `abs`) generalises it; ReLU keeps its own arithmetic.
///
/// Source: `shared/science/karakida.md` §8 table; Cho & Saul, *Kernel methods for deep learning* (2009).
public struct ReLU: ActivationFunction {
  /// The rectifier.
  public init() {}
  /// `relu`.
  public var name: String { "relu" }
  /// max(0, x) (0 for NaN).
  @inlinable public func value(_ x: Double) -> Double { x > 0 ? x : 0 }
  /// 1 for x > 0, else 0.
  @inlinable public func derivative(_ x: Double) -> Double { x > 0 ? 1 : 0 }
  /// The kink at 0.
  public var kinks: [Double] { [0] }
  /// Closed form (arc-cosine kernel).
  public var gaussianIntegrals: GaussianIntegrals {
    .closedForm { q1, q2 in
      let c = q1 > 0 ? min(1, max(-1, q2 / q1)) : 1
      let theta = acos(c)
      return ActivationMoments(
        meanSquare: q1 / 2,
        crossMoment: q1 / (2 * .pi) * ((1 - c * c).squareRoot() + (.pi - theta) * c),
        derivativeMeanSquare: 0.5,
        derivativeCrossMoment: (.pi - theta) / (2 * .pi),
        errorEstimate: 0)
    }
  }
}
