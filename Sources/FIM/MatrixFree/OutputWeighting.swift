// The output side of a dual as block maps: per-output embedding, centring 𝒫 and the softmax factor ℬ.
import Spectra

/// The maps between the dual's space (size C′·N) and the C·N output cotangents of the Jacobian, so that
///
/// ```
/// dual = Rᵀ K R / c,     R = E·𝒫·ℬ   (size → C·N),     Rᵀ = ℬᵀ·𝒫·Eᵀ
/// E = I, or the embedding of output block k (per-output metric)
/// 𝒫 = I_{C′} ⊗ (I_N − 1 1ᵀ/N) when mean-subtracted, else I      (``SampleCentring``)
/// ℬ = blockdiag_n ℬ_n, ℬ_n = diag(√g(n))(I − √g(n)√g(n)ᵀ) with softmax output, else I   (``SoftmaxCovariance``)
/// ```
///
/// This is ``MetricDual``'s `ℬᵀ 𝒫 K′ 𝒫 ℬ / c` (K′ = EᵀKE) written as products. Rows are indexed
/// `(k, n) ↦ k·N + n`. Source: shared/science/karakida.md §3 (centring), §4 (softmax), §6 (per output).
///
/// Complexity: O(C·N·b) per block of b columns (softmax 4·C·N·b, centring 2·C·N·b); no allocation beyond
/// the result.
struct OutputWeighting: Sendable {
  /// N.
  let samples: Int
  /// C, the network's outputs.
  let outputs: Int
  /// The output k of a per-output metric, or nil.
  let outputIndex: Int?
  /// Whether 𝒫 is applied.
  let centred: Bool
  /// ℬ, for softmax output.
  let softmax: SoftmaxCovariance?

  /// C′·N.
  var size: Int { outputIndex == nil ? outputs * samples : samples }

  /// `E·𝒫·ℬ·V` for `V` (size × b): the output cotangents (C·N × b).
  func cotangents(_ v: Matrix) -> Matrix { embed(weight(v)) }

  /// `ℬᵀ·𝒫·Eᵀ·Y` for `Y` (C·N × b): back to the dual's space (size × b).
  func pullBack(_ y: Matrix) -> Matrix { weightTransposed(select(y)) }

  /// `𝒫·ℬ·V` in the dual's space.
  func weight(_ v: Matrix) -> Matrix {
    var z = v
    if let softmax { Self.applyFactor(softmax, to: &z, transposed: false) }
    if centred { Self.centre(&z, samples: samples) }
    return z
  }

  /// `ℬᵀ·𝒫·Y` in the dual's space.
  func weightTransposed(_ y: Matrix) -> Matrix {
    var z = y
    if centred { Self.centre(&z, samples: samples) }
    if let softmax { Self.applyFactor(softmax, to: &z, transposed: true) }
    return z
  }

  /// `E·V`: size × b → C·N × b (zero outside block k for a per-output metric).
  func embed(_ v: Matrix) -> Matrix {
    guard let k = outputIndex else { return v }
    let n = samples
    var z = Matrix(rows: outputs * n, columns: v.columns)
    z.modifyElements { e in
      for j in 0..<v.columns {
        for i in 0..<n { e[j * outputs * n + k * n + i] = v.elements[j * n + i] }
      }
    }
    return z
  }

  /// `Eᵀ·Y`: C·N × b → size × b (block k's rows for a per-output metric).
  func select(_ y: Matrix) -> Matrix {
    guard let k = outputIndex else { return y }
    let n = samples
    return Matrix(rows: n, columns: y.columns) { i, j in y[k * n + i, j] }
  }

  /// `A ← 𝒫·A`: each column segment of length N (one output block) loses its mean.
  static func centre(_ a: inout Matrix, samples n: Int) {
    let count = a.rows * a.columns
    let inv = 1 / Double(n)
    a.modifyElements { e in
      for start in stride(from: 0, to: count, by: n) {
        var mean = 0.0
        for i in start..<(start + n) { mean += e[i] }
        mean *= inv
        for i in start..<(start + n) { e[i] -= mean }
      }
    }
  }

  /// `A ← ℬ·A` or `A ← ℬᵀ·A` for a C·N × b block, sample by sample:
  ///
  /// ```
  /// (ℬ_n x)_k  = √g_k·x_k − g_k·Σ_{k'} √g_{k'} x_{k'}        (ℬ_nᵀ x)_k = √g_k·(x_k − Σ_{k'} g_{k'} x_{k'})
  /// ```
  static func applyFactor(_ softmax: SoftmaxCovariance, to a: inout Matrix, transposed: Bool) {
    let g = softmax.probabilities
    let n = g.rows
    let c = g.columns
    let root = g.elements.map { $0.squareRoot() }
    let dotWeights = transposed ? g.elements : root
    let cn = c * n
    a.modifyElements { e in
      for j in 0..<(e.count / cn) {
        let base = j * cn
        for s in 0..<n {
          var dot = 0.0
          for k in 0..<c { dot += dotWeights[s + k * n] * e[base + k * n + s] }
          for k in 0..<c {
            let i = base + k * n + s
            let w = s + k * n
            e[i] = transposed ? root[w] * (e[i] - dot) : root[w] * e[i] - g.elements[w] * dot
          }
        }
      }
    }
  }
}
