// The error function φ(x) = erf x (not erf(x/√2), convention 7) and Williams' Gaussian integrals.
import Foundation

/// φ(x) = erf x, φ′(x) = (2/√π) e^{−x²}.
///
/// ```
/// ∫Du φ² = (2/π) asin(2q₁/(1+2q₁)),          I_φ = (2/π) asin(2q₂/(1+2q₁))
/// ∫Du φ′² = (4/π)/√((1+2q₁)² − 4q₁²),         I_φ′ = (4/π)/√((1+2q₁)² − 4q₂²)
/// ```
///
/// Source: `shared/science/karakida.md` §8 table and convention 7; Williams, *Computing with infinite
/// networks* (1997); neural-tangents `stax.Erf`.
public struct Erf: ActivationFunction {
  /// The error function.
  public init() {}
  /// `erf`.
  public var name: String { "erf" }
  /// erf x.
  @inlinable public func value(_ x: Double) -> Double { Foundation.erf(x) }
  /// (2/√π) e^{−x²}.
  @inlinable public func derivative(_ x: Double) -> Double {
    2 / Double.pi.squareRoot() * Foundation.exp(-x * x)
  }
  /// None.
  public var kinks: [Double] { [] }
  /// Closed form (Williams' kernel).
  public var gaussianIntegrals: GaussianIntegrals {
    .closedForm { q1, q2 in
      let d = 1 + 2 * q1
      return ActivationMoments(
        meanSquare: 2 / .pi * asin(2 * q1 / d),
        crossMoment: 2 / .pi * asin(min(1, max(-1, 2 * q2 / d))),
        derivativeMeanSquare: 4 / .pi / (d * d - 4 * q1 * q1).squareRoot(),
        derivativeCrossMoment: 4 / .pi / (d * d - 4 * q2 * q2).squareRoot(),
        errorEstimate: 0)
    }
  }
}

/// φ(x) = erf(x/√2) = 2Φ(x) − 1, φ′(x) = √(2/π) e^{−x²/2} (erf with input scale b = 1/√2).
///
/// ```
/// ∫Du φ² = (2/π) asin(q₁/(1+q₁)),     I_φ = (2/π) asin(q₂/(1+q₁))
/// ∫Du φ′² = (2/π)/√(1+2q₁),          I_φ′ = (2/π)/√((1+q₁)² − q₂²)
/// ```
///
/// Source: Williams (1997) with `q → q/2`; neural-tangents `stax.Erf(b=1/√2)`.
public struct ErfSqrt2: ActivationFunction {
  /// The scaled error function.
  public init() {}
  /// `erf-sqrt2`.
  public var name: String { "erf-sqrt2" }
  /// erf(x/√2).
  @inlinable public func value(_ x: Double) -> Double { Foundation.erf(x * 0.5.squareRoot()) }
  /// √(2/π) e^{−x²/2}.
  @inlinable public func derivative(_ x: Double) -> Double {
    (2 / Double.pi).squareRoot() * Foundation.exp(-x * x / 2)
  }
  /// None.
  public var kinks: [Double] { [] }
  /// Closed form.
  public var gaussianIntegrals: GaussianIntegrals {
    .closedForm { q1, q2 in
      let d = 1 + q1
      return ActivationMoments(
        meanSquare: 2 / .pi * asin(q1 / d),
        crossMoment: 2 / .pi * asin(min(1, max(-1, q2 / d))),
        derivativeMeanSquare: 2 / .pi / (1 + 2 * q1).squareRoot(),
        derivativeCrossMoment: 2 / .pi / (d * d - q2 * q2).squareRoot(),
        errorEstimate: 0)
    }
  }
}
