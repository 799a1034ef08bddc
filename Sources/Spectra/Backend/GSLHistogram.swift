// Owner of one gsl_histogram: bins given by explicit edges, counts by gsl_histogram_increment.
internal import CGSL

/// A `gsl_histogram` with the given bin edges, freed on deinit.
final class GSLHistogram {
  private let h: UnsafeMutablePointer<gsl_histogram>

  /// A histogram with `edges.count − 1` bins `[edges[i], edges[i+1])`.
  ///
  /// - Throws: `.invalidInput` when fewer than two edges are given or they do not increase strictly.
  init(edges: [Double]) throws(LinearAlgebraError) {
    _ = GSL.handlerOff
    guard edges.count >= 2 else {
      throw LinearAlgebraError(
        .invalidInput, "a histogram needs at least one bin (two edges), got \(edges.count) edges")
    }
    guard let p = gsl_histogram_alloc(edges.count - 1) else {
      throw LinearAlgebraError(.library, "gsl_histogram_alloc(\(edges.count - 1)) failed")
    }
    h = p
    let status = edges.withUnsafeBufferPointer { e in gsl_histogram_set_ranges(h, e.baseAddress, e.count) }
    if status != 0 {
      gsl_histogram_free(h)
      throw LinearAlgebraError(.invalidInput, "histogram edges must increase strictly")
    }
  }

  deinit { gsl_histogram_free(h) }

  /// Adds one count for `x`; returns false when `x` falls outside the bin range.
  @discardableResult
  func increment(_ x: Double) -> Bool { gsl_histogram_increment(h, x) == 0 }

  /// Count in each bin.
  var counts: [Double] { (0..<gsl_histogram_bins(h)).map { gsl_histogram_get(h, $0) } }
}
