// The predicted bulk of the FIM/NTK dual in the linear-width regime: a Wishart-chain deterministic equivalent.
import Spectra

/// The linear-width (N/M, N/M₀ fixed) prediction of the bulk of the dual of the Fisher information
/// (linear output) or the NTK, with no fitted parameter.
///
/// Per output block, at leading order (`docs/bulk-theory.md` §2–3):
///
/// ```
/// dual block ≈ σ · [ Σ_{l=1}^{L} w_l q̃₂ˡ Gˡ⁻¹ + r I ]   + low rank (the C outliers) + omitted terms
/// r = Σ_l (q̃₁ˡ − q̃₂ˡ)(w_l q̂₁ˡ⁻¹ + v)
/// Gˡ = Hˡ Hˡᵀ/M_l (N × N),   G⁰ ~ MP(N/M₀),   Gˡ | Gˡ⁻¹ ~ sample covariance with
///        population cₗ I + sₗ Gˡ⁻¹,   sₗ = σ_w² I_φ′[q₁ˡ, q₂ˡ],   cₗ = q̂₁ˡ − q̂₂ˡ − I_φ′[q₁ˡ, q₂ˡ](q₁ˡ − q₂ˡ)
/// ```
///
/// with `(w_l, v) = (M_{l−1}, 1)` in the standard and `(σ_w², σ_b²)` in the NTK parameterisation, and
/// `σ = 1/N` for the FIM (`F* = K/N`) or 1 for the NTK. The C output blocks share this law (cross-output
/// blocks are `O(√M)` against an `O(M)` bulk in the standard parameterisation). The population linearisation
/// `E[φ(u)φ(u)ᵀ] ≈ cI + s·Σ + rank one` is El Karoui's (2010) and Fan & Wang's (2020); the law of the
/// combination is `WishartChain`.
///
/// **Exact at leading order** for one hidden layer (L = 2, standard parameterisation or σ_b = 0) and for
/// centred hidden layers (q̂₂ˡ = 0 for 1 ≤ l ≤ L−2). Otherwise it omits `w_l q̂₂ˡ⁻¹ (DˡDˡᵀ − E)` (the
/// fluctuation of the backward Gram times the mean feature overlap, 2 ≤ l ≤ L−1) and, in the NTK
/// parameterisation with σ_b > 0, the bias fluctuation `σ_b²(DˡDˡᵀ − E)`: both have the order of the bulk
/// (``isLeadingOrderExact`` is false and the measured distance says how much they matter).
///
/// Sources: Fan & Wang, NeurIPS 2020 (CK recursion, NTK as `r₊I + Σ q_ℓ X_ℓᵀX_ℓ`; their statements are
/// unverified here, see `docs/bulk-theory.md` §1); Pennington & Worah, NeurIPS 2017 and 2018; Louart,
/// Liao & Couillet, AAP 2018; Karakida et al. for q, q̂, q̃ (`shared/science/karakida.md` §2).
public struct BulkPrediction: Sendable {
  /// The Gram chain G⁰ … G^{L−1}.
  public let chain: WishartChain
  /// `β_{l−1} = σ w_l q̃₂ˡ`, l = 1 … L.
  public let coefficients: [Double]
  /// `σ r`, the identity part.
  public let shift: Double
  /// Output blocks C (1 with an output index).
  public let blocks: Int
  /// The mean-field outlier `σ Σ_l [w_l(q̃₁ˡq̂₁ˡ⁻¹ + (N−1)q̃₂ˡq̂₂ˡ⁻¹) + v(q̃₁ˡ + (N−1)q̃₂ˡ)]` (C-fold).
  public let outlierValue: Double
  /// Dual eigenvalues that are exactly 0 by construction (C with mean subtraction, else 0).
  public let exactZeroCount: Int
  /// Whether the metric's outliers are removed by construction (mean subtraction).
  public let meanSubtracted: Bool
  /// Whether no term of the bulk's order is omitted (see the type's discussion).
  public let isLeadingOrderExact: Bool

