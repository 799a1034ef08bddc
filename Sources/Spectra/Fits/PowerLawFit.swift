// Power-law fit y = a·x^b by (weighted) least squares in log–log space (GSL gsl_fit_linear / _wlinear).
import Foundation

/// A power law `y = a·xᵇ` fitted by least squares on `(log x, log y)`, with standard errors.
///
/// ```
/// log y = log a + b·log x                              (straight line in log–log space)
/// weighted:   wᵢ = 1/σ²_{log y,i},   σ_{log y,i} ≈ σ_{y,i}/yᵢ   (first-order error propagation)
/// SE(a) = a·SE(log a)                                  (delta method)
/// ```
///
/// Without weights the standard errors come from the residual scatter, `s² = RSS/(n − 2)` (GSL
/// `gsl_fit_linear`); with two points there are no residual degrees of freedom and they are NaN.
/// With weights they assume the stated `σ_y` are the true errors (GSL `gsl_fit_wlinear` does not rescale
/// by χ²); compare ``residualSumOfSquares`` (then χ²) with `n − 2` to check that assumption.
///
/// Source: Press et al., *Numerical Recipes* (3rd ed., 2007), §15.2; Galassi et al., *GSL Reference
/// Manual*, §Linear regression.
public struct PowerLawFit: Sendable, Equatable, Codable {
  /// The exponent `b`.
  public let exponent: Double
  /// The standard error of `b`.
  public let exponentStandardError: Double
  /// The prefactor `a = e^{log a}`.
  public let prefactor: Double
  /// The standard error of `a` by the delta method, `a·SE(log a)`.
  public let prefactorStandardError: Double
  /// The fitted intercept `log a` (natural logarithm).
  public let logPrefactor: Double
  /// The standard error of `log a`.
  public let logPrefactorStandardError: Double
  /// The covariance of `(log a, b)`.
  public let covarianceLogPrefactorExponent: Double
  /// Residual sum of squares in log space; the weighted χ² when weights were given.
  public let residualSumOfSquares: Double
  /// Number of points fitted.
  public let pointCount: Int
  /// Whether per-point standard errors weighted the fit.
  public let isWeighted: Bool

  /// Fits `y = a·xᵇ` to the points `(xᵢ, yᵢ)`.
  ///
  /// - Parameters:
  ///   - x: positive abscissae, at least two distinct.
  ///   - y: positive ordinates, one per `x`.
  ///   - standardErrors: optional positive standard errors `σ_{y,i}` of the `yᵢ`; they weight the fit
  ///     by `wᵢ = (yᵢ/σ_{y,i})²`.
  /// - Throws: ``LinearAlgebraError``: `.dimensionMismatch` when the arrays differ in length;
  ///   `.nonFinite` for a NaN/±∞ entry (named by array and index); `.invalidInput` for fewer than two
  ///   distinct `x`, a non-positive `x`, `y` or standard error (named by index); `.library` when GSL fails.
  /// - Complexity: O(n).
  public init(x: [Double], y: [Double], standardErrors: [Double]? = nil) throws(LinearAlgebraError) {
    try Self.checkInputs(x: x, y: y, standardErrors: standardErrors)
    let logX = x.map { log($0) }
    let logY = y.map { log($0) }
    let weights = standardErrors.map { s in zip(y, s).map { ($0 / $1) * ($0 / $1) } }
    let line = try GSLFit.line(x: logX, y: logY, weights: weights)
    exponent = line.c1
    // Unweighted with two points: no residual degrees of freedom, so the scatter-based errors are undefined.
    let undefined = standardErrors == nil && x.count == 2
    exponentStandardError = undefined ? .nan : line.cov11.squareRoot()
    logPrefactor = line.c0
    logPrefactorStandardError = undefined ? .nan : line.cov00.squareRoot()
    prefactor = exp(line.c0)
    prefactorStandardError = prefactor * logPrefactorStandardError
    covarianceLogPrefactorExponent = line.cov01
    residualSumOfSquares = line.sumSquares
    pointCount = x.count
    isWeighted = standardErrors != nil
  }

  /// A fit from its fields (for the other summation of ``init(x:y:summation:)``).
  init(
    exponent: Double, exponentStandardError: Double, logPrefactor: Double, logPrefactorStandardError: Double,
    covarianceLogPrefactorExponent: Double, residualSumOfSquares: Double, pointCount: Int, isWeighted: Bool
  ) {
    self.exponent = exponent
    self.exponentStandardError = exponentStandardError
    self.logPrefactor = logPrefactor
    self.logPrefactorStandardError = logPrefactorStandardError
    prefactor = exp(logPrefactor)
    prefactorStandardError = prefactor * logPrefactorStandardError
    self.covarianceLogPrefactorExponent = covarianceLogPrefactorExponent
    self.residualSumOfSquares = residualSumOfSquares
    self.pointCount = pointCount
    self.isWeighted = isWeighted
  }

  /// Checks lengths, positivity and finiteness, and that at least two `x` differ.
  static func checkInputs(x: [Double], y: [Double], standardErrors: [Double]?) throws(LinearAlgebraError) {
    guard x.count == y.count else {
      throw LinearAlgebraError(
        .dimensionMismatch, "power-law fit: \(x.count) x values but \(y.count) y values")
    }
    if let s = standardErrors, s.count != x.count {
      throw LinearAlgebraError(
        .dimensionMismatch, "power-law fit: \(x.count) points but \(s.count) standard errors")
    }
    try Self.checkPositive(x, "x")
    try Self.checkPositive(y, "y")
    if let s = standardErrors { try Self.checkPositive(s, "standard error") }
    guard Set(x).count >= 2 else {
      throw LinearAlgebraError(
        .invalidInput,
        "power-law fit needs at least 2 distinct x values, got \(Set(x).count) (of \(x.count) points)")
    }
  }

  /// The fitted law at `x`: `a·xᵇ`.
  public func value(at x: Double) -> Double { prefactor * pow(x, exponent) }

  private static func checkPositive(_ v: [Double], _ name: String) throws(LinearAlgebraError) {
    if let bad = v.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "power-law fit: \(name)[\(bad)] is \(v[bad])")
    }
    if let bad = v.firstIndex(where: { $0 <= 0 }) {
      throw LinearAlgebraError(
        .invalidInput, "power-law fit: \(name)[\(bad)] = \(v[bad]) must be positive (log–log fit)")
    }
  }
}
