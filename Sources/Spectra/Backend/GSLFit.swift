// Weighted and unweighted straight-line least squares (gsl_fit_wlinear, gsl_fit_linear).
internal import CGSL

/// The straight-line fits of GSL.
enum GSLFit {
  /// The least-squares line `y = c0 + c1·x`, with covariance entries and the residual sum of squares.
  struct Line {
    var c0: Double
    var c1: Double
    var cov00: Double
    var cov01: Double
    var cov11: Double
    var sumSquares: Double
  }

  /// `gsl_fit_wlinear` when `weights` is given (weights are 1/σᵢ²), else `gsl_fit_linear`.
  static func line(x: [Double], y: [Double], weights: [Double]?) throws(LinearAlgebraError) -> Line {
    _ = GSL.handlerOff
    var r = Line(c0: 0, c1: 0, cov00: 0, cov01: 0, cov11: 0, sumSquares: 0)
    let status: Int32 = x.withUnsafeBufferPointer { px in
      y.withUnsafeBufferPointer { py in
        if let weights {
          return weights.withUnsafeBufferPointer { pw in
            gsl_fit_wlinear(
              px.baseAddress, 1, pw.baseAddress, 1, py.baseAddress, 1, px.count, &r.c0, &r.c1, &r.cov00,
              &r.cov01, &r.cov11, &r.sumSquares)
          }
        }
        return gsl_fit_linear(
          px.baseAddress, 1, py.baseAddress, 1, px.count, &r.c0, &r.c1, &r.cov00, &r.cov01, &r.cov11,
          &r.sumSquares)
      }
    }
    try GSL.check(status, weights == nil ? "gsl_fit_linear" : "gsl_fit_wlinear")
    return r
  }
}
