// One predicted spectral statistic as a power law in the width: prefactor · M^exponent.

/// A spectral statistic that predictions and measurements share a name for.
///
/// ```
/// mean         m_λ = Tr A / D        (D: dimension, zeros included)
/// secondMoment s_λ = Tr A² / D
/// lambdaMax    λ_max; compare with the mean of the top `degeneracy` eigenvalues (convention 4)
/// ```
///
/// Source: `shared/science/karakida.md` §3 and conventions 1 and 4.
public enum SpectralStatistic: String, Sendable, Codable, CaseIterable {
  /// The mean eigenvalue m_λ.
  case mean = "m"
  /// The second moment s_λ.
  case secondMoment = "s"
  /// The largest (outlier) eigenvalue λ_max.
  case lambdaMax = "lambda_max"
  /// A lower bound on λ_max.
  case lambdaMaxLowerBound = "lambda_max_lower_bound"
  /// An upper bound on λ_max.
  case lambdaMaxUpperBound = "lambda_max_upper_bound"
  /// The i-th largest outlier (i given by the context).
  case outlier = "outlier"
}

/// A leading-order prediction `value ≈ prefactor · M^widthExponent` for one statistic of one matrix.
///
/// A comparison layer pairs it with a measurement by ``statistic`` (and the matrix it belongs to),
/// evaluates ``value(width:)`` at the measured M and fits exponents against ``widthExponent``.
/// `prefactor` is `nil` when the theory does not apply (see ``TheoryApplicability``).
///
/// Source: `shared/science/karakida.md` §3–§6 (orders in M).
public struct PredictedStatistic: Sendable, Equatable, Codable {
  /// Which statistic.
  public let statistic: SpectralStatistic
  /// The coefficient of `M^widthExponent`; `nil` when withheld.
  public let prefactor: Double?
  /// The power of the width M (−1, 0 or +1).
  public let widthExponent: Int
  /// How many eigenvalues share this value at leading order (C for a C-fold outlier, 1 otherwise).
  public let degeneracy: Int

  /// A prediction `prefactor · M^widthExponent`.
  public init(_ statistic: SpectralStatistic, prefactor: Double?, widthExponent: Int, degeneracy: Int = 1) {
    self.statistic = statistic
    self.prefactor = prefactor
    self.widthExponent = widthExponent
    self.degeneracy = degeneracy
  }

  /// The prediction at width M: `prefactor · M^widthExponent`, or `nil` when withheld.
  public func value(width m: Double) -> Double? {
    guard let prefactor else { return nil }
    switch widthExponent {
    case 0: return prefactor
    case 1: return prefactor * m
    case -1: return prefactor / m
    default: return prefactor * pow(m, widthExponent)
    }
  }

  /// `(measured − predicted) / predicted` at width M, or `nil` when the prediction is withheld or 0.
  public func relativeError(measured: Double, width m: Double) -> Double? {
    guard let predicted = value(width: m), predicted != 0 else { return nil }
    return (measured - predicted) / predicted
  }

  private func pow(_ x: Double, _ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(k) { result *= x }
    return k >= 0 ? result : 1 / result
  }
}
