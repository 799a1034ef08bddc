// A power law fitted to one learning curve (seed means against p), with the slopes seed by seed.
import Foundation
import Spectra

/// A power-law fit `y ≈ c·p^slope` of one curve, with seed error bars.
///
/// The fit is `PowerLawFit` with two-pass sums, on the points with finite, positive `p` and `y` (a zero
/// test error has no logarithm); ``pointsUsed`` says how many remained.
///
/// Source: shared/science/stripe.md checklist D
public struct CurveFit: Sendable, Equatable {
  /// Name of the method (`initial-ntk`, `feature`, `final-ntk`, `compression`).
  public let method: String
  /// Fit of the seed-mean values against p.
  public let fit: PowerLawFit
  /// Slopes fitted seed by seed.
  public let seedSlopes: [Double]
  /// Standard error of the mean of the seed slopes (0 with one seed).
  public let seedSlopeError: Double
  /// The predicted exponent (−β or ½), if any.
  public let predictedSlope: Double?

  /// The fitted exponent (negative for a decaying learning curve: slope = −β).
  public var slope: Double { fit.exponent }

  /// The standard error of ``slope``; recorded as 0 when two points leave no residual to measure.
  public var slopeStandardError: Double { fit.pointCount > 2 ? fit.exponentStandardError : 0 }

  /// Number of points used.
  public var pointsUsed: Int { fit.pointCount }

  /// Fits `value` against p on seed means, and seed by seed.
  ///
  /// - Throws: `ConfigurationError` when fewer than two positive points with distinct p remain.
  static func fit(
    method: String, samples points: [CurveSample], predicted: Double?
  ) throws(ConfigurationError) -> CurveFit {
    let value: (CurveSample) -> Double = { $0.value }
    let sizes = Array(Set(points.map(\.size))).sorted()
    let means = sizes.map { p in
      let v = points.filter { $0.size == p }.map(value)
      return v.reduce(0, +) / Double(v.count)
    }
    let fit = try powerLaw(x: sizes.map(Double.init), y: means)
    var slopes: [Double] = []
    for seed in Array(Set(points.map(\.seed))).sorted() {
      let mine = points.filter { $0.seed == seed }
      if let f = try? powerLaw(x: mine.map { Double($0.size) }, y: mine.map(value)) {
        slopes.append(f.exponent)
      }
    }
    let mean = slopes.reduce(0, +) / Double(max(1, slopes.count))
    let sd =
      slopes.count > 1
      ? (slopes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(slopes.count - 1)).squareRoot() : 0
    return CurveFit(
      method: method, fit: fit, seedSlopes: slopes,
      seedSlopeError: slopes.count > 1 ? sd / Double(slopes.count).squareRoot() : 0,
      predictedSlope: predicted)
  }

  /// ``PowerLawFit`` (two-pass sums) on the points with finite, positive x and y.
  ///
  /// - Throws: `ConfigurationError` (field `fit`) when fewer than two such points with distinct x remain.
  static func powerLaw(x: [Double], y: [Double]) throws(ConfigurationError) -> PowerLawFit {
    guard x.count == y.count else {
      throw ConfigurationError(field: "fit", "x and y differ in length: \(x.count) vs \(y.count)")
    }
    let kept = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }
    guard kept.count >= 2 else {
      throw ConfigurationError(field: "fit", "a power-law fit needs ≥ 2 positive points, got \(kept.count)")
    }
    do {
      return try PowerLawFit(x: kept.map(\.0), y: kept.map(\.1), summation: .twoPass)
    } catch {
      throw ConfigurationError(field: "fit", error.message)
    }
  }
}

extension CurveFit: Encodable {
  /// Encodes `fit` as `{slope, slopeStandardError, prefactor, pointsUsed}`, the record's keys.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(method, forKey: .method)
    var f = c.nestedContainer(keyedBy: FitKeys.self, forKey: .fit)
    try f.encode(slope, forKey: .slope)
    try f.encode(slopeStandardError, forKey: .slopeStandardError)
    try f.encode(fit.prefactor, forKey: .prefactor)
    try f.encode(pointsUsed, forKey: .pointsUsed)
    try c.encode(seedSlopes, forKey: .seedSlopes)
    try c.encode(seedSlopeError, forKey: .seedSlopeError)
    try c.encodeIfPresent(predictedSlope, forKey: .predictedSlope)
  }

  private enum CodingKeys: String, CodingKey {
    case method, fit, seedSlopes, seedSlopeError, predictedSlope
  }

  private enum FitKeys: String, CodingKey {
    case slope, slopeStandardError, prefactor, pointsUsed
  }
}
