// Randomised trace estimators over a matrix-free operator: Girard–Hutchinson and Hutch++,
// for tr(A) and tr(A²), each with a standard error.

/// Which trace to estimate.
public enum TraceTarget: String, Sendable, Equatable, CaseIterable {
  /// `tr(A) = E[zᵀ A z]`.
  case trace
  /// `tr(A²) = ‖A‖_F² = E[‖A z‖²]`.
  case traceOfSquare
}

/// A trace estimate with its standard error and cost.
public struct TraceEstimate: Sendable, Equatable {
  /// The estimate.
  public let value: Double
  /// `s/√N` over the `N` random quadratic forms (the deterministic Hutch++ part adds none).
  public let standardError: Double
  /// Operator–vector products used.
  public let matrixVectorProducts: Int
}

/// Randomised trace estimation with Rademacher vectors `z ∈ {±1}ⁿ` (`E[z zᵀ] = I`).
///
/// * Girard–Hutchinson: `tr(B) ≈ (1/N) Σᵢ zᵢᵀ B zᵢ` (Girard 1989; Hutchinson 1990), error `O(1/√N)`.
/// * Hutch++ (Meyer, Musco, Musco & Woodruff, SOSA 2021, Algorithm 1): with `N/3` columns each,
///   ```
///   Q = orth(B·S),   tr(B) ≈ tr(Qᵀ B Q) + (3/N) Σᵢ gᵢᵀ (I − QQᵀ) B (I − QQᵀ) gᵢ
///   ```
///   error `O(1/N)` for positive semi-definite `B`; the standard error is that of the second
///   (Hutchinson) term, the first being exact given `Q`.
///
/// With ``TraceTarget/traceOfSquare`` the quadratic forms are `zᵀA²z = ‖A z‖²`, so `B = A²` needs one
/// product of `A` per vector (two for Hutch++'s sketch `A·(A·S)`).
///
/// Deterministic for a given seed. Complexity: `N` operator products (Hutch++: `N` for `tr A`,
/// `4N/3` for `tr A²`) plus `O(n·N²)` flops for Hutch++'s QR and projections.
public enum TraceEstimation {
  /// Girard–Hutchinson with `samples` Rademacher vectors.
  ///
  /// - Throws: `.invalidInput` when `samples < 2`; errors of the operator.
  public static func hutchinson<Operator: SymmetricOperator>(
    _ op: Operator, target: TraceTarget = .trace, samples: Int, seed: UInt64 = 0
  ) throws(LinearAlgebraError) -> TraceEstimate {
    guard samples >= 2 else {
      throw LinearAlgebraError(
        .invalidInput, "Hutchinson needs ≥ 2 samples for a standard error, got \(samples)")
    }
    let z = rademacher(rows: op.dimension, columns: samples, stream: RandomStream(seed: seed))
    let forms = try quadraticForms(op, z, target: target)
    let (mean, error) = ProbeSpread.meanAndStandardError(forms)
    return TraceEstimate(value: mean, standardError: error, matrixVectorProducts: samples)
  }

  /// Hutch++ with a budget of `N` products as in Algorithm 1: `⌊N/3⌋` sketch columns `S`, as many
  /// products for `A·Q`, and `N − 2⌊N/3⌋` Hutchinson vectors `G`.
  ///
  /// - Throws: `.invalidInput` when `N < 6` or `⌊N/3⌋ ≥ n`; errors of the operator and LAPACK.
  public static func hutchPlusPlus<Operator: SymmetricOperator>(
    _ op: Operator, target: TraceTarget = .trace, matrixVectorBudget budget: Int, seed: UInt64 = 0
  ) throws(LinearAlgebraError) -> TraceEstimate {
    let n = op.dimension
    let (sketch, samples) = try hutchPlusPlusSplit(budget, dimension: n)
    let stream = RandomStream(seed: seed)
    let s = rademacher(rows: n, columns: sketch, stream: stream)
    let g = rademacher(rows: n, columns: samples, stream: stream)
    var image = try op.apply(s)
    if target == .traceOfSquare { image = try op.apply(image) }
    let q = try LAPACK.householderQR(image).q
    let aq = try op.apply(q)
    let exactPart: Double =
      switch target {
      case .trace: BLAS.ddot(q.elements, aq.elements)
      case .traceOfSquare: BLAS.ddot(aq.elements, aq.elements)
      }
    let forms = try quadraticForms(op, g.projectedOut(q), target: target)
    let (mean, error) = ProbeSpread.meanAndStandardError(forms)
    let products = sketch * (target == .trace ? 1 : 2) + q.columns + samples
    return TraceEstimate(value: exactPart + mean, standardError: error, matrixVectorProducts: products)
  }

  /// Hutch++'s split of a budget of N products: ⌊N/3⌋ sketch columns and N − 2⌊N/3⌋ Hutchinson vectors.
  ///
  /// - Throws: `.invalidInput` when `N < 6` or `⌊N/3⌋ ≥ n`.
  static func hutchPlusPlusSplit(_ budget: Int, dimension n: Int) throws(LinearAlgebraError)
    -> (sketch: Int, samples: Int)
  {
    let sketch = budget / 3
    guard sketch >= 2, sketch < n else {
      throw LinearAlgebraError(.invalidInput, "Hutch++ needs 6 ≤ N and N/3 < n = \(n), got N = \(budget)")
    }
    return (sketch, budget - 2 * sketch)
  }

  /// `zᵢᵀ A zᵢ` or `‖A zᵢ‖²` for each column of `z`, from one block product.
  private static func quadraticForms<Operator: SymmetricOperator>(
    _ op: Operator, _ z: Matrix, target: TraceTarget
  ) throws(LinearAlgebraError) -> [Double] {
    let az = try op.apply(z)
    return (0..<z.columns).map { j in
      let column = az.column(j)
      return target == .trace ? BLAS.ddot(z.column(j), column) : BLAS.ddot(column, column)
    }
  }

  private static func rademacher(rows: Int, columns: Int, stream: RandomStream) -> Matrix {
    Matrix(rows: rows, columns: columns) { _, _ in stream.uniform() < 0.5 ? -1 : 1 }
  }
}
