// J·Jᵀ·Z from the stored backward signals of every layer and the activation Grams: no sweep per product.
import Spectra

/// The parameter Gram `J·Jᵀ` applied from its layer-wise factors (the dense dual's, ``GramPanels``), kept in
/// memory instead of recomputed by a reverse and a forward sweep per product:
///
/// ```
/// J·Jᵀ·Z = Σ_{l<L in scope} (D_l D_lᵀ ∘ F_l)·Z + [L in scope]·(I_C ⊗ F_L)·Z,   F_l = s_l²·G_{l−1} + t_l²·1 1ᵀ
/// column j, layer l < L:   U_j[n, ·] = Σ_k Z[(k,n), j]·D_l[(k,n), ·]        (the signal δ^l(n) of column j)
///                          W_j = F_l·U_j    (as Wᵀ = Uᵀ·F_l, one gemm for all columns; F_l is symmetric)
///                          Y[(k,n), j] += D_l[(k,n), ·]·W_j[n, ·]
/// layer L:                 Y (as N × C·b) += F_L·Z (as N × C·b)
/// ```
/// with D_l the backward signals (``BackwardSignals``, C·N × M_l, kept sample-major; D_{L−1} applied from the
/// read-out weights and φ′, ``ReadOutSignalFactor``), G_{l−1} the cached activation Gram and
/// t_l only when biases are in scope (the full metric, not a layer block). Source: shared/science/karakida.md
/// §3 (layer-wise Gram), §5 (s_l, t_l).
///
/// Per column this costs `Σ_{l in scope} 2·N²·M_l` flops of gemm plus two passes over the stored D_l (the
/// contraction and the expansion, 2·C·N·M_l flops each, memory-bound, D_l streamed once per block of any
/// width), against the sweeps' `4·N·Σ M_l·M_{l+1}` more; it needs the D_l resident:
/// `8·C·N·Σ_{l<L−1} M_l + 8·N·M_{L−1}` bytes (``MetricOperator/storedBytes(architecture:samples:request:)``).
struct StoredSignalProducts: Sendable {
  /// D_l (C·N × M_l) for the layers l < L in scope: sample-major for l < L − 1, and from the read-out
  /// weights and φ′ for l = L − 1 (``ReadOutSignalFactor``).
  let signals: [Int: any SignalFactor]
  /// `F_l = s_l²·G_{l−1} + t_l²` by its parts: `G_{l−1}`, `s_l²` and `t_l²` (0 without biases).
  let grams: [Int: (gram: Matrix, weight: Double, bias: Double)]
  /// N.
  let samples: Int

  /// The factors of the parameter scope `block` (nil: every layer, with biases).
  ///
  /// - Precondition: `forward` kept its Grams.
  init(forward: ForwardPass, block: Int?) {
    let net = forward.network
    let depth = net.architecture.depth
    var signals: [Int: any SignalFactor] = [:]
    if depth >= 2, block == nil || block == depth - 1 {
      signals[depth - 1] = ReadOutSignalFactor(forward: forward)
    }
    if block.map({ $0 < depth - 1 }) ?? true {
      BackwardSignals.visitSampleMajor(forward, downTo: block ?? 1) { l, d in
        if l < depth - 1, block == nil || block == l {
          signals[l] = SampleMajorFactor(sampleMajor: d, outputs: net.architecture.outputs)
        }
      }
    }
    self.signals = signals
    var grams: [Int: (gram: Matrix, weight: Double, bias: Double)] = [:]
    for l in block.map({ [$0] }) ?? Array(1...depth) {
      let s = net.weightScale(layer: l)
      let t = block == nil ? net.biasScale(layer: l) : 0
      grams[l] = (forward.activationGrams[l - 1], s * s, t * t)
    }
    self.grams = grams
    samples = forward.sampleCount
  }

  /// `J·Jᵀ·Z` for output cotangents Z (C·N × b, rows `k·N + n`).
  func gramProduct(_ z: Matrix) -> Matrix {
    let n = samples
    var y = Matrix(rows: z.rows, columns: z.columns)
    for l in grams.keys.sorted() {
      let f = grams[l]!
      if let d = signals[l] {
        d.expandAdd(applyFactorFromRight(f, d.contract(z)), into: &y)
      } else {  // layer L: D_L = I_C ⊗ 1_N
        let view = Matrix(rows: n, columns: z.rows / n * z.columns, exactColumnMajor: z.elements)
        let added = applyFactor(f, view)
        y.modifyElements { e in for i in e.indices { e[i] += added.elements[i] } }
      }
    }
    return y
  }

  /// `Xᵀ·F = s²·Xᵀ·G + t²·(Xᵀ1)·1ᵀ` for Xᵀ of N columns (G, F symmetric).
  func applyFactorFromRight(_ f: (gram: Matrix, weight: Double, bias: Double), _ xt: Matrix) -> Matrix {
    var w = Matrix(rows: xt.rows, columns: xt.columns)
    Matrix.multiplyAdd(xt, f.gram, alpha: f.weight, into: &w)
    guard f.bias != 0 else { return w }
    let (r, n) = (xt.rows, xt.columns)
    var sums = [Double](repeating: 0, count: r)
    for col in 0..<n {
      for i in 0..<r { sums[i] += xt.elements[col * r + i] }
    }
    w.modifyElements { e in
      for col in 0..<n {
        for i in 0..<r { e[col * r + i] += f.bias * sums[i] }
      }
    }
    return w
  }

  /// `F·X = s²·G·X + t²·1·(1ᵀX)` for X of N rows.
  func applyFactor(_ f: (gram: Matrix, weight: Double, bias: Double), _ x: Matrix) -> Matrix {
    var w = Matrix(rows: x.rows, columns: x.columns)
    Matrix.multiplyAdd(f.gram, x, alpha: f.weight, into: &w)
    guard f.bias != 0 else { return w }
    let n = x.rows
    w.modifyElements { e in
      for col in 0..<x.columns {
        var sum = 0.0
        for i in 0..<n { sum += x.elements[col * n + i] }
        let add = f.bias * sum
        for i in 0..<n { e[col * n + i] += add }
      }
    }
    return w
  }
}
