// Leading-order statistics of the regression (linear-output) FIM: m, s, λ_max, blocks, mean subtraction.
import Spectra

/// Mean-field predictions for the empirical FIM of a linear-output network, `F = (1/N) Σ_n Σ_k ∇f_k ∇f_kᵀ`.
///
/// Statistics are over all P ≃ αM² eigenvalues, zeros included (convention 1):
/// ```
/// m_λ   ≃ κ₁ C / M
/// s_λ   ≃ α C ((N−1)/N κ₂² + κ₁²/N)          N → ∞:  α C κ₂²
/// λ_max ≃ α ((N−1)/N κ₂ + κ₁/N) M  (C-fold)  N → ∞:  α κ₂ M
/// mean-subtracted FIM (f − mean over samples): top eigenvalue ≳ α (κ₁ − κ₂) M / N
/// ```
/// The rest of the dual spectrum is `α M (κ₁ − κ₂)/N` with multiplicity C(N−1); P − CN eigenvalues are 0.
/// Compare λ_max with the mean of the top C eigenvalues (convention 4). The mean-subtracted value is a
/// leading-order lower bound (measured 1.8–3.6× larger at M = 800 … 200, N = 100).
///
/// Source: `shared/science/karakida.md` §3 (Theorem 3.1, mean subtraction eq. 22, diagonal blocks).
public struct RegressionFisherPrediction: Sendable, Equatable, Codable {
  /// Number of outputs C.
  public let outputs: Int
  /// Number of samples N; `nil` for the expected FIM (N → ∞).
  public let samples: Int?
  /// m_λ ≃ κ₁ C · M⁻¹.
  public let mean: PredictedStatistic
  /// s_λ ≃ α C ((N−1)/N κ₂² + κ₁²/N) · M⁰ (withheld for a centred network).
  public let secondMoment: PredictedStatistic
  /// λ_max ≃ α ((N−1)/N κ₂ + κ₁/N) · M¹, C-fold degenerate (withheld for a centred network).
  public let lambdaMax: PredictedStatistic
  /// The mean-subtracted FIM's leading-order top eigenvalue α (κ₁ − κ₂)/N · M¹ (0 for N → ∞).
  public let meanSubtractedLambdaMax: PredictedStatistic
  /// Predictions for each diagonal block F_ll, l = 1 … L.
  public let blocks: [FisherBlockPrediction]
  /// Whether the outlier predictions apply.
  public let applicability: TheoryApplicability

  /// The predictions for C outputs and N samples (`nil`: N → ∞).
  ///
  /// - Throws: `ConfigurationError` (fields `outputs`, `samples`) for C < 1 or N < 1.
  public init(_ parameters: OrderParameters, outputs: Int, samples: Int?) throws(ConfigurationError) {
    guard outputs >= 1 else {
      throw ConfigurationError(field: "outputs", "the number of outputs must be positive, got \(outputs)")
    }
    if let samples, samples < 1 {
      throw ConfigurationError(field: "samples", "the number of samples must be positive, got \(samples)")
    }
    let k = MeanFieldConstants(parameters)
    let applicability = TheoryApplicability.outliers(parameters, k)
    let ok = applicability.isApplicable
    let c = Double(outputs)
    // Weights of the 1/N and (N−1)/N terms; N → ∞ gives (0, 1).
    let (single, pair) = Self.sampleWeights(samples)
    self.outputs = outputs
    self.samples = samples
    self.mean = PredictedStatistic(.mean, prefactor: k.kappa1 * c, widthExponent: -1)
    self.secondMoment = PredictedStatistic(
      .secondMoment,
      prefactor: ok ? k.alpha * c * (pair * k.kappa2 * k.kappa2 + single * k.kappa1 * k.kappa1) : nil,
      widthExponent: 0)
    self.lambdaMax = PredictedStatistic(
      .lambdaMax, prefactor: ok ? k.alpha * (pair * k.kappa2 + single * k.kappa1) : nil, widthExponent: 1,
      degeneracy: outputs)
    self.meanSubtractedLambdaMax = PredictedStatistic(
      .lambdaMax, prefactor: ok ? k.alpha * (k.kappa1 - k.kappa2) * single : nil, widthExponent: 1)
    self.blocks = (1...parameters.depth).map {
      FisherBlockPrediction(parameters, layer: $0, outputs: outputs, samples: samples, applicable: ok)
    }
    self.applicability = applicability
  }

  /// `(1/N, (N−1)/N)`, or `(0, 1)` for N → ∞.
  static func sampleWeights(_ samples: Int?) -> (single: Double, pair: Double) {
    guard let samples else { return (0, 1) }
    let n = Double(samples)
    return (1 / n, (n - 1) / n)
  }

  /// The scale-free mean `m·M/C = κ₁`.
  public var meanTimesWidthOverOutputs: Double { mean.prefactor! / Double(outputs) }
  /// The scale-free second moment `s/C`, or `nil` when withheld.
  public var secondMomentOverOutputs: Double? { secondMoment.prefactor.map { $0 / Double(outputs) } }
  /// The scale-free top eigenvalue `λ_max/M`, or `nil` when withheld.
  public var lambdaMaxOverWidth: Double? { lambdaMax.prefactor }
}
