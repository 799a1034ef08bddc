// The deterministic equivalent of a chain of sample-covariance Grams and of their linear combinations.

/// A chain of `N × N` Gram matrices in the linear-width regime, each a sample covariance whose population
/// is an affine function of the previous one:
///
/// ```
/// G⁰ ~ Marchenko–Pastur(γ₀)                       (e.g. XXᵀ/M₀, X with i.i.d. N(0, 1) entries, γ₀ = N/M₀)
/// Gʲ = (1/Mⱼ) Yⱼ Yⱼᵀ,  E[Yⱼ Yⱼᵀ/Mⱼ | Gʲ⁻¹] = Tⱼ = cⱼ I + sⱼ Gʲ⁻¹,   γⱼ = N/Mⱼ   (j = 1 … J)
/// ```
///
/// It returns the normalised traces of the resolvent of any combination `Σⱼ βⱼ Gʲ`:
///
/// ```
/// Q(z) = (Σ_{j=0}^{J} βⱼ Gʲ − z)⁻¹,     τ = ((1/N) tr Q, (1/N) tr G⁰Q, …, (1/N) tr Gᴶ Q)
/// ```
///
/// by the recursion (one scalar fixed point per level, Sherman–Morrison leave-one-out):
///
/// ```
/// Q ≈ Q̄ = (Σ_{j<J} βⱼ Gʲ + β_J T_J/(1 + δ) − z)⁻¹,      δ = γ_J β_J (1/N) tr(T_J Q̄)
///   = level J−1 resolvent with β′_{J−1} = β_{J−1} + β_J s_J/(1 + δ),  z′ = z − β_J c_J/(1 + δ)
/// (1/N) tr G_J Q ≈ (1/N) tr(T_J Q̄)/(1 + δ)
/// ```
///
/// and at level 0 the closed-form Marchenko–Pastur transform, `(1/N) tr(β₀G⁰ − z)⁻¹ = m_MP(z/β₀)/β₀`.
/// With a single level this is the Silverstein equation, i.e. the free multiplicative convolution
/// `μ_{Gʲ} = MP(γⱼ) ⊠ (cⱼ + sⱼ μ_{Gʲ⁻¹})` (Fan & Wang 2020, Thm 3.4 in its normalised form; unverified
/// against their text here). The combined resolvent is the deterministic equivalent of the NTK-type sums
/// `r I + Σ βⱼ Gʲ` of Fan & Wang (2020, Thm 3.7) and Adlam & Pennington (2020).
///
/// Sources: Silverstein & Bai, J. Multivariate Anal. 54 (1995) 175 (the equation with a population
/// matrix and an additive term commuting with it); Couillet & Debbah, *Random Matrix Methods for Wireless
/// Communications* (2011), Thm 3.13; Louart, Liao & Couillet, Ann. Appl. Probab. 28 (2018) 1190 (random
/// features: the vectors need only concentrate, not be Gaussian). Derivation: `docs/bulk-theory.md` §3.
///
/// Complexity: per point z, the product of the fixed-point iteration counts of the levels (a few tens
/// each with warm starts); O(1) at level 0.
public struct WishartChain: Sendable, Equatable {
  /// One level j ≥ 1 of the chain: `γⱼ = N/Mⱼ` and `Tⱼ = cⱼ I + sⱼ Gʲ⁻¹`.
  public struct Level: Sendable, Equatable {
    /// `γⱼ = N/Mⱼ` (dimension over number of samples).
    public let ratio: Double
    /// `cⱼ`, the identity part of the population.
    public let floor: Double
    /// `sⱼ`, the weight of the previous Gram in the population.
    public let slope: Double
    /// A level with `γⱼ`, `cⱼ`, `sⱼ`.
    public init(ratio: Double, floor: Double, slope: Double) {
      self.ratio = ratio
      self.floor = floor
      self.slope = slope
    }
  }

  /// The law of G⁰.
  public let base: MarchenkoPastur
  /// Levels 1 … J.
  public let levels: [Level]

