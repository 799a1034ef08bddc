// Percentile bootstrap over seeds for a power-law fit: resample seeds with replacement, refit.

/// Percentile bootstrap confidence intervals for a power law `y = a·xᵇ` measured at several `x`, each
/// with the same set of random seeds.
///
/// ```
/// data:       y[i][s]   (point i = 0..<X at x[i], seed s = 0..<S; the same seeds at every x)
/// estimate:   fit y = a·xᵇ to ȳᵢ = (1/S) Σ_s y[i][s]
/// replicate:  draw S seeds with replacement (one draw shared by all x, so correlations across x
///             within a seed are kept), average, refit
/// interval:   the (1 − level)/2 and (1 + level)/2 quantiles of the replicate b and a (type 7)
/// ```
///
/// The percentile interval undercovers when seeds are few: for a 90 % interval on six points with 10 %
/// noise, the measured coverage is ≈ 0.87 with 30 seeds and ≈ 0.895 with 60.
///
/// Source: Efron & Tibshirani, *An Introduction to the Bootstrap* (1993), ch. 6 and §13.3 (percentile
/// interval).
public struct PowerLawBootstrap: Sendable, Equatable {
  /// A two-sided confidence interval.
  public struct Interval: Sendable, Equatable, Codable {
    /// Lower end.
    public let lower: Double
    /// Upper end.
    public let upper: Double
    /// Nominal coverage, e.g. 0.9.
    public let level: Double

    /// Whether `value` lies in `[lower, upper]`.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
  }

  /// The fit to the seed means of all the data.
  public let estimate: PowerLawFit
  /// The percentile interval for the exponent `b`.
  public let exponent: Interval
  /// The percentile interval for the prefactor `a`.
  public let prefactor: Interval
  /// The number of bootstrap replicates.
  public let replicates: Int
  /// The number of seeds per point.
  public let seeds: Int

  /// Bootstraps the fit over seeds.
  ///
  /// - Parameters:
  ///   - x: the abscissae, positive, at least two distinct.
  ///   - measurements: `measurements[i][s]`, the positive value at `x[i]` with seed `s`; every row has
  ///     the same number `S ≥ 2` of seeds.
  ///   - level: the nominal coverage in `(0, 1)` (default 0.9).
  ///   - replicates: number of bootstrap resamples (default 2000).
  ///   - stream: the random stream that draws the resamples (the result is a function of its seed).
  /// - Throws: ``LinearAlgebraError``: `.dimensionMismatch` when `measurements` has not one row per `x`
  ///   or rows differ in length; `.invalidInput` for fewer than 2 seeds, `level` outside `(0, 1)`,
  ///   `replicates < 1`, and the errors of ``PowerLawFit/init(x:y:standardErrors:)`` (fewer than two
  ///   distinct `x`, non-positive or NaN values, named by index).
  /// - Complexity: O(replicates·X·S).
  public init(
    x: [Double], measurements: [[Double]], level: Double = 0.9, replicates: Int = 2000,
    stream: RandomStream
  ) throws(LinearAlgebraError) {
    guard measurements.count == x.count else {
      throw LinearAlgebraError(
        .dimensionMismatch, "bootstrap: \(x.count) x values but \(measurements.count) rows of measurements")
    }
    let s = measurements.first?.count ?? 0
    if let bad = measurements.firstIndex(where: { $0.count != s }) {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "bootstrap: row \(bad) has \(measurements[bad].count) seeds, row 0 has \(s); every x needs the same seeds"
      )
    }
    guard s >= 2 else {
      throw LinearAlgebraError(.invalidInput, "bootstrap over seeds needs at least 2 seeds, got \(s)")
    }
    guard level > 0, level < 1 else {
      throw LinearAlgebraError(.invalidInput, "confidence level must lie in (0, 1), got \(level)")
    }
    guard replicates >= 1 else {
      throw LinearAlgebraError(.invalidInput, "bootstrap needs at least 1 replicate, got \(replicates)")
    }
    for (i, row) in measurements.enumerated() {
      if let bad = row.firstIndex(where: { !$0.isFinite }) {
        throw LinearAlgebraError(.nonFinite, "bootstrap: measurement [\(i)][\(bad)] is \(row[bad])")
      }
      if let bad = row.firstIndex(where: { $0 <= 0 }) {
        throw LinearAlgebraError(
          .invalidInput, "bootstrap: measurement [\(i)][\(bad)] = \(row[bad]) must be positive (log–log fit)")
      }
    }
    let means = measurements.map { $0.reduce(0, +) / Double(s) }
    estimate = try PowerLawFit(x: x, y: means)
    var exponents: [Double] = []
    var prefactors: [Double] = []
    exponents.reserveCapacity(replicates)
    prefactors.reserveCapacity(replicates)
    var draw = [Int](repeating: 0, count: s)
    for _ in 0..<replicates {
      for k in 0..<s { draw[k] = stream.uniformInt(below: s) }
      let resampled = measurements.map { row in draw.reduce(0.0) { $0 + row[$1] } / Double(s) }
      let fit = try PowerLawFit(x: x, y: resampled)
      exponents.append(fit.exponent)
      prefactors.append(fit.prefactor)
    }
    let tails = [(1 - level) / 2, (1 + level) / 2]
    let b = try SampleQuantile.of(exponents, probabilities: tails)
    let a = try SampleQuantile.of(prefactors, probabilities: tails)
    exponent = Interval(lower: b[0], upper: b[1], level: level)
    prefactor = Interval(lower: a[0], upper: a[1], level: level)
    self.replicates = replicates
    seeds = s
  }
}
