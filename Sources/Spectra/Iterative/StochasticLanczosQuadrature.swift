// Stochastic Lanczos quadrature: the spectral measure of a matrix-free operator from random probes.

/// The distribution of SLQ probe vectors (all normalised to unit length).
public enum ProbeDistribution: String, Sendable, Equatable, Codable, CaseIterable {
  /// `v = z/√n`, `zᵢ = ±1` with probability ½ (Hutchinson 1990).
  case rademacher
  /// `v = g/‖g‖`, `g ~ N(0, I)`: uniform on the unit sphere, the setting of Chen, Trogdon & Ubaru's bounds.
  case sphere
}

/// Stochastic Lanczos quadrature (SLQ) of the empirical spectral measure `μ = (1/n) Σᵢ δ_{λᵢ}`.
///
/// ```
/// v_ℓ unit probes, ℓ = 1…n_v;   μ̂ = (1/n_v) Σ_ℓ Σ_j τ_j^(ℓ) δ_{θ_j^(ℓ)}
/// ```
/// with `(θ^(ℓ), τ^(ℓ))` the `m`-point Gauss rule of probe `ℓ` (``LanczosQuadrature``). Since
/// `E[v vᵀ] = I/n`, `E ∫f dμ̂ = (1/n) tr f(A)` for polynomials of degree ≤ 2m − 1 (Ubaru, Chen & Saad,
/// SIAM J. Matrix Anal. Appl. 38 (2017) 1075; Lin, Saad & Yang, SIAM Rev. 58 (2016) 34, §3.2).
///
/// **Deflation.** Given `k` exact top eigenpairs `(λᵢ, uᵢ)` (``TopEigenpairs`` with vectors), the
/// probes are drawn in the complement `span(U)^⊥` (projected, then normalised; a projected Gaussian is
/// uniform on that sphere) and Lanczos runs on `P·A·P`, `P = I − U·Uᵀ`. The estimate is then
/// ```
/// μ̂ = (1/n) Σᵢ δ_{λᵢ}  +  ((n − k)/n)·(1/n_v) Σ_ℓ Σ_j τ_j^(ℓ) δ_{θ_j^(ℓ)}
/// ```
/// so the outliers, which one probe sees with weight ≈ 1/n and a histogram cannot resolve, are exact.
///
/// Complexity: `n_v·m` products of single columns, `8·n·m²·n_v` flops of reorthogonalisation, `n_v`
/// tridiagonal eigenproblems of order `m`.
public struct StochasticLanczosQuadrature: Sendable {
  /// `m`, the Lanczos steps per probe.
  public var steps: Int
  /// `n_v`, the number of probes.
  public var probes: Int
  /// The probe distribution.
  public var distribution: ProbeDistribution
  /// The seed; probe `ℓ` draws from `RandomStream(seed: seed).child(ℓ)`.
  public var seed: UInt64
  /// Receives one event per finished probe (`slq`, done/total probes); nil: silent.
  public var progress: IterationProgressHandler? = nil

  /// A configuration; see the properties.
  public init(steps: Int, probes: Int, distribution: ProbeDistribution = .sphere, seed: UInt64 = 0) {
    self.steps = steps
    self.probes = probes
    self.distribution = distribution
    self.seed = seed
  }

  /// The SLQ estimate of the spectral measure of `op`, optionally with known top eigenpairs deflated.
  ///
  /// - Parameters:
  ///   - op: the operator.
  ///   - outliers: exact eigenpairs to remove first (must carry eigenvectors), or nil.
  /// - Throws: `.invalidInput` for `steps < 1`, `probes < 1`, `steps` larger than the dimension left
  ///   after deflation, or outliers without vectors; errors of the operator and of LAPACK.
  public func estimate<Operator: SymmetricOperator>(_ op: Operator, deflating outliers: TopEigenpairs? = nil)
    throws(LinearAlgebraError) -> SpectralQuadratureEstimate
  {
    let n = op.dimension
    let locked =
      try outliers.map { (pairs) throws(LinearAlgebraError) -> Matrix in
        guard let u = pairs.eigenvectors else {
          throw LinearAlgebraError(
            .invalidInput, "deflation needs the outliers' eigenvectors (vectors: true)")
        }
        return u
      } ?? Matrix(rows: n, columns: 0)
    let remaining = n - locked.columns
    guard probes >= 1, steps >= 1, steps <= remaining else {
      throw LinearAlgebraError(
        .invalidInput, "SLQ needs probes ≥ 1 and 1 ≤ steps ≤ n − k = \(remaining), got \(probes) and \(steps)"
      )
    }
    let master = RandomStream(seed: seed)
    var rules: [LanczosQuadrature] = []
    for probe in 0..<probes {
      let stream = master.child(UInt64(probe))
      let start: [Double] =
        switch distribution {
        case .rademacher: (0..<n).map { _ in stream.uniform() < 0.5 ? -1 : 1 }
        case .sphere: stream.gaussians(n)
        }
      rules.append(try LanczosTridiagonalization.run(op, start: start, steps: steps, orthogonalTo: locked))
      progress?(
        IterationProgress(
          phase: "slq", done: probe + 1, total: probes, detail: "\(steps) Lanczos steps per probe"))
    }
    return SpectralQuadratureEstimate(
      dimension: n, distribution: distribution, probes: rules,
      deflatedEigenvalues: outliers?.eigenvalues ?? [])
  }
}
