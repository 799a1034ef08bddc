// When and how a measured spectrum is compared with the predicted bulk (docs/bulk-theory.md).
import FIM
import Spectra

/// Runs ``BulkComparison`` for a spectrum when the theory covers it, or says why not.
enum BulkTheoryRun {
  /// The deepest network compared by default: the solver nests one fixed point per hidden layer.
  static let maximumDepth = 4

  /// The comparison, its prediction, or a note (one of the three is non-nil unless `skipped`).
  static func compare(
    _ spectrum: MetricSpectrum, architecture arch: NetworkArchitecture, samples: Int, sampled: Bool,
    skipped: Bool
  ) -> (BulkComparison?, BulkPrediction?, String?) {
    if skipped { return (nil, nil, "not requested (--no-theory)") }
    guard sampled else { return (nil, nil, "the bulk theory assumes Gaussian inputs (a sampled network)") }
    guard arch.depth >= 2, arch.depth <= maximumDepth else {
      return (nil, nil, "the bulk theory is computed for depths 2…\(maximumDepth)")
    }
    do {
      let prediction = try BulkPrediction(architecture: arch, samples: samples, request: spectrum.request)
      let comparison = try BulkComparison(eigenvalues: spectrum.eigenvalues, prediction: prediction)
      return (comparison, prediction, nil)
    } catch {
      return (nil, nil, error.description)
    }
  }
}
