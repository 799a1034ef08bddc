// Monte-Carlo distribution of λ_i(Q̄) over mean-field Gaussian logits, for softmax predictions without a network.
import Foundation
import Spectra

/// The distribution of the eigenvalues of Q̄ over random networks, with mean-field Gaussian logits.
///
/// In the mean-field limit the logits are Gaussian with the logit statistics (q₁ᴸ, q₂ᴸ):
/// ```
/// f_k(n) = √q₂ᴸ z_k + √(q₁ᴸ − q₂ᴸ) ξ_kn,   z_k, ξ_kn ~ N(0, 1) i.i.d.   (z shared across samples)
/// Q̄ = (1/N) Σ_n Q(n),   outlier_i ≃ α κ₂ M λ_i(Q̄)     (i = 1 … C − 1)
/// ```
/// Q̄ stays random per network as N → ∞ (z is shared), so the outliers vary from seed to seed.
/// Network r uses the stream `RandomStream(seed: seed).child(r)`: the draws are reproducible and do not
/// depend on the number of networks.
///
/// Source: `shared/science/karakida.md` §4 ("Dispersion") and §8 (last paragraph).
///
/// Complexity: O(R N C) exponentials and R eigen-decompositions of C × C matrices for R networks.
public struct SoftmaxOutlierMonteCarlo: Sendable, Equatable, Codable {
  /// Number of outputs C.
  public let outputs: Int
  /// Number of samples N per network.
  public let samples: Int
  /// The master seed.
  public let seed: UInt64
  /// `eigenvalues[r]`: the C eigenvalues of Q̄ of network r, descending.
  public let eigenvalues: [[Double]]
  /// The mean over networks of λ_i(Q̄), i = 1 … C (descending rank).
  public let meanEigenvalues: [Double]
  /// The standard deviation over networks of λ_i(Q̄) (0 for one network).
  public let standardDeviations: [Double]

  /// Draws `networks` sets of mean-field logits and the eigenvalues of their Q̄.
  ///
  /// - Parameters:
  ///   - q1: the logit variance q₁ᴸ ≥ 0.
  ///   - q2: the logit covariance q₂ᴸ with `0 ≤ q₂ᴸ ≤ q₁ᴸ`.
  ///   - outputs: C ≥ 2.
  ///   - samples: N ≥ 1.
  ///   - networks: R ≥ 1.
  ///   - seed: the master seed.
  /// - Throws: `ConfigurationError` naming the field for values out of range.
  public init(
    logitVariance q1: Double, logitCovariance q2: Double, outputs: Int, samples: Int, networks: Int,
    seed: UInt64
  ) throws(ConfigurationError) {
    guard q1.isFinite, q1 >= 0 else {
      throw ConfigurationError(field: "logit-variance", "q₁ᴸ must be finite and non-negative, got \(q1)")
    }
    guard q2.isFinite, q2 >= 0, q2 <= q1 else {
      throw ConfigurationError(field: "logit-covariance", "q₂ᴸ must satisfy 0 ≤ q₂ᴸ ≤ q₁ᴸ = \(q1), got \(q2)")
    }
    guard outputs >= 2 else {
      throw ConfigurationError(field: "outputs", "softmax needs at least 2 outputs, got \(outputs)")
    }
    guard samples >= 1 else {
      throw ConfigurationError(field: "samples", "the number of samples must be positive, got \(samples)")
    }
    guard networks >= 1 else {
      throw ConfigurationError(field: "networks", "the number of networks must be positive, got \(networks)")
    }
    let shared = q2.squareRoot()
    let own = (q1 - q2).squareRoot()
    let master = RandomStream(seed: seed)
    var all = [[Double]]()
    all.reserveCapacity(networks)
    for r in 0..<networks {
      let stream = master.child(UInt64(r))
      let z = stream.gaussians(outputs)
      var sum = Matrix(rows: outputs, columns: outputs)
      for _ in 0..<samples {
        let xi = stream.gaussians(outputs)
        let logits = (0..<outputs).map { shared * z[$0] + own * xi[$0] }
        sum.add(SoftmaxCovariance.matrix(logits: logits))
      }
      all.append(SoftmaxFisherPrediction.eigenvalues(sum.scaled(by: 1 / Double(samples))))
    }
    let count = Double(networks)
    let means = (0..<outputs).map { i in all.reduce(0) { $0 + $1[i] } / count }
    let deviations = (0..<outputs).map { i in
      networks > 1
        ? (all.reduce(0) { $0 + ($1[i] - means[i]) * ($1[i] - means[i]) } / (count - 1)).squareRoot() : 0
    }
    self.outputs = outputs
    self.samples = samples
    self.seed = seed
    self.eigenvalues = all
    self.meanEigenvalues = means
    self.standardDeviations = deviations
  }

  /// The draws for a network's own logit statistics (q₁ᴸ, q₂ᴸ) from its order parameters.
  ///
  /// - Throws: `ConfigurationError` as the designated initialiser (e.g. q₂ᴸ < 0 from negative input
  ///   correlations).
  public init(_ parameters: OrderParameters, outputs: Int, samples: Int, networks: Int, seed: UInt64)
    throws(ConfigurationError)
  {
    try self.init(
      logitVariance: parameters.logitVariance, logitCovariance: parameters.logitCovariance, outputs: outputs,
      samples: samples, networks: networks, seed: seed)
  }

  /// The predicted C − 1 outliers `α κ₂ E[λ_i(Q̄)] · M`, descending (withheld for a centred network).
  public func outliers(_ parameters: OrderParameters) -> [PredictedStatistic] {
    let k = MeanFieldConstants(parameters)
    let ok = TheoryApplicability.outliers(parameters, k).isApplicable
    return meanEigenvalues.prefix(outputs - 1).map {
      PredictedStatistic(.outlier, prefactor: ok ? k.alpha * k.kappa2 * $0 : nil, widthExponent: 1)
    }
  }
}
