// How much of each mean-gradient direction lies in the span of the top eigenvectors (Theorem 3.2 / §6).

/// For each output k, the fraction of the mean gradient `ḡ_k = (1/N) Σ_n ∇f_k(n)` (parameter space, or
/// h-space for the feature metric) that lies in the span of the metric's top eigenvectors (cos² of the
/// angle between `ḡ_k` and that span; 1 means `ḡ_k` is in it).
///
/// ```
/// metric = Jᵀℬℬᵀ J / c,  dual = ℬᵀKℬ/c = Σ_i λ_i u_i u_iᵀ,  parameter eigenvectors v_i = Jᵀℬu_i/√(cλ_i)
/// w_k = e_k ⊗ 1_N,  ḡ_k ∝ Jᵀ w_k,  ‖Jᵀw_k‖² = w_kᵀ K w_k
/// parameterSpace_k = Σ_{i ∈ top} (u_iᵀ ℬᵀ K w_k)² / (c·λ_i · w_kᵀ K w_k)
/// dualSpace_k      = Σ_{i ∈ top} (u_iᵀ w_k)² / N       (linear output only: the science document's check)
/// ```
///
/// Source: shared/science/karakida.md §3 (Theorem 3.2: the C outliers are spanned by the mean gradients;
/// dual overlap 0.995 at M = 800) and §6 (0.997 for the input metric).
///
/// Complexity: O(C·N·C) given `K w_k` and the top eigenvectors. Implementation Notes: parameter-space
/// eigenvectors and mean gradients are never formed; everything is contracted through the dual.
public struct MeanGradientOverlap: Sendable, Codable, Equatable {
  /// Fraction of `ḡ_k` in the span of the top eigenvectors of the metric, per output k.
  public let parameterSpace: [Double]
  /// Fraction of `e_k ⊗ 1_N/√N` in the span of the top dual eigenvectors (linear output), per output k.
  public let dualSpace: [Double]?
  /// Number of top eigenvectors used.
  public let topCount: Int

  /// The overlaps from precomputed contractions.
  ///
  /// - Parameters:
  ///   - projections: `projections[k][i] = u_iᵀ ℬᵀ K w_k` over the top eigenvectors i.
  ///   - dualProjections: `u_iᵀ w_k`, for linear output.
  ///   - eigenvalues: the top dual eigenvalues λ_i (same order as i).
  ///   - norms: `w_kᵀ K w_k`.
  ///   - scale: the dual's normalisation c (N for F and A, 1 for Θ).
  ///   - samples: N.
  public init(
    projections: [[Double]], dualProjections: [[Double]]?, eigenvalues: [Double], norms: [Double],
    scale: Double, samples: Int
  ) {
    let largest = eigenvalues.max() ?? 0
    var p: [Double] = []
    for (k, proj) in projections.enumerated() {
      var sum = 0.0
      for (i, x) in proj.enumerated() where eigenvalues[i] > 1e-12 * largest {
        sum += x * x / (scale * eigenvalues[i])
      }
      p.append(norms[k] > 0 ? sum / norms[k] : 0)
    }
    parameterSpace = p
    dualSpace = dualProjections.map { rows in
      rows.map { r in r.reduce(0) { $0 + $1 * $1 } / Double(samples) }
    }
    topCount = eigenvalues.count
  }
}
