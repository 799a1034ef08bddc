// The exponential linear unit φ(x) = x (x > 0), α(eˣ − 1) (x ≤ 0); quadrature split at its kink.
import Foundation
import Spectra

/// φ(x) = x for x > 0, α(eˣ − 1) otherwise; φ′(x) = 1 for x > 0, α eˣ otherwise (α > 0).
///
/// φ′ jumps at 0 unless α = 1 (and φ″ always does), so plain Gauss–Hermite would converge slowly: the
/// integrals use Gauss–Legendre pieces split at the kink (``GaussianIntegrator``).
///
/// Source: Clevert, Unterthiner & Hochreiter, arXiv:1511.07289.
public struct ELU: ActivationFunction {
  /// α, the negative saturation value's magnitude.
  public let alpha: Double

  /// ELU with the given α.
  ///
  /// - Throws: `ConfigurationError` (field `activation`) unless α is finite and positive.
  public init(alpha: Double) throws(ConfigurationError) {
    guard alpha.isFinite, alpha > 0 else {
      throw ConfigurationError(field: "activation", "elu α must be finite and positive, got \(alpha)")
    }
    self.alpha = alpha
  }

  /// `elu:ALPHA`.
  public var name: String { "elu:\(alpha)" }
  /// x or α(eˣ − 1).
  @inlinable public func value(_ x: Double) -> Double { x > 0 ? x : alpha * Foundation.expm1(x) }
  /// 1 or α eˣ.
  @inlinable public func derivative(_ x: Double) -> Double { x > 0 ? 1 : alpha * Foundation.exp(x) }
  /// The kink at 0.
  public var kinks: [Double] { [0] }
  /// Quadrature.
  public var gaussianIntegrals: GaussianIntegrals { .quadrature }
}
