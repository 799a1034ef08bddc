// Moments and outliers of the spectrum of a PSD operator of dimension P, from its nonzero eigenvalues.

/// Statistics of the spectrum of a positive semi-definite operator of dimension `P`, given its `n ≤ P`
/// possibly nonzero eigenvalues; the remaining `P − n` eigenvalues are exact zeros and are counted.
///
/// ```
/// m = (1/P) Σᵢ λᵢ        s = (1/P) Σᵢ λᵢ²        (sums over all P eigenvalues, zeros included)
/// ```
///
/// This is the papers' definition (Karakida et al. §3, convention 1: statistics over **all P**
/// parameters), so the FIM's `m` is `Tr F / P`, not the mean of the `C·N` dual eigenvalues.
/// Source: `shared/science/karakida.md` §3.
public struct SpectralStatistics: Sendable, Equatable, Codable {
  /// Dimension P of the operator.
  public let dimension: Int
  /// Number of eigenvalues supplied (the dual's size), `n ≤ P`.
  public let suppliedCount: Int
  /// Mean eigenvalue `m = Σλ/P`.
  public let mean: Double
  /// Second moment `s = Σλ²/P`.
  public let secondMoment: Double
  /// Largest eigenvalue.
  public let largest: Double
  /// Smallest supplied eigenvalue (a health indicator: should be ≥ −tolerance for a PSD operator).
  public let smallestSupplied: Double

  /// Statistics from the supplied eigenvalues of a dimension-`dimension` operator.
  ///
  /// - Throws: `.invalidInput` for an empty list, `dimension < eigenvalues.count`, or non-finite values.
  public init(eigenvalues: [Double], dimension: Int) throws(LinearAlgebraError) {
    guard !eigenvalues.isEmpty else {
      throw LinearAlgebraError(.invalidInput, "spectral statistics of an empty spectrum")
    }
    guard dimension >= eigenvalues.count else {
      throw LinearAlgebraError(
        .invalidInput,
        "dimension P = \(dimension) is smaller than the \(eigenvalues.count) eigenvalues supplied")
    }
    if let bad = eigenvalues.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "eigenvalue \(bad) is \(eigenvalues[bad])")
    }
    self.dimension = dimension
    suppliedCount = eigenvalues.count
    let p = Double(dimension)
    mean = eigenvalues.reduce(0, +) / p
    secondMoment = eigenvalues.reduce(0) { $0 + $1 * $1 } / p
    largest = eigenvalues.max()!
    smallestSupplied = eigenvalues.min()!
  }

  /// The same mean and second moment straight from a dual Gram `G` (n × n) that shares its nonzero
  /// eigenvalues with the operator, without any eigen-decomposition:
  ///
  /// ```
  /// m = trace(G)/P        s = ‖G‖_F²/P        (valid because Σλ = tr G and Σλ² = tr G² = ‖G‖_F² for symmetric G)
  /// ```
  ///
  /// - Returns: `(mean, secondMoment)`.
  /// - Throws: `.dimensionMismatch` for a non-square Gram, `.invalidInput` when `P < n`.
  public static func moments(ofDualGram g: Matrix, dimension: Int) throws(LinearAlgebraError) -> (
    mean: Double, secondMoment: Double
  ) {
    guard g.isSquare else {
      throw LinearAlgebraError(.dimensionMismatch, "a dual Gram must be square, got \(g.rows)×\(g.columns)")
    }
    guard dimension >= g.rows else {
      throw LinearAlgebraError(
        .invalidInput, "dimension P = \(dimension) is smaller than the Gram's \(g.rows)")
    }
    let f = g.frobeniusNorm
    return (g.trace / Double(dimension), f * f / Double(dimension))
  }

  /// The `k` largest eigenvalues, descending (zeros of the operator included when `k > n`).
  public static func top(_ k: Int, of eigenvalues: [Double]) -> [Double] {
    Array(eigenvalues.sorted(by: >).prefix(k))
  }

  /// Mean of the `k` largest eigenvalues (the "top-C mean" compared with a C-fold degenerate λ_max,
  /// Karakida et al. convention 4).
  public static func topMean(_ k: Int, of eigenvalues: [Double]) -> Double {
    let t = top(k, of: eigenvalues)
    return t.isEmpty ? 0 : t.reduce(0, +) / Double(t.count)
  }

  /// Outliers: eigenvalues above `edge`, descending. With `edge` the bulk edge of a reference law or the
  /// largest gap split from ``bulkEdgeByLargestGap(_:searchTop:minimumRatio:)``.
  public static func outliers(of eigenvalues: [Double], above edge: Double) -> [Double] {
    eigenvalues.filter { $0 > edge }.sorted(by: >)
  }

  /// The bulk edge found at the largest ratio gap `λ_{(i+1)}/λ_{(i)}` among the top `searchTop` positive
  /// eigenvalues: returns `(edge, outlierCount)`, where `edge` is the largest bulk eigenvalue.
  ///
  /// A gap of ratio `≥ minimumRatio` is needed to call anything an outlier; otherwise `outlierCount = 0`
  /// and `edge` is the largest eigenvalue.
  public static func bulkEdgeByLargestGap(
    _ eigenvalues: [Double], searchTop: Int = 64, minimumRatio: Double = 2
  ) -> (edge: Double, outlierCount: Int) {
    let sorted = eigenvalues.filter { $0 > 0 }.sorted(by: >)
    guard sorted.count >= 2 else { return (sorted.first ?? 0, 0) }
    var best = (ratio: 1.0, index: 0)
    for i in 0..<min(searchTop, sorted.count - 1) {
      let r = sorted[i] / sorted[i + 1]
      if r > best.ratio { best = (r, i) }
    }
    guard best.ratio >= minimumRatio else { return (sorted[0], 0) }
    return (sorted[best.index + 1], best.index + 1)
  }
}
