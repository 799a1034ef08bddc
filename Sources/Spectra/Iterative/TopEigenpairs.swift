// The result of the matrix-free top-k eigensolver: values, true residuals, convergence flags, cost.

/// The `k` largest eigenpairs of a ``SymmetricOperator`` found by ``BlockLanczos``.
///
/// Eigenvalues are in **descending** order (`eigenvalues[0]` is the largest), unlike
/// ``SymmetricEigen``'s ascending order; column `i` of ``eigenvectors`` belongs to `eigenvalues[i]`.
/// ``residualNorms`` are the true residuals `‖A·uᵢ − θᵢ·uᵢ‖₂` of the returned unit Ritz vectors
/// (computed from the stored block products, not from a recurrence), so by Weyl / Kahan an
/// eigenvalue of `A` lies within `residualNorms[i]` of `eigenvalues[i]`.
public struct TopEigenpairs: Sendable {
  /// The Ritz values `θ₁ ≥ θ₂ ≥ … ≥ θ_k`.
  public let eigenvalues: [Double]
  /// `‖A·uᵢ − θᵢ·uᵢ‖₂` for each Ritz pair.
  public let residualNorms: [Double]
  /// Whether `residualNorms[i] ≤ tolerance·|θ|_max`.
  public let converged: [Bool]
  /// The unit Ritz vectors `uᵢ` as columns (`n × k`), when requested.
  public let eigenvectors: Matrix?
  /// The relative tolerance the convergence test used.
  public let tolerance: Double
  /// `|θ|_max`, the largest Ritz value in magnitude over the whole basis (an estimate of `‖A‖₂`).
  public let normEstimate: Double
  /// Rayleigh–Ritz extractions performed (one per restart cycle).
  public let restarts: Int
  /// Block products `A·V` performed.
  public let blockProducts: Int
  /// Operator–vector products performed (columns of all blocks applied).
  public let matrixVectorProducts: Int

  /// Whether every wanted pair converged.
  public var allConverged: Bool { converged.allSatisfy { $0 } }
}
