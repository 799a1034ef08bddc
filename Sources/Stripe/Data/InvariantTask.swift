// Labels of the invariant-manifold tasks: stripe (d_∥ = 1) and cylinder (d_∥ = 2).
import Foundation
import Spectra

/// A binary task on Gaussian inputs whose label depends only on the first `d_∥` coordinates.
///
/// Labels follow the reference code's class mapping (class 0 → +1, class 1 → −1):
/// ```
/// stripe:   y = −1 if −0.3 < x₁ < 1.18549, else +1          (d_∥ = 1)
/// cylinder: y = −1 if ‖x_∥‖ > r, else +1,  r = √(2 ln 2)     (d_∥ = 2, balanced radius)
/// cylinder (χ²-median variant): y = −1 if ‖x_∥‖² > d_∥ − 2/3
/// ```
/// Both stripe bounds give P(y = −1) = Φ(1.18549) − Φ(−0.3) = 0.4999995.
///
/// Source: shared/science/stripe.md §1.2–1.3
public enum InvariantTask: String, Sendable, Codable, CaseIterable {
  /// The stripe: a slab −0.3 < x₁ < 1.18549 labelled −1, the rest +1.
  case stripe
  /// The cylinder with the exactly balanced radius √(2 ln 2) for d_∥ = 2.
  case cylinder
  /// The cylinder with the χ²-median approximation ‖x_∥‖² > d_∥ − 2/3 (mariogeiger HEAD variant).
  case cylinderMedian = "cylinder-median"

  /// Lower edge of the stripe's slab.
  public static let stripeLower = -0.3
  /// Upper edge of the stripe's slab.
  public static let stripeUpper = 1.18549

  /// The number of informative coordinates d_∥.
  public var informativeDimensions: Int { self == .stripe ? 1 : 2 }

  /// Checks that the input dimension holds the informative coordinates and is at least 2: d ≥ 2 for
  /// every task. At d = d_∥ (the cylinder at d = 2) no coordinate is perpendicular: the label depends on
  /// the whole input, the learning curves are defined (β_Feature = ½ from (d + d_⊥/2)/(3d − 2)), and the
  /// compression λ is not (reported as undefined).
  ///
  /// - Throws: `ConfigurationError` for `dimension` below `max(2, d_∥)`.
  public func validate(dimension d: Int) throws(ConfigurationError) {
    guard d >= max(2, informativeDimensions) else {
      throw ConfigurationError(
        field: "dimension",
        "the \(rawValue) task needs d ≥ max(2, d_∥ = \(informativeDimensions)), got d = \(d)")
    }
  }

  /// The label y(x) ∈ {−1, +1} of one input, given its first coordinates.
  public func label(informative x: ArraySlice<Double>) -> Double {
    switch self {
    case .stripe:
      let x1 = x[x.startIndex]
      return (x1 > Self.stripeLower && x1 < Self.stripeUpper) ? -1 : 1
    case .cylinder:
      let r2 = x.prefix(2).reduce(0) { $0 + $1 * $1 }
      return r2 > 2 * log(2.0) ? -1 : 1
    case .cylinderMedian:
      let r2 = x.prefix(2).reduce(0) { $0 + $1 * $1 }
      return r2 > 2 - 2.0 / 3 ? -1 : 1
    }
  }
}
