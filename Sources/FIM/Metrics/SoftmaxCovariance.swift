// The softmax output covariances Q(n) = diag(g(n)) − g(n)g(n)ᵀ and a closed-form factor 𝒬 = ℬℬᵀ.
import Foundation
import Spectra

/// The softmax probabilities g(n) of N samples and the block-diagonal covariance
/// `𝒬 = blockdiag_n Q(n)`, `Q(n) = diag(g(n)) − g(n)g(n)ᵀ`, with the closed-form factor
///
/// ```
/// ℬ_n = diag(√g(n)) · (I_C − √g(n)√g(n)ᵀ)      ℬ_n ℬ_nᵀ = Q(n)     (√g has unit norm, so I − √g√gᵀ is a projector)
/// (ℬ_nᵀ x)_k = √g_k(n) · (x_k − Σ_{k'} g_{k'}(n) x_{k'})
/// ```
///
/// The softmax Fisher dual is formed as `ℬᵀ K ℬ / N`. Because `ℬ = 𝒬^{1/2}·U` with U orthogonal (polar
/// decomposition), `ℬᵀKℬ = Uᵀ(𝒬^{1/2}K𝒬^{1/2})U` has exactly the spectrum of `𝒬^{1/2}K𝒬^{1/2}`; no
/// square root or eigen-decomposition of Q(n) is needed. Source: shared/science/karakida.md §4.
///
/// Complexity: applying ℬ on both sides of a C·N × C·N matrix costs 6·(C·N)² flops and no memory.
public struct SoftmaxCovariance: Sendable {
  /// `g_k(n)` as an `N × C` matrix (row n sums to 1).
  public let probabilities: Matrix

  /// The softmax of each row of `logits` (N × C), computed stably (max subtracted).
  public init(logits: Matrix) {
    var p = logits
    let n = logits.rows
    let c = logits.columns
    p.modifyElements { e in
      for i in 0..<n {
        var mx = -Double.infinity
        for k in 0..<c { mx = max(mx, e[i + k * n]) }
        var sum = 0.0
        for k in 0..<c {
          let v = Foundation.exp(e[i + k * n] - mx)
          e[i + k * n] = v
          sum += v
        }
        for k in 0..<c { e[i + k * n] /= sum }
      }
    }
    probabilities = p
  }

  /// `Q(n) = diag(g(n)) − g(n)g(n)ᵀ` (C × C).
  public func covariance(sample n: Int) -> Matrix {
    let g = probabilities.row(n)
    return Matrix(rows: g.count, columns: g.count) { i, j in (i == j ? g[i] : 0) - g[i] * g[j] }
  }

  /// The factor `ℬ_n = diag(√g(n))(I − √g(n)√g(n)ᵀ)` (C × C), with `ℬ_nℬ_nᵀ = Q(n)`.
  public func factor(sample n: Int) -> Matrix {
    let v = probabilities.row(n).map { $0.squareRoot() }
    return Matrix(rows: v.count, columns: v.count) { i, j in v[i] * ((i == j ? 1 : 0) - v[i] * v[j]) }
  }

  /// `A ← ℬᵀ A ℬ` for a `C·N × C·N` matrix in the output-major index `(k, n) ↦ k·N + n`.
  ///
  /// - Precondition: `a` is `C·N × C·N`.
  public func transform(_ a: inout Matrix) {
    let n = probabilities.rows
    let c = probabilities.columns
    let cn = c * n
    precondition(a.rows == cn && a.columns == cn, "softmax factor needs a \(cn)×\(cn) matrix")
    let g = probabilities.elements
    let rootG = g.map { $0.squareRoot() }
    a.modifyElements { e in
      // Left: rows (k, n) of every column.
      for col in 0..<cn {
        let base = col * cn
        for s in 0..<n {
          var mean = 0.0
          for k in 0..<c { mean += g[s + k * n] * e[base + k * n + s] }
          for k in 0..<c { e[base + k * n + s] = rootG[s + k * n] * (e[base + k * n + s] - mean) }
        }
      }
      // Right: columns (k, n), whole columns at a time.
      var mean = [Double](repeating: 0, count: cn)
      for s in 0..<n {
        for r in 0..<cn { mean[r] = 0 }
        for k in 0..<c {
          let w = g[s + k * n]
          let base = (k * n + s) * cn
          for r in 0..<cn { mean[r] += w * e[base + r] }
        }
        for k in 0..<c {
          let w = rootG[s + k * n]
          let base = (k * n + s) * cn
          for r in 0..<cn { e[base + r] = w * (e[base + r] - mean[r]) }
        }
      }
    }
  }

  /// `ℬᵀ x` for a vector of length C·N in the output-major index.
  public func transposedFactorTimes(_ x: [Double]) -> [Double] {
    let n = probabilities.rows
    let c = probabilities.columns
    precondition(x.count == c * n, "vector length must be C·N = \(c * n)")
    var y = x
    for s in 0..<n {
      var mean = 0.0
      for k in 0..<c { mean += probabilities[s, k] * x[k * n + s] }
      for k in 0..<c { y[k * n + s] = probabilities[s, k].squareRoot() * (x[k * n + s] - mean) }
    }
    return y
  }
}

extension SoftmaxCovariance {
  /// `Q = diag(g) − g gᵀ` for one sample's logits f (softmax computed stably, shifted by max f).
  ///
  /// Used by the theory (`Q̄ = (1/N) Σ_n Q(n)`, Monte Carlo over Gaussian logits). Source:
  /// `shared/science/karakida.md` §4.
  ///
  /// - Parameter f: the logits `f ∈ ℝ^C`, C ≥ 1, finite.
  /// - Returns: the C × C matrix Q (singular: Q·𝟏 = 0).
  public static func matrix(logits f: [Double]) -> Matrix {
    let g = probabilities(logits: f)
    return Matrix(rows: g.count, columns: g.count) { i, j in (i == j ? g[i] : 0) - g[i] * g[j] }
  }

  /// The softmax probabilities `g_k = e^{f_k − max f} / Σ_{k′} e^{f_k′ − max f}` of one sample.
  public static func probabilities(logits f: [Double]) -> [Double] {
    let top = f.max() ?? 0
    let e = f.map { Foundation.exp($0 - top) }
    let z = e.reduce(0, +)
    return e.map { $0 / z }
  }
}
