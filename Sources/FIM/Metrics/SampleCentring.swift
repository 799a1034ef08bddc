// Mean subtraction over samples (batch norm in the last layer): f̄_k(n) = f_k(n) − (1/N)Σ_m f_k(m).
import Spectra

/// The centring projector `𝒫 = I_B ⊗ (I_N − 1_N 1_Nᵀ/N)` applied to dual Grams and to logits.
///
/// ```
/// J̄ = 𝒫 J   ⇒   K̄ = 𝒫 K 𝒫       (each N × N block: subtract row means and column means, add the block mean)
/// ```
///
/// Source: shared/science/karakida.md §3 (eq. 22 of NC: mean subtraction removes the C outliers), §5.
/// Complexity: 3·(B·N)² flops, no memory beyond one vector.
public enum SampleCentring {
  /// `A ← 𝒫 A 𝒫` for a `(B·N) × (B·N)` matrix made of `N × N` blocks.
  ///
  /// - Precondition: `a` is square with size a multiple of `samples`.
  public static func center(_ a: inout Matrix, samples n: Int) {
    let size = a.rows
    precondition(a.isSquare && n > 0 && size % n == 0, "centring needs (B·N)×(B·N) with N = \(n)")
    let blocks = size / n
    let inv = 1 / Double(n)
    a.modifyElements { e in
      // Left: each column segment of length N loses its mean.
      for col in 0..<size {
        for b in 0..<blocks {
          let base = col * size + b * n
          var mean = 0.0
          for i in 0..<n { mean += e[base + i] }
          mean *= inv
          for i in 0..<n { e[base + i] -= mean }
        }
      }
      // Right: each group of N columns loses its mean column.
      var mean = [Double](repeating: 0, count: size)
      for b in 0..<blocks {
        for r in 0..<size { mean[r] = 0 }
        for j in 0..<n {
          let base = (b * n + j) * size
          for r in 0..<size { mean[r] += e[base + r] }
        }
        for r in 0..<size { mean[r] *= inv }
        for j in 0..<n {
          let base = (b * n + j) * size
          for r in 0..<size { e[base + r] -= mean[r] }
        }
      }
    }
  }

  /// The logits with each output's sample mean removed: `f̄_k(n) = f_k(n) − (1/N)Σ_m f_k(m)` (N × C).
  public static func centerColumns(_ logits: Matrix) -> Matrix {
    var f = logits
    let n = logits.rows
    f.modifyElements { e in
      for k in 0..<logits.columns {
        var mean = 0.0
        for i in 0..<n { mean += e[i + k * n] }
        mean /= Double(n)
        for i in 0..<n { e[i + k * n] -= mean }
      }
    }
    return f
  }
}
