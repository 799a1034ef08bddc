// The logistic family: sigmoid σ(x), SiLU x·σ(x) and softplus log(1 + eˣ); quadrature only.
import Foundation

/// σ(x) = 1/(1 + e^{−x}), stable for large |x|.
@inlinable func logistic(_ x: Double) -> Double {
  x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
}

/// φ(x) = σ(x) = 1/(1 + e^{−x}), φ′(x) = σ(x)(1 − σ(x)).
///
/// No closed form (σ is not erf-like exactly): Gauss–Hermite quadrature; poles at `±iπ`.
///
/// Source: `shared/science/karakida.md` §8 (quadrature for other smooth φ).
public struct Sigmoid: ActivationFunction {
  /// The logistic sigmoid.
  public init() {}
  /// `sigmoid`.
  public var name: String { "sigmoid" }
  /// σ(x).
  @inlinable public func value(_ x: Double) -> Double { logistic(x) }
  /// σ(x)(1 − σ(x)).
  @inlinable public func derivative(_ x: Double) -> Double {
    let s = logistic(x)
    return s * (1 - s)
  }
  /// None.
  public var kinks: [Double] { [] }
  /// Quadrature.
  public var gaussianIntegrals: GaussianIntegrals { .quadrature }
}

/// φ(x) = x σ(x) (SiLU, swish with β = 1), φ′(x) = σ(x)(1 + x(1 − σ(x))).
///
/// No closed form: Gauss–Hermite quadrature.
///
/// Source: Elfwing, Uchibe & Doya (2018); Ramachandran, Zoph & Le (2017).
public struct SiLU: ActivationFunction {
  /// SiLU.
  public init() {}
  /// `silu`.
  public var name: String { "silu" }
  /// x σ(x).
  @inlinable public func value(_ x: Double) -> Double { x * logistic(x) }
  /// σ(x)(1 + x(1 − σ(x))).
  @inlinable public func derivative(_ x: Double) -> Double {
    let s = logistic(x)
    return s * (1 + x * (1 - s))
  }
  /// None.
  public var kinks: [Double] { [] }
  /// Quadrature.
  public var gaussianIntegrals: GaussianIntegrals { .quadrature }
}

/// φ(x) = log(1 + eˣ), φ′(x) = σ(x).
///
/// No closed form: Gauss–Hermite quadrature.
///
/// Source: Dugas et al. (2001).
public struct Softplus: ActivationFunction {
  /// Softplus.
  public init() {}
  /// `softplus`.
  public var name: String { "softplus" }
  /// max(x, 0) + log1p(e^{−|x|}).
  @inlinable public func value(_ x: Double) -> Double {
    max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x)))
  }
  /// σ(x).
  @inlinable public func derivative(_ x: Double) -> Double { logistic(x) }
  /// None.
  public var kinks: [Double] { [] }
  /// Quadrature.
  public var gaussianIntegrals: GaussianIntegrals { .quadrature }
}
