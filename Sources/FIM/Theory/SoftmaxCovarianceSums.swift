// The sums over samples of the softmax covariances Q(n) that the softmax-FIM theory needs.
import Spectra

/// `ΣQ(n)` (C × C), `Σ Tr Q(n)`, `Σ Tr Q(n)²`, `max_n λ_max(Q(n))` and N: sufficient for every
/// prediction of ``SoftmaxFisherPrediction`` (m, s, the outliers of Q̄ = ΣQ/N and the λ_max bounds), and
/// additive over disjoint sets of samples (the maximum by ``merged(with:)``), so that ranks holding
/// different samples combine theirs. Source: shared/science/karakida.md §4.
public struct SoftmaxCovarianceSums: Sendable, Equatable {
  /// ΣQ(n).
  public var sum: Matrix
  /// Σ Tr Q(n).
  public var traceSum: Double
  /// Σ Tr Q(n)² (= Σ_ij Q_ij² for symmetric Q).
  public var squareTraceSum: Double
  /// max_n λ_max(Q(n)).
  public var largest: Double
  /// N.
  public var count: Int

  /// The sums of `covariances` (each C × C, symmetric and finite).
  ///
  /// - Throws: `ConfigurationError` (field `covariances`) for an empty list, a non-square, non-finite or
  ///   non-symmetric matrix, or matrices of different sizes.
  public init(_ covariances: [Matrix]) throws(ConfigurationError) {
    guard let first = covariances.first else {
      throw ConfigurationError(field: "covariances", "need at least one softmax covariance Q(n), got none")
    }
    let c = first.rows
    sum = Matrix(rows: c, columns: c)
    (traceSum, squareTraceSum, largest, count) = (0, 0, -Double.infinity, 0)
    for (n, q) in covariances.enumerated() {
      guard q.rows == c, q.columns == c, c >= 1 else {
        throw ConfigurationError(
          field: "covariances", "Q(\(n)) must be \(c)×\(c) like Q(0), got \(q.rows)×\(q.columns)")
      }
      guard q.isFinite, (q - q.transposed).maxAbs <= 1e-12 * max(1, q.maxAbs) else {
        throw ConfigurationError(field: "covariances", "Q(\(n)) must be finite and symmetric")
      }
      sum.add(q)
      traceSum += q.trace
      squareTraceSum += SoftmaxFisherPrediction.traceOfProduct(q, q)
      largest = max(largest, SoftmaxFisherPrediction.eigenvalues(q).first ?? 0)
      count += 1
    }
  }

  /// The sums of the softmax covariances of the rows of `logits` (N × C).
  ///
  /// - Throws: as ``init(_:)`` (no rows).
  public init(logits: Matrix) throws(ConfigurationError) {
    try self.init((0..<logits.rows).map { SoftmaxCovariance.matrix(logits: logits.row($0)) })
  }

  /// The sums over both sets of samples.
  public func merged(with other: SoftmaxCovarianceSums) -> SoftmaxCovarianceSums {
    var out = self
    out.sum.add(other.sum)
    out.traceSum += other.traceSum
    out.squareTraceSum += other.squareTraceSum
    out.largest = max(largest, other.largest)
    out.count += other.count
    return out
  }

  /// The numbers in a fixed order, `[ΣQ (column-major), Σ Tr Q, Σ Tr Q², N]`, for a sum over ranks (the
  /// maximum is reduced separately), and back.
  public var summable: [Double] { sum.elements + [traceSum, squareTraceSum, Double(count)] }

  /// The sums from ``summable`` numbers and the maximum.
  public init(summable v: [Double], outputs c: Int, largest: Double) {
    sum = Matrix(rows: c, columns: c, exactColumnMajor: Array(v[0..<(c * c)]))
    traceSum = v[c * c]
    squareTraceSum = v[c * c + 1]
    count = Int(v[c * c + 2].rounded())
    self.largest = largest
  }
}
