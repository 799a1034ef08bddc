// The hyperbolic tangent φ(x) = tanh x; its Gaussian integrals have no closed form.
import Foundation

/// φ(x) = tanh x, φ′(x) = 1 − tanh² x.
///
/// No closed form: Gauss–Hermite quadrature, which converges like `exp(−c√n)` because φ has poles at
/// `±iπ/2` (``GaussianIntegration/defaultPoints``).
///
/// Source: `shared/science/karakida.md` §8 table.
public struct Tanh: ActivationFunction {
  /// The hyperbolic tangent.
  public init() {}
  /// `tanh`.
  public var name: String { "tanh" }
  /// tanh x.
  @inlinable public func value(_ x: Double) -> Double { Foundation.tanh(x) }
  /// 1 − tanh² x.
  @inlinable public func derivative(_ x: Double) -> Double {
    let t = Foundation.tanh(x)
    return 1 - t * t
  }
  /// φ and φ′ from one `tanh` call.
  @inlinable public func valueAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
    let t = Foundation.tanh(x)
    return (t, 1 - t * t)
  }
  /// None (analytic on the real line).
  public var kinks: [Double] { [] }
  /// Quadrature.
  public var gaussianIntegrals: GaussianIntegrals { .quadrature }
}
