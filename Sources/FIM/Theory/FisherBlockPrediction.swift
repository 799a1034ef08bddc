// Leading-order statistics of one diagonal block F_ll of the regression FIM (weights of layer l).

/// Mean-field predictions for the diagonal block `F_ll` (the weights of layer l, `M_l × M_{l−1}` of them).
///
/// With `A₁ = q̃₁ˡ q̂₁ˡ⁻¹`, `A₂ = q̃₂ˡ q̂₂ˡ⁻¹` and the actual widths `M_l` (`M_l = α_l M` for l < L,
/// `M_L = C`):
/// ```
/// m⁽ˡ⁾     ≃ C A₁ / M_l
/// s⁽ˡ⁾     ≃ C (M_{l−1}/M_l) (A₁²/N + (N−1)/N A₂²)
/// λ_max⁽ˡ⁾ ≃ M_{l−1} ((N−1)/N A₂ + A₁/N)       (C-fold)
/// ```
/// Hidden layers: m ∝ M⁻¹, s ∝ M⁰, λ_max ∝ M. Last layer (M_L = C): m ∝ M⁰, s ∝ M, λ_max ∝ M.
/// Caveat for l = 1: q̂₂⁰ = 0, so only the M/N term survives, and a finite N/M₀ inflates it by about
/// `(1 + √(N/M₀))²` (the Marchenko–Pastur edge of the input Gram).
///
/// Source: `shared/science/karakida.md` §3 ("Diagonal blocks").
public struct FisherBlockPrediction: Sendable, Equatable, Codable {
  /// The layer l (1 … L).
  public let layer: Int
  /// m⁽ˡ⁾.
  public let mean: PredictedStatistic
  /// s⁽ˡ⁾ (withheld for a centred network).
  public let secondMoment: PredictedStatistic
  /// λ_max⁽ˡ⁾, C-fold (withheld for a centred network).
  public let lambdaMax: PredictedStatistic

  init(_ p: OrderParameters, layer l: Int, outputs: Int, samples: Int?, applicable: Bool) {
    let c = Double(outputs)
    let (single, pair) = RegressionFisherPrediction.sampleWeights(samples)
    let a1 = p.qTilde1(layer: l) * p.qHat1(layer: l - 1)
    let a2 = p.qTilde2(layer: l) * p.qHat2(layer: l - 1)
    let before = p.network.widthRatio(layer: l - 1)  // M_{l−1} = before · M
    let isLast = l == p.depth
    let bracketS = a1 * a1 * single + pair * a2 * a2
    let bracketL = pair * a2 + a1 * single
    layer = l
    if isLast {
      mean = PredictedStatistic(.mean, prefactor: a1, widthExponent: 0)
      secondMoment = PredictedStatistic(
        .secondMoment, prefactor: applicable ? before * bracketS : nil, widthExponent: 1)
    } else {
      let ratio = p.network.widthRatio(layer: l)
      mean = PredictedStatistic(.mean, prefactor: c * a1 / ratio, widthExponent: -1)
      secondMoment = PredictedStatistic(
        .secondMoment, prefactor: applicable ? c * before / ratio * bracketS : nil, widthExponent: 0)
    }
    lambdaMax = PredictedStatistic(
      .lambdaMax, prefactor: applicable ? before * bracketL : nil, widthExponent: 1, degeneracy: outputs)
  }
}
