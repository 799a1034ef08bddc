// The mean-gradient overlap of given top dual eigenvectors, from the dual's contractions (dense or matrix-free).
import Spectra

extension MetricDual {
  /// ``MeanGradientOverlap`` of the top dual eigenvectors `vectors` (size × t, columns in the order of
  /// `values`) with the mean gradients, from ``contractions`` (nil when they were not computed).
  ///
  /// ```
  /// projections_k[i] = u_iᵀ ℬᵀ K w_k,   dualProjections_k[i] = u_iᵀ w_k  (linear output)
  /// ```
  /// Source: shared/science/karakida.md §3 (Theorem 3.2), §6. Complexity: O(C′·N·t·C′).
  public func meanGradientOverlap(vectors u: Matrix, values: [Double]) -> MeanGradientOverlap? {
    guard let contractions else { return nil }
    let n = samples
    let top = values.count
    let projections = contractions.weighted.map { y in
      (0..<top).map { i in (0..<size).reduce(0) { $0 + u[$1, i] * y[$1] } }
    }
    let dualProjections: [[Double]]? =
      request.output == .linear
      ? (0..<blocks).map { b in (0..<top).map { i in ((b * n)..<((b + 1) * n)).reduce(0) { $0 + u[$1, i] } } }
      : nil
    return MeanGradientOverlap(
      projections: projections, dualProjections: dualProjections, eigenvalues: values,
      norms: contractions.norms, scale: scale, samples: n)
  }
}
