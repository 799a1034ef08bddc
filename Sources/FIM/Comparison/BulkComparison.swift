// The measured bulk of a dual spectrum (outliers and structural zeros removed) against the predicted law.
import Spectra

/// Kolmogorov–Smirnov and Wasserstein-1 distances between the measured bulk and ``BulkPrediction``.
///
/// ```
/// measured bulk = dual eigenvalues without the k smallest (k = C exact zeros with mean subtraction)
///                 and the C largest when the mean-field outlier lies above the predicted support
/// KS = sup_x |F_bulk(x) − F_pred(x)|,   W₁ = ∫ |F_bulk − F_pred| dx,   W₁/width relative to the support
/// ```
///
/// No parameter is fitted: the law comes from the architecture, σ_w², σ_b², φ and N alone.
///
/// Source: `docs/bulk-theory.md` §4 (the comparison) and §5 (measured values).
public struct BulkComparison: Sendable, Encodable {
  /// The predicted law (tabulated).
  public let law: TabulatedSpectralLaw
  /// sup |F_bulk − F_pred|.
  public let kolmogorovSmirnov: Double
  /// ∫ |F_bulk − F_pred| dx (units of λ).
  public let wasserstein1: Double
  /// W₁ divided by the width of the predicted support.
  public let relativeWasserstein1: Double
  /// The outliers removed (C or 0).
  public let removedOutliers: Int
  /// The structural zeros removed (C with mean subtraction, else 0).
  public let removedZeros: Int
  /// Eigenvalues compared.
  public let bulkCount: Int
  /// Whether the prediction omits no term of the bulk's order (``BulkPrediction/isLeadingOrderExact``).
  public let leadingOrderExact: Bool
  /// What was verified against a text (see `docs/bulk-theory.md` §1).
  public static let provenance =
    "derived in docs/bulk-theory.md (Gaussian-equivalent linearisation + Wishart-chain deterministic "
    + "equivalent); Fan & Wang (2020) / Pennington & Worah statements unverified against their text"

  /// Compares the dual eigenvalues `eigenvalues` with `prediction`.
  ///
  /// - Throws: `ConfigurationError` (field `bulk-theory`) when the law cannot be tabulated or too few
  ///   eigenvalues remain.
  public init(eigenvalues: [Double], prediction: BulkPrediction, points: Int = 2000)
    throws(ConfigurationError)
  {
    law = try prediction.law(points: points)
    var sorted = eigenvalues.sorted()
    removedZeros = min(prediction.exactZeroCount, sorted.count)
    sorted.removeFirst(removedZeros)
    let hasOutliers = !prediction.meanSubtracted && prediction.outlierValue > law.support.upperBound
    removedOutliers = hasOutliers ? min(prediction.blocks, sorted.count) : 0
    sorted.removeLast(removedOutliers)
    guard sorted.count >= 2 else {
      throw ConfigurationError(field: "bulk-theory", "fewer than 2 bulk eigenvalues to compare")
    }
    bulkCount = sorted.count
    do {
      kolmogorovSmirnov = try KolmogorovSmirnov.distance(of: sorted, to: law)
      wasserstein1 = try WassersteinDistance.distance(of: sorted, to: law)
    } catch { throw ConfigurationError(field: "bulk-theory", error.description) }
    let width = law.support.upperBound - law.support.lowerBound
    relativeWasserstein1 = width > 0 ? wasserstein1 / width : .nan
    leadingOrderExact = prediction.isLeadingOrderExact
  }

  enum CodingKeys: String, CodingKey {
    case kolmogorovSmirnov = "bulk_ks"
    case wasserstein1 = "bulk_w1"
    case relativeWasserstein1 = "bulk_w1_relative"
    case supportLower = "support_lower"
    case supportUpper = "support_upper"
    case removedOutliers = "removed_outliers"
    case removedZeros = "removed_zeros"
    case bulkCount = "bulk_count"
    case leadingOrderExact = "leading_order_exact"
    case provenance
  }

  /// Encodes the distances, the support and the provenance (docs/spectrum-json.md, `bulk_theory`).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kolmogorovSmirnov, forKey: .kolmogorovSmirnov)
    try c.encode(wasserstein1, forKey: .wasserstein1)
    try c.encode(relativeWasserstein1, forKey: .relativeWasserstein1)
    try c.encode(law.support.lowerBound, forKey: .supportLower)
    try c.encode(law.support.upperBound, forKey: .supportUpper)
    try c.encode(removedOutliers, forKey: .removedOutliers)
    try c.encode(removedZeros, forKey: .removedZeros)
    try c.encode(bulkCount, forKey: .bulkCount)
    try c.encode(leadingOrderExact, forKey: .leadingOrderExact)
    try c.encode(Self.provenance, forKey: .provenance)
  }
}
