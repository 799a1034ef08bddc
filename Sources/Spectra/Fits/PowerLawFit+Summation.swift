// The unweighted power-law fit with a chosen summation order: GSL's running means, or two passes.
import Foundation

extension PowerLawFit {
  /// How the sums of an unweighted fit are accumulated. Both give the same least-squares line; they
  /// differ only in rounding (a few ulps in the slope), so a recorded result keeps its last digits only
  /// with the summation it was computed with.
  public enum Summation: Sendable, Equatable {
    /// GSL's `gsl_fit_linear`: means and centred sums updated point by point (the default of
    /// ``init(x:y:standardErrors:)``).
    case runningMeans
    /// Two passes: the means x̄ = Σ log xᵢ / n and ȳ first, then the centred sums
    /// `S_xx = Σ (log xᵢ − x̄)²`, `S_xy = Σ (log xᵢ − x̄)(log yᵢ − ȳ)`, each summed in index order.
    case twoPass
  }

  /// Fits `y = a·xᵇ` without weights, with the given summation.
  ///
  /// Two-pass formulas (Press et al., *Numerical Recipes* 3rd ed., §15.2), with u = log x, v = log y:
  /// ```
  /// b = S_xy / S_xx,   log a = ȳ − b·x̄,   RSS = Σ (vᵢ − log a − b·uᵢ)²
  /// SE(b) = √( RSS / ((n − 2)·S_xx) ),   SE(log a) = √( s²·(1/n + x̄²/S_xx) ),   s² = RSS/(n − 2)
  /// cov(log a, b) = −x̄·s²/S_xx
  /// ```
  /// The standard errors are NaN for two points, as with ``init(x:y:standardErrors:)``.
  ///
  /// - Throws: the errors of ``init(x:y:standardErrors:)``.
  /// - Complexity: O(n).
  public init(x: [Double], y: [Double], summation: Summation) throws(LinearAlgebraError) {
    if summation == .runningMeans {
      try self.init(x: x, y: y, standardErrors: nil)
      return
    }
    try Self.checkInputs(x: x, y: y, standardErrors: nil)
    let u = x.map { log($0) }
    let v = y.map { log($0) }
    let n = Double(u.count)
    let mx = u.reduce(0, +) / n
    let my = v.reduce(0, +) / n
    let sxx = u.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    let sxy = zip(u, v).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let b = sxy / sxx
    let a = my - b * mx
    let rss = zip(u, v).reduce(0) { $0 + pow($1.1 - a - b * $1.0, 2) }
    let s2 = u.count > 2 ? rss / (n - 2) : .nan
    self.init(
      exponent: b, exponentStandardError: u.count > 2 ? (rss / ((n - 2) * sxx)).squareRoot() : .nan,
      logPrefactor: a, logPrefactorStandardError: (s2 * (1 / n + mx * mx / sxx)).squareRoot(),
      covarianceLogPrefactorExponent: -mx * s2 / sxx, residualSumOfSquares: rss, pointCount: u.count,
      isWeighted: false)
  }
}
