// Leading-order statistics of the input (l = 0) and feature (l ≥ 1) metric A^l = (1/N) Σ_n Σ_k ∇_h f_k ∇_h f_kᵀ.
import Spectra

/// Mean-field predictions for the metric of input or feature space at layer l,
/// `Aˡ = (1/N) Σ_n Σ_k ∇_{hˡ} f_k(n) ∇_{hˡ} f_k(n)ᵀ` (`M_l × M_l`), summed over outputs or for one output.
///
/// With `t₁ = q̃₁ˡ⁺¹`, `t₂ = q̃₂ˡ⁺¹` and `M_l = α_l M`:
/// ```
/// summed over outputs:
///   m_λ   ≃ C σ_w² t₁ / (α_l M)
///   s_λ   ≃ C σ_w⁴ / (α_l M) · (t₁²/N + (N−1)/N t₂²)
///   λ_max ≃ σ_w² ((N−1)/N t₂ + t₁/N)          (C-fold)
/// per output (A_k): the same without the factor C in m and s; λ_max unchanged, not degenerate.
/// ```
/// The mean is O(1/M) while λ_max is O(1). These outliers need q̃₂ˡ⁺¹ > 0 (correlated backward signals),
/// not κ₂ > 0: they exist for centred networks too. At l = L−1, `∇_h f_k = W^L_k`, and the top eigenvalues
/// sit near the Marchenko–Pastur edge `σ_w² (1 + √(C/M))²` at finite M.
///
/// Source: `shared/science/karakida.md` §6.
public struct InputMetricPrediction: Sendable, Equatable, Codable {
  /// The layer l (0: input space; 1 … L−1: feature spaces).
  public let layer: Int
  /// Number of outputs C.
  public let outputs: Int
  /// Number of samples N.
  public let samples: Int
  /// Statistics of the metric summed over outputs.
  public let summed: Statistics
  /// Statistics of the metric of one output.
  public let perOutput: Statistics

  /// m, s, λ_max of one metric.
  public struct Statistics: Sendable, Equatable, Codable {
    /// m_λ ∝ M⁻¹.
    public let mean: PredictedStatistic
    /// s_λ ∝ M⁻¹.
    public let secondMoment: PredictedStatistic
    /// λ_max ∝ M⁰.
    public let lambdaMax: PredictedStatistic
  }

  /// The predictions at layer l.
  ///
  /// - Throws: `ConfigurationError` (fields `layer`, `outputs`, `samples`) for l outside 0 … L−1,
  ///   C < 1 or N < 1.
  public init(_ p: OrderParameters, layer l: Int, outputs: Int, samples: Int) throws(ConfigurationError) {
    guard (0..<p.depth).contains(l) else {
      throw ConfigurationError(field: "layer", "the metric layer must be in 0…\(p.depth - 1), got \(l)")
    }
    guard outputs >= 1 else {
      throw ConfigurationError(field: "outputs", "the number of outputs must be positive, got \(outputs)")
    }
    guard samples >= 1 else {
      throw ConfigurationError(field: "samples", "the number of samples must be positive, got \(samples)")
    }
    let sw2 = p.network.sigmaW2
    let ratio = p.network.widthRatio(layer: l)
    let t1 = p.qTilde1(layer: l + 1)
    let t2 = p.qTilde2(layer: l + 1)
    let (single, pair) = RegressionFisherPrediction.sampleWeights(samples)
    let m = sw2 * t1 / ratio
    let s = sw2 * sw2 / ratio * (t1 * t1 * single + pair * t2 * t2)
    let top = sw2 * (pair * t2 + t1 * single)
    let c = Double(outputs)
    layer = l
    self.outputs = outputs
    self.samples = samples
    summed = Statistics(
      mean: PredictedStatistic(.mean, prefactor: c * m, widthExponent: -1),
      secondMoment: PredictedStatistic(.secondMoment, prefactor: c * s, widthExponent: -1),
      lambdaMax: PredictedStatistic(.lambdaMax, prefactor: top, widthExponent: 0, degeneracy: outputs))
    perOutput = Statistics(
      mean: PredictedStatistic(.mean, prefactor: m, widthExponent: -1),
      secondMoment: PredictedStatistic(.secondMoment, prefactor: s, widthExponent: -1),
      lambdaMax: PredictedStatistic(.lambdaMax, prefactor: top, widthExponent: 0))
  }
}
