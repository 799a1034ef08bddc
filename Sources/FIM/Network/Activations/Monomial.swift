// The monomials φ(x) = xᵏ and their Gaussian integrals through the Hermite expansion.
import Foundation
import Spectra

/// φ(x) = xᵏ (k = 1 … 8), φ′(x) = k xᵏ⁻¹.
///
/// With `ρ = q₂/q₁` and the Hermite expansion `xⁿ = Σ_j n!/(2ʲ j! (n−2j)!) He_{n−2j}(x)`, Mehler's
/// formula `E[He_m(x) He_n(y)] = δ_mn n! ρⁿ` for standard normals of correlation ρ gives
/// ```
/// S_n(ρ) := E[xⁿ yⁿ] = Σ_{j=0}^{⌊n/2⌋} [n!/(2ʲ j! (n−2j)!)]² (n−2j)! ρ^{n−2j}
/// ∫Du φ² = q₁ᵏ S_k(1) = q₁ᵏ (2k−1)!!,   I_φ = q₁ᵏ S_k(ρ),   ∫Du φ′² = k² q₁ᵏ⁻¹ S_{k−1}(1),
/// I_φ′ = k² q₁ᵏ⁻¹ S_{k−1}(ρ)
/// ```
///
/// Source: Mehler's formula (e.g. O'Donnell, *Analysis of Boolean Functions*, §11.2); neural-tangents
/// `stax.Monomial` (newer releases) for the same kernel.
public struct Monomial: ActivationFunction {
  /// The degree k.
  public let degree: Int
  /// The allowed degrees.
  public static let degrees = 1...8

  /// xᵏ.
  ///
  /// - Throws: `ConfigurationError` (field `activation`) for a degree outside ``degrees``.
  public init(degree: Int) throws(ConfigurationError) {
    guard Self.degrees.contains(degree) else {
      throw ConfigurationError(
        field: "activation", "monomial degree must be an integer in \(Self.degrees), got \(degree)")
    }
    self.degree = degree
  }

  /// `monomial:K`.
  public var name: String { "monomial:\(degree)" }
  /// xᵏ.
  @inlinable public func value(_ x: Double) -> Double { Monomial.power(x, degree) }
  /// k xᵏ⁻¹.
  @inlinable public func derivative(_ x: Double) -> Double { Double(degree) * Monomial.power(x, degree - 1) }
  /// None.
  public var kinks: [Double] { [] }
  /// Closed form (Hermite expansion).
  public var gaussianIntegrals: GaussianIntegrals {
    let k = degree
    return .closedForm { q1, q2 in
      let rho = q1 > 0 ? min(1, max(-1, q2 / q1)) : 1
      let scale = Double(k * k) * Monomial.power(q1, k - 1)
      return ActivationMoments(
        meanSquare: Monomial.power(q1, k) * Monomial.moment(k, 1),
        crossMoment: Monomial.power(q1, k) * Monomial.moment(k, rho),
        derivativeMeanSquare: scale * Monomial.moment(k - 1, 1),
        derivativeCrossMoment: scale * Monomial.moment(k - 1, rho),
        errorEstimate: 0)
    }
  }

  /// xⁿ by repeated multiplication (x⁰ = 1).
  @inlinable static func power(_ x: Double, _ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<n { p *= x }
    return p
  }

  /// `S_n(ρ) = E[xⁿ yⁿ]` for standard normals of correlation ρ.
  private static func moment(_ n: Int, _ rho: Double) -> Double {
    var sum = 0.0
    for j in 0...(n / 2) {
      let m = n - 2 * j
      let coefficient = factorial(n) / (power(2, j) * factorial(j) * factorial(m))
      sum += coefficient * coefficient * factorial(m) * power(rho, m)
    }
    return sum
  }

  private static func factorial(_ n: Int) -> Double { (0..<n).reduce(1.0) { $0 * Double($1 + 1) } }
}
