// Adaptive numerical integration of a real function on a finite interval (GSL QAGS).

/// Adaptive quadrature on a finite interval, used to check closed forms (moments, cdfs) against the
/// densities they come from.
public enum Quadrature {
  /// The integral `∫_a^b f(x) dx` by adaptive 21-point Gauss–Kronrod with Wynn-ε extrapolation, which
  /// copes with integrable end-point singularities such as `1/√x`.
  ///
  /// ```
  /// result ≈ ∫_a^b f(x) dx,   |result − I| ≤ max(absoluteTolerance, relativeTolerance·|I|) (estimated)
  /// ```
  ///
  /// Source: Piessens et al., *QUADPACK* (1983), routine QAGS; GSL `gsl_integration_qags`.
  ///
  /// - Parameters:
  ///   - a: lower limit.
  ///   - b: upper limit.
  ///   - absoluteTolerance: absolute error goal (default `1e-12`).
  ///   - relativeTolerance: relative error goal (default `1e-10`).
  ///   - subintervals: the most bisections GSL may keep (default 1000).
  ///   - f: the integrand.
  /// - Returns: the estimate and GSL's estimate of its absolute error.
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for non-finite limits or tolerances that are not
  ///   positive; `.library` when GSL cannot reach the tolerance (message names the interval and reason).
  public static func integrate(
    from a: Double, to b: Double, absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-10,
    subintervals: Int = 1000, _ f: (Double) -> Double
  ) throws(LinearAlgebraError) -> (value: Double, errorEstimate: Double) {
    guard a.isFinite, b.isFinite else {
      throw LinearAlgebraError(.invalidInput, "integration limits must be finite, got [\(a), \(b)]")
    }
    guard absoluteTolerance >= 0, relativeTolerance >= 0, absoluteTolerance + relativeTolerance > 0 else {
      throw LinearAlgebraError(
        .invalidInput,
        "integration tolerances must be non-negative and not both zero, got absolute \(absoluteTolerance), relative \(relativeTolerance)"
      )
    }
    guard subintervals >= 1 else {
      throw LinearAlgebraError(.invalidInput, "subintervals must be positive, got \(subintervals)")
    }
    if a == b { return (0, 0) }
    let r = try GSLQuadrature.qags(
      from: a, to: b, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
      subintervals: subintervals, f)
    return (r.value, r.error)
  }
}
