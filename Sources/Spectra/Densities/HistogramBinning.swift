// Bin edges for spectral histograms: equal widths, or equal widths in log λ.
import Foundation

/// How a histogram divides its range into bins: equal widths, or equal widths in `log λ`.
///
/// ```
/// linear:       eᵢ = lower + i·(upper − lower)/bins
/// logarithmic:  eᵢ = lower·(upper/lower)^(i/bins)        (lower > 0)
/// ```
///
/// The first and last edges are exactly `lower` and `upper`.
public enum HistogramBinning: Sendable, Equatable, Codable {
  /// `bins` bins of equal width on `[lower, upper]`.
  case linear(lower: Double, upper: Double, bins: Int)
  /// `bins` bins of equal width in `log λ` on `[lower, upper]`, `0 < lower < upper`; a log axis can hold
  /// neither zero nor negative values.
  case logarithmic(lower: Double, upper: Double, bins: Int)

  /// Linear bins spanning the smallest to the largest of `values` (a zero-width span is refused).
  ///
  /// - Throws: as ``edges()``, plus `.invalidInput` for an empty `values`.
  public static func linear(spanning values: [Double], bins: Int) throws(LinearAlgebraError)
    -> HistogramBinning
  {
    let (lo, hi) = try range(of: values)
    let b = HistogramBinning.linear(lower: lo, upper: hi, bins: bins)
    _ = try b.edges()
    return b
  }

  /// Logarithmic bins spanning the smallest to the largest positive entry of `values`.
  ///
  /// - Throws: as ``edges()``, plus `.invalidInput` when `values` has no positive entry.
  public static func logarithmic(spanning values: [Double], bins: Int) throws(LinearAlgebraError)
    -> HistogramBinning
  {
    let positive = values.filter { $0 > 0 }
    guard !positive.isEmpty else {
      throw LinearAlgebraError(
        .invalidInput, "logarithmic bins: no positive value among the \(values.count) given to span")
    }
    let (lo, hi) = try range(of: positive)
    let b = HistogramBinning.logarithmic(lower: lo, upper: hi, bins: bins)
    _ = try b.edges()
    return b
  }

  /// The `bins + 1` increasing bin edges.
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` naming the bad value: zero or negative `bins`,
  ///   `lower ≥ upper`, non-finite bounds, or `lower ≤ 0` for logarithmic bins.
  public func edges() throws(LinearAlgebraError) -> [Double] {
    switch self {
    case .linear(let lower, let upper, let bins):
      try Self.check(lower: lower, upper: upper, bins: bins)
      let width = upper - lower
      return (0...bins).map { i in i == bins ? upper : lower + width * Double(i) / Double(bins) }
    case .logarithmic(let lower, let upper, let bins):
      try Self.check(lower: lower, upper: upper, bins: bins)
      guard lower > 0 else {
        throw LinearAlgebraError(
          .invalidInput, "logarithmic bins need a positive lower edge, got lower = \(lower)")
      }
      let logLower = log(lower)
      let logWidth = log(upper) - logLower
      return (0...bins).map { i in
        i == 0 ? lower : i == bins ? upper : exp(logLower + logWidth * Double(i) / Double(bins))
      }
    }
  }

  private static func check(lower: Double, upper: Double, bins: Int) throws(LinearAlgebraError) {
    guard bins >= 1 else {
      throw LinearAlgebraError(.invalidInput, "a histogram needs at least one bin, got bins = \(bins)")
    }
    guard lower.isFinite, upper.isFinite else {
      throw LinearAlgebraError(.invalidInput, "bin range must be finite, got [\(lower), \(upper)]")
    }
    guard lower < upper else {
      throw LinearAlgebraError(
        .invalidInput, "bad bin range: lower = \(lower) must be below upper = \(upper)")
    }
  }

  private static func range(of values: [Double]) throws(LinearAlgebraError) -> (Double, Double) {
    guard let lo = values.min(), let hi = values.max() else {
      throw LinearAlgebraError(.invalidInput, "cannot span the bins over an empty set of values")
    }
    return (lo, hi)
  }
}
