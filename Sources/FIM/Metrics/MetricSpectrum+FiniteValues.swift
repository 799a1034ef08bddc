// The finite-value policy of a measured spectrum: every statistic finite, or an error naming the quantity;
// a rank-0 spectrum is reported as degenerate, with its cause.
import Spectra

extension MetricSpectrum {
  /// Checks that every statistic that must be a number is finite.
  ///
  /// ```
  /// m = Σλ/D, s = Σλ²/D, λ_max, top-C mean, trace, overlaps     finite, or an error naming the quantity
  /// ```
  ///
  /// The eigenvalues themselves are already finite (``SpectralHealth`` refuses a non-finite dual), so a
  /// failure here is an overflow of a sum or square: eigenvalues near `√Double.greatestFiniteMagnitude`
  /// (≈ 1.3e154), typically a network whose scale grows with depth (σ_w² above the edge of chaos).
  ///
  /// - Throws: ``ConfigurationError`` whose field is the quantity (`s`, `m`, …), naming λ_max and the
  ///   architecture.
  func checkFinite(_ architecture: NetworkArchitecture) throws(ConfigurationError) {
    let quantities: [(String, String, Double)] = [
      ("m", "the mean eigenvalue Σλ/D", statistics.mean),
      ("s", "the second moment Σλ²/D", statistics.secondMoment),
      ("lambda_max", "the largest eigenvalue", statistics.largest),
      ("top_c_mean", "the mean of the top \(topCount) eigenvalues", topMean),
      ("trace", "the trace of the dual", trace),
    ]
    let overlaps = (overlap?.parameterSpace ?? []) + (overlap?.dualSpace ?? [])
    let named = quantities + overlaps.map { ("overlap", "a mean-gradient overlap", $0) }
    guard let (field, what, value) = named.first(where: { !$0.2.isFinite }) else { return }
    throw ConfigurationError(
      field: field,
      "\(what) is \(value), not a finite number (λ_max = \(statistics.largest)): the spectrum of this "
        + "\(architecture.activation.rawValue) network with σ_w² = \(architecture.sigmaW2) and depth "
        + "\(architecture.depth) overflows double precision; lower --sigma-w2 or --depth")
  }

  /// Why a spectrum with every eigenvalue zero (numerical rank 0) is so, or `nil` when the rank is positive.
  ///
  /// A rank-0 spectrum is a legitimate answer, not a numerical failure: with softmax output it means the
  /// softmax is saturated (each sample's largest probability rounds to 1, so `Q(n) = diag(g) − ggᵀ = 0`);
  /// otherwise every gradient vanishes (e.g. σ_w² = 0 below the last layer of a bias-free network).
  static func degeneracy(
    health: SpectralHealth, eigenvalues: [Double], weighting: SoftmaxCovariance?
  ) -> String? {
    guard health.numericalRank == 0, eigenvalues.allSatisfy({ $0 == 0 }) else { return nil }
    if let weighting {
      let p = weighting.probabilities
      let saturated = (0..<p.rows).allSatisfy { n in (0..<p.columns).contains { p[n, $0] == 1 } }
      if saturated {
        return "rank 0 (softmax saturated: every sample's largest probability is 1 to double precision, "
          + "so diag(g) − ggᵀ = 0)"
      }
    }
    return "rank 0 (every eigenvalue is zero: the gradients vanish)"
  }
}