  /// A chain on top of `G⁰ ~ MP(inputRatio)` (unit variance).
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for a non-positive ratio or a non-finite coefficient.
  public init(inputRatio: Double, levels: [Level]) throws(LinearAlgebraError) {
    base = try MarchenkoPastur(ratio: inputRatio)
    for (j, l) in levels.enumerated()
    where !(l.ratio > 0 && l.ratio.isFinite && l.floor.isFinite && l.slope.isFinite) {
      throw LinearAlgebraError(.invalidInput, "Wishart chain level \(j + 1) is not valid: \(l)")
    }
    self.levels = levels
  }

  /// Depth J (the highest Gram index).
  public var depth: Int { levels.count }

  /// Warm starts for the fixed points, one δ per level (reuse across neighbouring z).
  public struct Guess: Sendable {
    var deltas: [ComplexNumber]
    /// Zero start for a chain of depth J.
    public init(depth: Int) { deltas = [ComplexNumber](repeating: .zero, count: depth + 1) }
  }

  /// The traces `((1/N) tr Q, (1/N) tr G⁰Q, …, (1/N) tr Gᴶ Q)` of `Q = (Σ βⱼ Gʲ − z)⁻¹`.
  ///
  /// - Parameters:
  ///   - coefficients: `β₀ … β_J` (J + 1 values; complex values arise inside the recursion).
  ///   - z: a point with `Im z > 0` (for real β ≥ 0).
  ///   - guess: warm starts, updated in place.
  ///   - tolerance: relative tolerance of each fixed point.
  /// - Returns: the traces, or `nil` when a fixed point did not converge or left the finite numbers.
  public func traces(
    coefficients: [ComplexNumber], at z: ComplexNumber, guess: inout Guess, tolerance: Double = 1e-11
  ) -> [ComplexNumber]? {
    precondition(coefficients.count == depth + 1, "need β₀ … β_J, got \(coefficients.count)")
    return solve(level: depth, coefficients, z, &guess, tolerance)
  }

  private func solve(
    level j: Int, _ beta: [ComplexNumber], _ z: ComplexNumber, _ guess: inout Guess, _ tol: Double
  ) -> [ComplexNumber]? {
    if j == 0 { return baseTraces(beta[0], z) }
    let level = levels[j - 1]
    let bj = beta[j]
    if bj == .zero {
      guard var inner = solve(level: j - 1, Array(beta[0..<j]), z, &guess, tol) else { return nil }
      inner.append(level.floor * inner[0] + level.slope * inner[j])
      return inner
    }
    var delta = guess.deltas[j]
    var damping = 0.7
    var lastResidual = Double.infinity
    for _ in 0..<4000 {
      let d = ComplexNumber.one + delta
      var inner = Array(beta[0..<j])
      let slopeTerm: ComplexNumber = (bj * level.slope) / d
      let floorTerm: ComplexNumber = (bj * level.floor) / d
      inner[j - 1] = inner[j - 1] + slopeTerm
      let zInner = z - floorTerm
      guard let t = solve(level: j - 1, inner, zInner, &guess, tol) else { return nil }
      let traceT: ComplexNumber = level.floor * t[0] + level.slope * t[j]
      let updated: ComplexNumber = (level.ratio * bj) * traceT
      guard updated.isFinite else { return nil }
      let residual = (updated - delta).magnitude
      if residual <= tol * (1 + delta.magnitude) {
        guess.deltas[j] = updated
        var out = t
        out.append(traceT / (ComplexNumber.one + updated))
        return out
      }
      if residual > lastResidual { damping = max(0.05, damping * 0.5) }
      lastResidual = residual
      delta = (1 - damping) * delta + damping * updated
    }
    return nil
  }

  /// Level 0: `(1/N) tr(β₀G⁰ − z)⁻¹ = m(z/β₀)/β₀` and `(1/N) tr G⁰(β₀G⁰ − z)⁻¹ = (1 + z·that)/β₀`.
  private func baseTraces(_ b: ComplexNumber, _ z: ComplexNumber) -> [ComplexNumber]? {
    if b.magnitude <= 1e-300 {
      let q = -1 / z
      return [q, q]  // G⁰ has mean 1: (1/N) tr G⁰ = 1
    }
    let t = base.stieltjes(z / b) / b
    let tg = (ComplexNumber.one + z * t) / b
    guard t.isFinite, tg.isFinite else { return nil }
    return [t, tg]
  }
}
