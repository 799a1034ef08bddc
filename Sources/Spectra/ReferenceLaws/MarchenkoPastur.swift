// The Marchenko–Pastur law: limit of the spectrum of a sample covariance X·Xᵀ/n (Marchenko & Pastur 1967).
import Foundation

/// The Marchenko–Pastur law with ratio `q = p/n` and entry variance `σ²`: the limiting spectrum of the
/// `p × p` sample covariance `W = X·Xᵀ/n` of a `p × n` matrix `X` with i.i.d. entries of mean 0 and
/// variance `σ²`, as `p, n → ∞` with `p/n → q`.
///
/// ```
/// a = σ²(1 − √q)²,   b = σ²(1 + √q)²
/// ρ(x) = √((b − x)(x − a)) / (2π σ² q x)          for a < x < b
/// μ = max(0, 1 − 1/q)·δ₀ + ρ(x) dx                (q > 1: W has rank n < p, an atom at zero)
/// ```
///
/// Convention: `q = p/n` is (dimension of W)/(number of samples); `W` is divided by `n`. For the dual
/// `n × n` matrix `Xᵀ·X/n` use ratio `n/p` and variance `σ²·p/n`.
///
/// Source: Marchenko & Pastur, Math. USSR-Sb. 1 (1967) 457; Bai & Silverstein (2010), Thm 3.6 and
/// eq. (3.1.1).
public struct MarchenkoPastur: SpectralLaw, Equatable, Codable {
  /// The ratio `q = p/n` (dimension over samples).
  public let ratio: Double
  /// The entry variance `σ²`.
  public let variance: Double

  /// The law with ratio `q = p/n` and entry variance `σ²`.
  ///
  /// - Parameters:
  ///   - ratio: `q = p/n > 0`.
  ///   - variance: `σ² > 0` (default 1).
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` naming a ratio or variance that is not positive
  ///   and finite.
  public init(ratio: Double, variance: Double = 1) throws(LinearAlgebraError) {
    guard ratio > 0, ratio.isFinite else {
      throw LinearAlgebraError(.invalidInput, "Marchenko–Pastur ratio q = p/n must be positive, got \(ratio)")
    }
    guard variance > 0, variance.isFinite else {
      throw LinearAlgebraError(.invalidInput, "Marchenko–Pastur variance must be positive, got \(variance)")
    }
    self.ratio = ratio
    self.variance = variance
  }

  /// The lower edge `a = σ²(1 − √q)²` of the continuous part.
  public var lowerEdge: Double { variance * (1 - ratio.squareRoot()) * (1 - ratio.squareRoot()) }
  /// The upper edge `b = σ²(1 + √q)²` of the continuous part.
  public var upperEdge: Double { variance * (1 + ratio.squareRoot()) * (1 + ratio.squareRoot()) }

  /// `[a, b]`, the support of the continuous part.
  public var support: ClosedRange<Double> { lowerEdge...upperEdge }

  /// `max(0, 1 − 1/q)`: the fraction of zero eigenvalues when `p > n`.
  public var pointMassAtZero: Double { ratio > 1 ? 1 - 1 / ratio : 0 }

  /// The density `ρ(x) = √((b − x)(x − a)) / (2π σ² q x)` on `(a, b)`, 0 elsewhere (atom excluded).
  public func density(at x: Double) -> Double {
    let a = lowerEdge
    let b = upperEdge
    guard x > a, x < b, x > 0 else { return 0 }
    return ((b - x) * (x - a)).squareRoot() / (2 * Double.pi * variance * ratio * x)
  }

  /// The distribution function in closed form, atom included.
  ///
  /// With `x = σ²(c − r·cos θ)`, `c = 1 + q`, `r = 2√q`, `θ ∈ [0, π]`, integrating the density gives
  ///
  /// ```
  /// F_cont(θ) = (2/π)·[ sin θ/(2√q) + (1 + q)·θ/(4q)
  ///                     − (|1 − q|/(2q))·atan2((1 + √q)·sin(θ/2), |1 − √q|·cos(θ/2)) ]
  /// ```
  ///
  /// which rises from 0 at `x = a` to `min(1, 1/q)` at `x = b`; `cdf = pointMassAtZero + F_cont`
  /// for `x ≥ 0`.
  public func cdf(_ x: Double) -> Double {
    if x < 0 { return 0 }
    let atom = pointMassAtZero
    if x <= lowerEdge { return atom }
    if x >= upperEdge { return 1 }
    let q = ratio
    let s = q.squareRoot()
    let c = 1 + q
    let r = 2 * s
    let theta = acos(min(1, max(-1, (c - x / variance) / r)))
    let arc = atan2((1 + s) * sin(theta / 2), abs(1 - s) * cos(theta / 2))
    let continuous =
      (2 / Double.pi) * (sin(theta) / (2 * s) + c * theta / (4 * q) - abs(1 - q) / (2 * q) * arc)
    return min(1, atom + continuous)
  }

  /// The `k`-th moment, a Narayana polynomial in `q`:
  ///
  /// ```
  /// ∫ xᵏ dμ = σ²ᵏ · Σ_{r=0}^{k−1} C(k, r)·C(k−1, r)/(r + 1) · qʳ      (k ≥ 1; 1 for k = 0)
  /// ```
  ///
  /// e.g. `1, σ², σ⁴(1 + q), σ⁶(1 + 3q + q²)`.
  ///
  /// Source: Bai & Silverstein (2010), Lemma 3.1.
  ///
  /// - Parameter k: the order.
  /// - Returns: `∫ xᵏ dμ`.
  /// - Precondition: `k ≥ 0`.
  public func moment(_ k: Int) -> Double {
    precondition(k >= 0, "moment order must be non-negative, got \(k)")
    guard k > 0 else { return 1 }
    var sum = 0.0
    for r in 0..<k {
      sum += binomialCoefficient(k, r) * binomialCoefficient(k - 1, r) / Double(r + 1) * pow(ratio, Double(r))
    }
    return pow(variance, Double(k)) * sum
  }
}
