// The interface shared by limiting spectral laws: density, cdf, moments, support and an atom at zero.

/// A limiting spectral distribution: a probability measure on ℝ made of a density on a compact
/// ``support`` and possibly a point mass at zero.
///
/// ```
/// μ = pointMassAtZero·δ₀ + ρ(x) dx,        cdf(x) = μ((−∞, x])      (right-continuous)
/// ```
///
/// Source: Bai & Silverstein (2010), §1.1 and ch. 2–3.
public protocol SpectralLaw: Sendable {
  /// The closed interval carrying the continuous part (the atom at zero may lie outside it).
  var support: ClosedRange<Double> { get }
  /// The weight of the point mass at zero (0 when there is none).
  var pointMassAtZero: Double { get }
  /// The density `ρ(x)` of the continuous part (0 outside ``support``; the atom is not included).
  func density(at x: Double) -> Double
  /// The distribution function `μ((−∞, x])`, atom included.
  func cdf(_ x: Double) -> Double
  /// The moment `∫ xᵏ dμ(x)` in closed form (`k ≥ 0`; the atom contributes only to `k = 0`).
  func moment(_ k: Int) -> Double
}

/// The binomial coefficient `C(n, k)` as a `Double` (exact while it is below 2⁵³).
func binomialCoefficient(_ n: Int, _ k: Int) -> Double {
  guard k >= 0, k <= n else { return 0 }
  let k = min(k, n - k)
  var c = 1.0
  if k > 0 {
    for i in 1...k { c = c * Double(n - k + i) / Double(i) }
  }
  return c.rounded()
}
