// The Gauss quadrature rule of one Lanczos run: nodes = Ritz values, weights = squared FIRST components.

/// The `m`-point Gauss quadrature rule for the spectral measure `μ_v = Σᵢ (vᵀuᵢ)²·δ_{λᵢ}` of a unit
/// vector `v`, built from the Lanczos coefficients of `(A, v)`.
///
/// ```
/// T = tridiag(β, α, β) = S·diag(θ)·Sᵀ      (dstev)
/// nodes θ_j,   weights τ_j = (e₁ᵀ s_j)² = S_{1j}²,   Σ_j τ_j f(θ_j) = e₁ᵀ f(T) e₁ ≈ vᵀ f(A) v
/// ```
/// exact for every polynomial `f` of degree ≤ 2m − 1 (Golub & Welsch, Math. Comp. 23 (1969) 221;
/// Golub & Meurant, *Matrices, Moments and Quadrature* (2010), Thm 6.6). The weights are the squared
/// **first** components of the eigenvectors of `T`: PyHessian used the squared eigenvector entries of
/// the wrong index until its PR #23.
///
/// Keeping `α` and `β` lets a user rebuild the rule (or a kernel-polynomial estimate) without the
/// operator: ``init(alpha:beta:residualNorm:)``.
public struct LanczosQuadrature: Sendable, Equatable, Codable {
  /// `α₁ … α_m`, the diagonal of `T`.
  public let alpha: [Double]
  /// `β₁ … β_{m−1}`, the off-diagonal of `T`.
  public let beta: [Double]
  /// `β_m = ‖r_m‖`, the norm of the last residual (0 when the Krylov space became invariant).
  public let residualNorm: Double
  /// The nodes `θ₁ < … < θ_m` (Ritz values).
  public let nodes: [Double]
  /// The weights `τ_j = (e₁ᵀ s_j)²`, summing to 1.
  public let weights: [Double]
  /// `β_m·|e_mᵀ s_j|`: the residual norm of Ritz pair `j`, so an eigenvalue of `A` lies within it of `θ_j`.
  public let nodeResidualBounds: [Double]

  /// The rule of the Jacobi matrix with diagonal `alpha` and off-diagonal `beta`.
  ///
  /// - Throws: `.invalidInput` when `beta.count ≠ alpha.count − 1`, `alpha` is empty or an entry is
  ///   not finite; `.noConvergence` from dstev.
  /// - Complexity: O(m³) (dstev with vectors).
  public init(alpha: [Double], beta: [Double], residualNorm: Double = 0) throws(LinearAlgebraError) {
    guard !alpha.isEmpty, beta.count == alpha.count - 1 else {
      throw LinearAlgebraError(
        .invalidInput, "a Jacobi matrix needs m ≥ 1 α's and m − 1 β's, got \(alpha.count) and \(beta.count)")
    }
    guard (alpha + beta + [residualNorm]).allSatisfy(\.isFinite) else {
      throw LinearAlgebraError(.nonFinite, "Lanczos coefficients hold NaN or ±∞")
    }
    let m = alpha.count
    let (theta, s) = try LAPACK.dstev(diagonal: alpha, offDiagonal: beta)
    self.alpha = alpha
    self.beta = beta
    self.residualNorm = residualNorm
    nodes = theta
    weights = (0..<m).map { s[0, $0] * s[0, $0] }
    nodeResidualBounds = (0..<m).map { abs(residualNorm * s[m - 1, $0]) }
  }

  /// `Σ_j τ_j·f(θ_j)`, the quadrature estimate of `vᵀ f(A) v`.
  public func integrate(_ f: (Double) -> Double) -> Double {
    zip(nodes, weights).reduce(0) { $0 + $1.1 * f($1.0) }
  }
}