  /// The prediction for `request` on `architecture` with N Gaussian inputs.
  ///
  /// - Throws: `ConfigurationError` (field `metric`) for metrics other than the Fisher with linear output
  ///   and the NTK (whole, per output or mean-subtracted); (field `depth`) for L < 2.
  public init(
    architecture: NetworkArchitecture, samples: Int, request: MetricRequest,
    integration: GaussianIntegration = .default
  ) throws(ConfigurationError) {
    guard request.kind == .fisher || request.kind == .ntk, request.output == .linear, request.layer == nil
    else {
      throw ConfigurationError(
        field: "metric",
        "the bulk theory covers the Fisher with linear output and the NTK (not blocks, softmax or feature metrics)"
      )
    }
    guard samples >= 2 else { throw ConfigurationError(field: "samples", "need N ≥ 2, got \(samples)") }
    let net = try MeanFieldNetwork(architecture: architecture, referenceWidth: architecture.widths[1])
    let p = try OrderParameters(net)
    let integrator = try GaussianIntegrator(activation: architecture.activation, integration: integration)
    let depth = architecture.depth
    let n = Double(samples)
    let ntkParam = architecture.parameterisation == .ntk
    let sigma = request.kind == .fisher ? 1 / n : 1
    var levels: [WishartChain.Level] = []
    for l in 1..<depth {
      let m = integrator.moments(variance: p.q1(layer: l), covariance: p.q2(layer: l))
      let b = m.derivativeCrossMoment
      let c = p.qHat1(layer: l) - p.qHat2(layer: l) - b * (p.q1(layer: l) - p.q2(layer: l))
      levels.append(
        WishartChain.Level(
          ratio: n / Double(architecture.widths[l]), floor: max(0, c), slope: architecture.sigmaW2 * b))
    }
    do {
      chain = try WishartChain(inputRatio: n / Double(architecture.widths[0]), levels: levels)
    } catch { throw ConfigurationError(field: "width", error.description) }
    var beta: [Double] = []
    var r = 0.0
    var outlier = 0.0
    for l in 1...depth {
      let w = ntkParam ? architecture.sigmaW2 : Double(architecture.widths[l - 1])
      let v = ntkParam ? architecture.sigmaB2 : 1
      let (t1, t2) = (p.qTilde1(layer: l), p.qTilde2(layer: l))
      beta.append(sigma * w * t2)
      r += (t1 - t2) * (w * p.qHat1(layer: l - 1) + v)
      outlier +=
        w * (t1 * p.qHat1(layer: l - 1) + (n - 1) * t2 * p.qHat2(layer: l - 1)) + v * (t1 + (n - 1) * t2)
    }
    coefficients = beta
    shift = sigma * r
    outlierValue = sigma * outlier
    blocks = request.outputIndex == nil ? architecture.outputs : 1
    meanSubtracted = request.meanSubtracted
    exactZeroCount = request.meanSubtracted ? blocks : 0
    let centredHidden = depth <= 2 || (1...(depth - 2)).allSatisfy { abs(p.qHat2(layer: $0)) < 1e-12 }
    isLeadingOrderExact = centredHidden && (!ntkParam || architecture.sigmaB2 == 0 || depth == 1)
  }

  /// The Stieltjes transform `m(z) = ∫ dμ(λ)/(λ − z)` of the predicted bulk (nil if the solver fails).
  public func stieltjes(_ z: ComplexNumber, guess: inout WishartChain.Guess) -> ComplexNumber? {
    chain.traces(coefficients: coefficients.map { ComplexNumber($0) }, at: z - shift, guess: &guess)?[0]
  }

  /// A range that contains the bulk: `[shift, shift + Σ β_j u_j]` with `u₀ = (1 + √γ₀)²`,
  /// `u_j = (1 + √γ_j)²(c_j + s_j u_{j−1})` (norm bounds of the Grams), padded by 5 %.
  public var bracket: (lower: Double, upper: Double) {
    var u = (1 + chain.base.ratio.squareRoot()) * (1 + chain.base.ratio.squareRoot())
    var top = shift + max(0, coefficients[0]) * u
    var bottom = shift + min(0, coefficients[0]) * u
    for (j, level) in chain.levels.enumerated() {
      let g = (1 + level.ratio.squareRoot()) * (1 + level.ratio.squareRoot())
      u = g * (abs(level.floor) + abs(level.slope) * u)
      top += max(0, coefficients[j + 1]) * u
      bottom += min(0, coefficients[j + 1]) * u
    }
    let pad = 0.05 * max(top - bottom, abs(shift) * 1e-3, 1e-300)
    return (bottom - pad, top + pad)
  }

  /// The predicted bulk law, tabulated by Stieltjes inversion (`StieltjesInversion`).
  ///
  /// - Parameter points: grid nodes of the fine pass.
  /// - Throws: `ConfigurationError` (field `bulk-theory`) when the solver finds no density.
  public func law(points: Int = 2000) throws(ConfigurationError) -> TabulatedSpectralLaw {
    var guess = WishartChain.Guess(depth: chain.depth)
    let (lo, hi) = bracket
    do {
      return try StieltjesInversion.law(lower: lo, upper: hi, points: points) { z in
        stieltjes(z, guess: &guess)
      }
    } catch { throw ConfigurationError(field: "bulk-theory", error.description) }
  }
}
