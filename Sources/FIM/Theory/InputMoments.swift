// The input-layer order parameters q̂₁⁰ and q̂₂⁰: the standard Gaussian default, or measured from data.
import Spectra

/// The second moments of the inputs that start the forward recursion.
///
/// ```
/// q̂₁⁰ = (1/M₀) ‖x(n)‖²            (same for every n)
/// q̂₂⁰ = (1/M₀) x(n)·x(m),  n ≠ m
/// ```
/// For i.i.d. `x(n) ~ N(0, I_{M₀})` these tend to `q̂₁⁰ = 1`, `q̂₂⁰ = 0` (``standardGaussian``).
///
/// Source: `shared/science/karakida.md` §1 (inputs) and §2 (initial values; convention 2).
public struct InputMoments: Sendable, Equatable, Codable {
  /// q̂₁⁰, the mean squared input coordinate.
  public let secondMoment: Double
  /// q̂₂⁰, the mean product of coordinates of two different inputs.
  public let crossMoment: Double

  /// Inputs with the given moments.
  ///
  /// - Throws: `ConfigurationError` (field `qhat1-0` or `qhat2-0`) unless `q̂₁⁰` is finite and ≥ 0 and
  ///   `|q̂₂⁰| ≤ q̂₁⁰` (Cauchy–Schwarz).
  public init(secondMoment: Double, crossMoment: Double) throws(ConfigurationError) {
    guard secondMoment.isFinite, secondMoment >= 0 else {
      throw ConfigurationError(
        field: "qhat1-0", "q̂₁⁰ must be finite and non-negative, got \(secondMoment)")
    }
    guard crossMoment.isFinite, abs(crossMoment) <= secondMoment else {
      throw ConfigurationError(
        field: "qhat2-0", "q̂₂⁰ must be finite with |q̂₂⁰| ≤ q̂₁⁰ = \(secondMoment), got \(crossMoment)")
    }
    self.secondMoment = secondMoment
    self.crossMoment = crossMoment
  }

  /// `q̂₁⁰ = 1`, `q̂₂⁰ = 0`: i.i.d. standard Gaussian inputs in the limit M₀ → ∞.
  public static let standardGaussian = InputMoments(uncheckedSecond: 1, cross: 0)

  private init(uncheckedSecond: Double, cross: Double) {
    secondMoment = uncheckedSecond
    crossMoment = cross
  }

  /// The moments measured from a data matrix whose N columns are the inputs x(n) ∈ ℝ^{M₀}.
  ///
  /// ```
  /// q̂₁⁰ = (1/(N M₀)) Σ_n ‖x(n)‖²
  /// q̂₂⁰ = (1/(N(N−1) M₀)) Σ_{n≠m} x(n)·x(m)
  /// ```
  ///
  /// - Parameter data: `M₀ × N`, N ≥ 2, finite entries.
  /// - Throws: `ConfigurationError` (field `inputs`) for fewer than two columns or non-finite entries.
  /// - Complexity: O(M₀ N) (the pair sum uses `Σ_{n≠m} x(n)·x(m) = ‖Σ_n x(n)‖² − Σ_n ‖x(n)‖²`).
  public init(data: Matrix) throws(ConfigurationError) {
    guard data.columns >= 2, data.rows >= 1 else {
      throw ConfigurationError(
        field: "inputs",
        "need at least 2 samples (columns) of dimension ≥ 1, got \(data.rows)×\(data.columns)")
    }
    guard data.isFinite else {
      throw ConfigurationError(field: "inputs", "input data contain NaN or infinite entries")
    }
    let m0 = Double(data.rows)
    let n = Double(data.columns)
    var squares = 0.0
    var sum = [Double](repeating: 0, count: data.rows)
    for j in 0..<data.columns {
      for i in 0..<data.rows {
        let v = data[i, j]
        squares += v * v
        sum[i] += v
      }
    }
    let total = sum.reduce(0) { $0 + $1 * $1 }
    let q1 = squares / (n * m0)
    let q2 = (total - squares) / (n * (n - 1) * m0)
    try self.init(secondMoment: q1, crossMoment: min(q1, max(-q1, q2)))
  }
}
