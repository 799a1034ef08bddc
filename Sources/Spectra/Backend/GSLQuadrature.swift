// Gauss–Hermite nodes and weights from gsl_integration_fixed (weight e^{-x²}).
internal import CGSL

/// Fixed-order quadrature rules from GSL.
enum GSLQuadrature {
  /// The `n`-point Gauss–Hermite rule for `∫ f(x) e^{−x²} dx` (nodes ascending, weights positive).
  static func hermite(points n: Int) throws(LinearAlgebraError) -> (nodes: [Double], weights: [Double]) {
    _ = GSL.handlerOff
    guard n >= 1 else {
      throw LinearAlgebraError(.invalidInput, "Gauss–Hermite needs at least one node, got \(n)")
    }
    guard let w = gsl_integration_fixed_alloc(cgsl_integration_fixed_hermite(), n, 0, 1, 0, 0) else {
      throw LinearAlgebraError(.library, "gsl_integration_fixed_alloc(hermite, \(n)) failed")
    }
    defer { gsl_integration_fixed_free(w) }
    let nodes = UnsafeBufferPointer(start: gsl_integration_fixed_nodes(w), count: n)
    let weights = UnsafeBufferPointer(start: gsl_integration_fixed_weights(w), count: n)
    return (Array(nodes), Array(weights))
  }
}

extension GSLQuadrature {
  /// Carries a Swift integrand through GSL's `void *params`.
  private final class Integrand {
    let f: (Double) -> Double
    init(_ f: @escaping (Double) -> Double) { self.f = f }
  }

  /// `∫_a^b f(x) dx` by adaptive Gauss–Kronrod with extrapolation (`gsl_integration_qags`), which
  /// tolerates integrable end-point singularities. Returns the value and GSL's absolute error estimate.
  static func qags(
    from a: Double, to b: Double, absoluteTolerance: Double, relativeTolerance: Double,
    subintervals: Int, _ f: (Double) -> Double
  ) throws(LinearAlgebraError) -> (value: Double, error: Double) {
    _ = GSL.handlerOff
    guard let workspace = gsl_integration_workspace_alloc(subintervals) else {
      throw LinearAlgebraError(.library, "gsl_integration_workspace_alloc(\(subintervals)) failed")
    }
    defer { gsl_integration_workspace_free(workspace) }
    var value = 0.0
    var error = 0.0
    let status: Int32 = withoutActuallyEscaping(f) { escapable in
      let box = Integrand(escapable)
      return withExtendedLifetime(box) {
        var function = gsl_function(
          function: { x, params in
            guard let params else { return .nan }
            return Unmanaged<Integrand>.fromOpaque(params).takeUnretainedValue().f(x)
          },
          params: Unmanaged.passUnretained(box).toOpaque())
        return gsl_integration_qags(
          &function, a, b, absoluteTolerance, relativeTolerance, subintervals, workspace, &value, &error)
      }
    }
    try GSL.check(status, "gsl_integration_qags on [\(a), \(b)]")
    return (value, error)
  }
}
