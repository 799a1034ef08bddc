// The named numerical tolerances of the test suites and the comparison helper that applies them.
//
// Each tolerance names the error a comparison allows, not the test that uses it; the values come from the
// tests (the tightest that every use of a class passes with headroom), never the other way round. Unit
// roundoff is ε = 2.2e-16. Statistical bounds (finite-width bias, Monte-Carlo scatter, KS distances) are
// not numerical tolerances: they stay as literals beside the comment that derives them.

/// Named numerical tolerances, in increasing size.
public enum Tolerance {
  /// 1e-15: rounding of a closed form of a few operations on O(1) numbers (sums of a handful of terms, one
  /// division or square root): a few ulps of 1. Absolute for O(1) values, relative otherwise.
  public static let fewOperations = 1e-15

  /// 1e-14: closed forms through tens of operations (layer recursions, the arc-cosine kernel with `acos`
  /// and square roots, log-sum-exp), and LAPACK on matrices of a few rows (the C × C softmax
  /// covariances): tens of roundings of O(1) numbers, ≈ 50 ε.
  public static let closedForm = 1e-14

  /// 1e-13: longer chains of about a hundred operations (predictions combining κ's with N and C), and
  /// short sums of O(1) terms evaluated in a different order (BLAS against a naive loop, a small product
  /// quadrature rule against its exact value).
  public static let longClosedForm = 1e-13

  /// 1e-12: reductions relative to their scale: BLAS/LAPACK products and Gram matrices, least squares,
  /// one eigen-solve, sums of thousands of terms, sums over layers or blocks whose terms carry width
  /// factors. A backward-stable reduction of length n errs by about n ε relative to the largest magnitude
  /// involved; n up to a few hundred gives ≈ 1e-13, and 10× headroom.
  public static let reduction = 1e-12

  /// 1e-10: eigenvalues of one matrix from different LAPACK drivers or routes (a subset or range
  /// driver against the full spectrum, the dual Gram against the primal matrix), relative to ‖A‖ =
  /// λ_max. Each driver is backward stable to about n ε ‖A‖, but with its own internal tolerances
  /// (bisection, MRRR representation trees), so the drivers agree only to a small multiple of that.
  public static let eigenvalue = 1e-10

  /// 1e-10: a fixed Gauss–Hermite rule of 128–256 nodes against a closed form for a smooth activation
  /// (erf, tanh); the rule's own n-vs-2n error estimate is below this for variances up to about 4.
  public static let gaussHermite = 1e-10

  /// 1e-9: solutions of small linear systems and box complementarity problems compared in the solution
  /// itself: a residual of 1e-12 amplified by condition numbers up to about 10³.
  public static let linearSolve = 1e-9

  /// 1e-9: adaptive (GSL QAGS) quadrature of a probability density, an absolute error on a probability in
  /// [0, 1]: requested 1e-12 absolute / 1e-10 relative, with 10× headroom because the estimate is not a
  /// bound and the densities have square-root edges.
  public static let densityQuadrature = 1e-9

  /// 1e-8: adaptive quadrature of moments xᵏ ρ(x) and kernel sums, relative to the integral's scale:
  /// requested 1e-10 relative, with 100× headroom for the square-root edges and the growth of xᵏ.
  public static let adaptiveQuadrature = 1e-8

  /// 1e-8: central finite differences (step 1e-6) measured in a norm (Frobenius of J Jᵀ) rather than
  /// entrywise: the rounding error ε|f|/h ≈ 2e-10 per entry partly averages out, and 1e-8 keeps 50×
  /// headroom.
  public static let finiteDifferenceNorm = 1e-8

  /// 1e-7: central finite differences (step 1e-5 or 1e-6) entrywise, relative to the largest entry:
  /// truncation h² f‴/6 ≲ 1e-10 plus rounding ε|f|/h ≈ 2e-10, with 100× headroom for large third
  /// derivatives (tanh, softmax).
  public static let finiteDifference = 1e-7
}

/// Whether `actual` equals `expected` to within `max(absolute, relative·|expected|)`, in the spirit of
/// swift-numerics' `isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:)`, but relative to the
/// expected value only (never looser than the literal `abs(a − b) <= tol * abs(b)` it replaces).
/// Equal values (including equal infinities) are close; NaN is close to nothing.
/// - Parameters:
///   - actual: the computed value.
///   - expected: the reference value.
///   - absolute: the absolute tolerance (0 for a purely relative comparison).
///   - relative: the tolerance relative to `|expected|` (0 for a purely absolute comparison).
public func isClose(_ actual: Double, _ expected: Double, absolute: Double = 0, relative: Double = 0) -> Bool
{
  if actual == expected { return true }
  return abs(actual - expected) <= max(absolute, relative * abs(expected))
}

/// ``isClose(_:_:absolute:relative:)`` for an optional result: a missing value is never close.
/// - Parameters:
///   - actual: the computed value, or nil when it was withheld.
///   - expected: the reference value.
///   - absolute: the absolute tolerance.
///   - relative: the tolerance relative to `|expected|`.
public func isClose(_ actual: Double?, _ expected: Double, absolute: Double = 0, relative: Double = 0) -> Bool
{
  guard let actual else { return false }
  return isClose(actual, expected, absolute: absolute, relative: relative)
}

/// Whether two arrays have the same length and are elementwise close by
/// ``isClose(_:_:absolute:relative:)``.
/// - Parameters:
///   - actual: the computed values.
///   - expected: the reference values.
///   - absolute: the absolute tolerance.
///   - relative: the tolerance relative to each `|expected[i]|`.
public func isClose(_ actual: [Double], _ expected: [Double], absolute: Double = 0, relative: Double = 0)
  -> Bool
{
  actual.count == expected.count
    && zip(actual, expected).allSatisfy { isClose($0, $1, absolute: absolute, relative: relative) }
}
