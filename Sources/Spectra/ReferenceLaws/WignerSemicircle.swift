// Wigner's semicircle law: limit of the spectrum of a Wigner (e.g. GOE) matrix (Wigner 1955, 1958).
import Foundation

/// Wigner's semicircle law of radius `R`: the limiting spectrum of a symmetric matrix with independent
/// entries of variance `σ²/n` above the diagonal, with `R = 2σ`.
///
/// ```
/// ρ(x) = (2/(π R²)) · √(R² − x²)          for |x| < R,     variance σ² = R²/4
/// ```
///
/// Source: Wigner, Ann. Math. 62 (1955) 548 and 67 (1958) 325; Bai & Silverstein (2010), Thm 2.5.
public struct WignerSemicircle: SpectralLaw, Equatable, Codable {
  /// The radius `R = 2σ`: the support is `[−R, R]`.
  public let radius: Double

  /// The semicircle of radius `R`.
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for a radius that is not positive and finite.
  public init(radius: Double) throws(LinearAlgebraError) {
    guard radius > 0, radius.isFinite else {
      throw LinearAlgebraError(.invalidInput, "semicircle radius must be positive, got \(radius)")
    }
    self.radius = radius
  }

  /// The semicircle with variance `σ²` (radius `2σ`).
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for a variance that is not positive and finite.
  public init(variance: Double) throws(LinearAlgebraError) {
    guard variance > 0, variance.isFinite else {
      throw LinearAlgebraError(.invalidInput, "semicircle variance must be positive, got \(variance)")
    }
    try self.init(radius: 2 * variance.squareRoot())
  }

  /// The variance `σ² = R²/4`.
  public var variance: Double { radius * radius / 4 }

  /// `[−R, R]`.
  public var support: ClosedRange<Double> { -radius...radius }

  /// Always 0: the semicircle has no atom.
  public var pointMassAtZero: Double { 0 }

  /// `ρ(x) = (2/(π R²))·√(R² − x²)` on `(−R, R)`, 0 elsewhere.
  public func density(at x: Double) -> Double {
    guard abs(x) < radius else { return 0 }
    return 2 / (Double.pi * radius * radius) * (radius * radius - x * x).squareRoot()
  }

  /// The distribution function in closed form:
  ///
  /// ```
  /// F(x) = 1/2 + x·√(R² − x²)/(π R²) + arcsin(x/R)/π      for |x| ≤ R
  /// ```
  public func cdf(_ x: Double) -> Double {
    if x <= -radius { return 0 }
    if x >= radius { return 1 }
    let r2 = radius * radius
    return 0.5 + x * (r2 - x * x).squareRoot() / (Double.pi * r2) + asin(x / radius) / Double.pi
  }

  /// The `k`-th moment: zero for odd `k`, a Catalan number times `σᵏ` for even `k`:
  ///
  /// ```
  /// ∫ x²ᵐ dμ = C_m · σ²ᵐ,     C_m = C(2m, m)/(m + 1)  (1, 1, 2, 5, 14, …)
  /// ```
  ///
  /// Source: Bai & Silverstein (2010), §2.1.1.
  ///
  /// - Parameter k: the order.
  /// - Returns: `∫ xᵏ dμ`.
  /// - Precondition: `k ≥ 0`.
  public func moment(_ k: Int) -> Double {
    precondition(k >= 0, "moment order must be non-negative, got \(k)")
    guard k % 2 == 0 else { return 0 }
    let m = k / 2
    return binomialCoefficient(2 * m, m) / Double(m + 1) * pow(variance, Double(m))
  }
}
