// Stochastic Lanczos quadrature on a row-distributed operator: probes drawn by global row, every inner
// product reduced across ranks.

/// ``StochasticLanczosQuadrature`` for a ``DistributedSymmetricOperator``: the same Gauss rules, with the
/// probe vectors and the Lanczos basis split by rows across ranks.
///
/// ```
/// probe ℓ:  v(i) = RowIndexedGaussians(seed, tag ℓ, 0, global row i)   (sphere; rademacher: sign of it)
/// q₁ = v/‖v‖,  w = A·q_j,  α_j = Σ_r q_{j,r}ᵀw_r,  w ← w − Q_j(Q_jᵀw) twice,  β_j = ‖w‖   (sums by sumAll)
/// ```
/// Deflated outliers are the ranks' rows of their eigenvectors (``DistributedBlockLanczos`` with
/// `vectors: true`), projected out of the start vector and of every new vector. Every rank receives the
/// same α, β and so the same ``SpectralQuadratureEstimate``. The probes are addressed by global row, so
/// they do not depend on R; they differ from the single-process probes (a different random stream).
/// Source: Ubaru, Chen & Saad, SIAM J. Matrix Anal. Appl. 38 (2017) 1075; Parlett (1998) §13.2.
///
/// Communication per step: the operator's product, one sumAll of 1 (α), 2·m (Gram–Schmidt) and 1 (β)
/// doubles, plus 2·k per projection against k deflated vectors. Memory per rank: `n_r·m` doubles.
public struct DistributedStochasticLanczosQuadrature: Sendable {
  /// Lanczos steps m per probe (Gauss nodes per rule).
  public var steps: Int
  /// Number of probes.
  public var probes: Int
  /// Probe distribution.
  public var distribution: ProbeDistribution
  /// Seed of the probes.
  public var seed: UInt64

  /// An estimator; see the properties.
  public init(steps: Int, probes: Int, distribution: ProbeDistribution = .sphere, seed: UInt64 = 0) {
    self.steps = steps
    self.probes = probes
    self.distribution = distribution
    self.seed = seed
  }

  /// The SLQ estimate of `op`'s spectral measure, after deflating `outliers` (their eigenvectors are
  /// this rank's rows); collective.
  ///
  /// - Throws: `.invalidInput` for probes < 1, steps outside `1…n − k`, or outliers without vectors;
  ///   the operator's errors; LAPACK's from the Gauss rules.
  public func estimate<Operator: DistributedSymmetricOperator>(
    _ op: Operator, deflating outliers: TopEigenpairs? = nil
  ) throws(LinearAlgebraError) -> SpectralQuadratureEstimate {
    let n = op.dimension
    let rows = op.globalRows
    var locked = Matrix(rows: rows.count, columns: 0)
    if let outliers {
      guard let u = outliers.eigenvectors else {
        throw LinearAlgebraError(.invalidInput, "deflation needs the outliers' eigenvectors (vectors: true)")
      }
      locked = u
    }
    let remaining = n - locked.columns
    guard probes >= 1, steps >= 1, steps <= remaining else {
      throw LinearAlgebraError(
        .invalidInput, "SLQ needs probes ≥ 1 and 1 ≤ steps ≤ n − k = \(remaining), got \(probes) and \(steps)"
      )
    }
    var rules: [LanczosQuadrature] = []
    for probe in 0..<probes {
      var start = RowIndexedGaussians.block(rows: rows, columns: 1, seed: seed, tag: UInt64(probe))
      if distribution == .rademacher {
        start.modifyElements { e in for i in e.indices { e[i] = e[i] < 0 ? -1 : 1 } }
      }
      rules.append(try tridiagonalize(op, start: start, locked: locked))
    }
    return SpectralQuadratureEstimate(
      dimension: n, distribution: distribution, probes: rules,
      deflatedEigenvalues: outliers?.eigenvalues ?? [])
  }

  /// ``LanczosTridiagonalization`` with distributed vectors (same stopping rule).
  func tridiagonalize<Operator: DistributedSymmetricOperator>(
    _ op: Operator, start: Matrix, locked: Matrix
  ) throws(LinearAlgebraError) -> LanczosQuadrature {
    let comm = op.communicator
    let local = start.rows
    var basis = Matrix(rows: local, columns: steps)
    var q = DistributedBlocks.projectedOut(DistributedBlocks.projectedOut(start, locked, comm), locked, comm)
    q = q.scaled(by: 1 / DistributedBlocks.columnNorms(q, comm)[0])
    var alpha: [Double] = []
    var beta: [Double] = []
    var residualNorm = 0.0
    for j in 0..<steps {
      basis.elements.replaceSubrange((j * local)..<((j + 1) * local), with: q.elements)
      var w = try op.apply(q)
      let a = DistributedBlocks.cross(q, w, comm)[0, 0]
      alpha.append(a)
      w = DistributedBlocks.projectedOut(
        DistributedBlocks.projectedOut(DistributedBlocks.projectedOut(w, basis, comm), basis, comm), locked,
        comm)
      let b = DistributedBlocks.columnNorms(w, comm)[0]
      let scale = max(alpha.map(abs).max() ?? 0, beta.max() ?? 0)
      if j == steps - 1 || !(b > 1e-12 * scale) {
        residualNorm = b > 1e-12 * scale ? b : 0
        break
      }
      beta.append(b)
      q = w.scaled(by: 1 / b)
    }
    return try LanczosQuadrature(alpha: alpha, beta: beta, residualNorm: residualNorm)
  }
}
