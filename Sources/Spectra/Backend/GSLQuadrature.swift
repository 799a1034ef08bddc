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
