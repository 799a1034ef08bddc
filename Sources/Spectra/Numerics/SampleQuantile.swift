// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7).

/// Quantiles of a finite sample.
public enum SampleQuantile {
  /// The `p`-quantile of `values` by linear interpolation between order statistics (Hyndman & Fan
  /// type 7, the default of R, numpy and GSL's `gsl_stats_quantile_from_sorted_data`).
  ///
  /// ```
  /// h = (n − 1)·p,   Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)      (x₍ᵢ₎ sorted, 0-based)
  /// ```
  ///
  /// Source: Hyndman & Fan, *Sample quantiles in statistical packages*, Am. Stat. 50 (1996), type 7.
  ///
  /// - Parameters:
  ///   - values: the sample (any order).
  ///   - p: the probability, in `[0, 1]`.
  /// - Returns: the interpolated quantile.
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for an empty sample or `p` outside `[0, 1]`;
  ///   `.nonFinite` for a NaN or infinite value (named by index).
  /// - Complexity: O(n log n) for the sort.
  public static func of(_ values: [Double], probability p: Double) throws(LinearAlgebraError) -> Double {
    try ofSorted(sortedChecked(values), probability: p)
  }

  /// Several quantiles of one sample, sorting once.
  ///
  /// - Parameters:
  ///   - values: the sample (any order).
  ///   - probabilities: each in `[0, 1]`.
  /// - Returns: one quantile per probability, in the given order.
  /// - Throws: as ``of(_:probability:)``.
  public static func of(_ values: [Double], probabilities: [Double]) throws(LinearAlgebraError) -> [Double] {
    let sorted = try sortedChecked(values)
    var out: [Double] = []
    for p in probabilities { out.append(try ofSorted(sorted, probability: p)) }
    return out
  }

  private static func sortedChecked(_ values: [Double]) throws(LinearAlgebraError) -> [Double] {
    guard !values.isEmpty else {
      throw LinearAlgebraError(.invalidInput, "quantile of an empty sample")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "sample value \(bad) is \(values[bad])")
    }
    return values.sorted()
  }

  private static func ofSorted(_ x: [Double], probability p: Double) throws(LinearAlgebraError) -> Double {
    guard p >= 0, p <= 1 else {
      throw LinearAlgebraError(.invalidInput, "quantile probability must lie in [0, 1], got \(p)")
    }
    let h = Double(x.count - 1) * p
    let i = Int(h.rounded(.down))
    guard i + 1 < x.count else { return x[x.count - 1] }
    return x[i] + (h - Double(i)) * (x[i + 1] - x[i])
  }
}
