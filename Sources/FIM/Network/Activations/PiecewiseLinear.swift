// Piecewise-linear φ(x) = a·min(x, 0) + b·max(x, 0) (leaky ReLU, |x|) and its arc-cosine integrals.
import Foundation

/// φ(x) = a·min(x, 0) + b·max(x, 0), φ′(x) = b for x > 0, a otherwise (neural-tangents' ABReLU).
///
/// With `c = q₂/q₁`, `θ = arccos c`, `s = √(1−c²)`:
/// ```
/// ∫Du φ² = (a²+b²)/2 · q₁                ∫Du φ′² = (a²+b²)/2
/// I_φ′ = (a²+b²)/2 − (a−b)² θ/(2π)       I_φ  = (a−b)²/(2π) · q₁ s + I_φ′ · q₂
/// ```
/// ReLU is `a = 0, b = 1` (kept as ``ReLU`` for its arithmetic), `leaky-relu:SLOPE` is `a = SLOPE,
/// b = 1`, `abs` is `a = −1, b = 1`.
///
/// Source: neural-tangents `_src/stax/elementwise.py` (`ABRelu`, after Tsuchida, Roosta & Gallagher,
/// arXiv:1711.09090); Cho & Saul (2009) for the arc-cosine kernel.
public struct PiecewiseLinear: ActivationFunction {
  /// The slope for x < 0.
  public let negativeSlope: Double
  /// The slope for x > 0.
  public let positiveSlope: Double
  /// The canonical name.
  public let name: String

  /// The leaky ReLU `max(x, 0) + slope·min(x, 0)`, named `leaky-relu:SLOPE`.
  public static func leakyReLU(slope: Double) -> PiecewiseLinear {
    PiecewiseLinear(negativeSlope: slope, positiveSlope: 1, name: "leaky-relu:\(slope)")
  }

  /// |x|, named `abs`.
  public static let absoluteValue = PiecewiseLinear(negativeSlope: -1, positiveSlope: 1, name: "abs")

  private init(negativeSlope: Double, positiveSlope: Double, name: String) {
    self.negativeSlope = negativeSlope
    self.positiveSlope = positiveSlope
    self.name = name
  }

  /// a·min(x, 0) + b·max(x, 0).
  @inlinable public func value(_ x: Double) -> Double { x > 0 ? positiveSlope * x : negativeSlope * x }
  /// b for x > 0, a otherwise.
  @inlinable public func derivative(_ x: Double) -> Double { x > 0 ? positiveSlope : negativeSlope }
  /// The kink at 0.
  public var kinks: [Double] { [0] }
  /// Closed form (arc-cosine kernel).
  public var gaussianIntegrals: GaussianIntegrals {
    let (a, b) = (negativeSlope, positiveSlope)
    return .closedForm { q1, q2 in
      let c = q1 > 0 ? min(1, max(-1, q2 / q1)) : 1
      let theta = acos(c)
      let half = (a * a + b * b) / 2
      let dCross = half - (a - b) * (a - b) * theta / (2 * .pi)
      return ActivationMoments(
        meanSquare: half * q1,
        crossMoment: (a - b) * (a - b) / (2 * .pi) * q1 * (1 - c * c).squareRoot() + dCross * q2,
        derivativeMeanSquare: half,
        derivativeCrossMoment: dCross,
        errorEstimate: 0)
    }
  }
}
