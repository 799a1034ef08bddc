// Ordinary least-squares straight line in log–log space, for power laws ε ~ p^(−β) and λ ~ p^(1/2).
import Foundation

/// A power-law fit `y ≈ c·x^slope` by least squares on (log x, log y).
///
/// ```
/// log y = log c + slope·log x,   slope = S_xy / S_xx
/// standard error of slope = sqrt( RSS / ((n − 2) S_xx) )   (0 for n = 2)
/// ```
/// Points with non-positive x or y are dropped (a zero test error has no logarithm); the number kept is
/// reported.
///
/// Source: shared/science/stripe.md checklist D
public struct LogLogFit: Sendable, Equatable, Codable {
  /// The exponent (negative for a decaying learning curve: slope = −β).
  public let slope: Double
  /// The prefactor c.
  public let prefactor: Double
  /// Standard error of the slope.
  public let slopeStandardError: Double
  /// Number of points used.
  public let pointsUsed: Int

  /// Fits the points (x_i, y_i).
  ///
  /// - Throws: ``ConfigurationError`` when fewer than two positive points with distinct x remain.
  public init(x: [Double], y: [Double]) throws(ConfigurationError) {
    guard x.count == y.count else {
      throw ConfigurationError(field: "fit", "x and y differ in length: \(x.count) vs \(y.count)")
    }
    let pts = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }
      .map { (log($0.0), log($0.1)) }
    let n = Double(pts.count)
    guard pts.count >= 2 else {
      throw ConfigurationError(field: "fit", "a power-law fit needs ≥ 2 positive points, got \(pts.count)")
    }
    let mx = pts.reduce(0) { $0 + $1.0 } / n
    let my = pts.reduce(0) { $0 + $1.1 } / n
    let sxx = pts.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
    let sxy = pts.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    guard sxx > 0 else { throw ConfigurationError(field: "fit", "all x values are equal") }
    let b = sxy / sxx
    let a = my - b * mx
    let rss = pts.reduce(0) { $0 + pow($1.1 - a - b * $1.0, 2) }
    slope = b
    prefactor = exp(a)
    slopeStandardError = pts.count > 2 ? (rss / ((n - 2) * sxx)).squareRoot() : 0
    pointsUsed = pts.count
  }
}
