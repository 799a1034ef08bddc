// The softmax covariance Q = diag(g) − g gᵀ of one sample's logits, and its sample average Q̄.
import Foundation
import Spectra

/// The C × C softmax covariance of one sample.
///
/// ```
/// g_k = e^{f_k} / Σ_{k′} e^{f_{k′}},   Q = diag(g) − g gᵀ      (Q 𝟏 = 0, so Q is singular)
/// Q̄ = (1/N) Σ_n Q(n)
/// ```
///
/// Source: `shared/science/karakida.md` §4.
public enum SoftmaxCovariance {
  /// `Q = diag(g) − g gᵀ` for the logits f (softmax computed stably, shifted by max f).
  ///
  /// - Parameter logits: `f ∈ ℝ^C`, C ≥ 1, finite.
  /// - Returns: the C × C matrix Q.
  public static func matrix(logits f: [Double]) -> Matrix {
    let g = probabilities(logits: f)
    return Matrix(rows: g.count, columns: g.count) { i, j in (i == j ? g[i] : 0) - g[i] * g[j] }
  }

  /// The softmax probabilities `g_k = e^{f_k − max f} / Σ e^{f_k′ − max f}`.
  public static func probabilities(logits f: [Double]) -> [Double] {
    let top = f.max() ?? 0
    let e = f.map { Foundation.exp($0 - top) }
    let z = e.reduce(0, +)
    return e.map { $0 / z }
  }
}
