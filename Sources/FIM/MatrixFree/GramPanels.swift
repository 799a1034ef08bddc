// Blocks of the unweighted dual Gram K′ assembled from the layer-wise factors, one block at a time.
import Spectra

/// The layer-wise factors of the Gram `K′ = Eᵀ·J Jᵀ·E` (size × size) and its blocks `K′[R, T]`:
///
/// ```
/// parameters:  K′[R, T] = Σ_{l<L} (D′_l[R]·D′_l[T]ᵀ) ∘ F_l[n, m] + [block(i) = block(t)]·F_L[n, m]
///              F_l = s_l²·H_{l−1}H_{l−1}ᵀ + t_l²        (t_l only with biases; layer L only when in scope)
/// features:    K′[R, T] = J′_h[R]·J′_h[T]ᵀ
/// ```
/// with D′_l, J′_h the rows of the backward signals (``BackwardSignals``) selected by E, n the sample of row
/// i and m that of column t. Source: shared/science/karakida.md §3 (layer-wise Gram), §6.
///
/// Complexity: 2·|R|·|T|·Σ_{l<L} M_l flops per block, plus 2·N·|T|·M_{l−1} for F_l's columns when no Grams
/// are cached; memory size·Σ_{l<L} M_l for the factors (the backward signals of every layer in scope) and
/// |R|·|T| plus a scratch of the same size per band, and the selected factor rows |T|·Σ M_l per panel.
struct GramPanels: Sendable {
  /// The selected backward signals D′_l (parameters; index l) or J′_h (features; index 0).
  let factors: [Int: Matrix]
  let forward: ForwardPass
  let scope: JacobianScope
  /// N.
  let samples: Int
  /// The per-output index k, or nil.
  let outputIndex: Int?

  init(forward: ForwardPass, scope: JacobianScope, outputIndex: Int?) {
    let n = forward.sampleCount
    let rows = outputIndex.map { k in Array((k * n)..<((k + 1) * n)) }
    func selected(_ m: Matrix) -> Matrix { rows.map { m.selectingRows($0) } ?? m }
    var factors: [Int: Matrix] = [:]
    switch scope {
    case .parameters(let block):
      let depth = forward.network.architecture.depth
      if block != depth {
        BackwardSignals.visit(forward, downTo: block ?? 1) { l, d in
          if block == nil || block == l { factors[l] = selected(d) }
        }
      }
    case .features(let l):
      factors[0] = selected(BackwardSignals.featureGradients(forward, layer: l))
    }
    self.factors = factors
    self.forward = forward
    self.scope = scope
    samples = n
    self.outputIndex = outputIndex
  }

  /// The size C′·N of K′.
  var size: Int { outputIndex == nil ? forward.outputCount * samples : samples }

  /// `F_l[:, m]` (N × |T|) for the samples m of `columns`, for every layer l of the scope (parameters).
  func columnFactors(_ columns: [Int]) -> [Int: Matrix] {
    guard case .parameters(let block) = scope else { return [:] }
    let depth = forward.network.architecture.depth
    let sampleOf = columns.map { $0 % samples }
    var out: [Int: Matrix] = [:]
    for l in (block.map { [$0] } ?? Array(1...depth)) {
      out[l] = hadamardFactor(layer: l, samples: sampleOf, biases: block == nil)
    }
    return out
  }

  /// The rows `D′_l[T]` of every factor for the columns T of a panel, for ``band(_:columns:selected:factors:into:scratch:)``.
  func selectedRows(_ columns: [Int]) -> [Int: Matrix] { factors.mapValues { $0.selectingRows(columns) } }

  /// `K′[rows, columns]` for a contiguous band of rows, written into `out` (reallocated only when its shape
  /// changes) with `scratch` for the per-layer product, without copying the band's factor rows or
  /// allocating per call. `selected` from ``selectedRows(_:)``, `factors` from ``columnFactors(_:)``.
  func band(
    _ rows: Range<Int>, columns: [Int], selected: [Int: Matrix], factors: [Int: Matrix],
    into out: inout Matrix,
    scratch p: inout Matrix
  ) {
    let n = samples
    let (height, width) = (rows.count, columns.count)
    if out.rows == height && out.columns == width {
      out.modifyElements { e in for i in e.indices { e[i] = 0 } }
    } else {
      out = Matrix(rows: height, columns: width)
    }
    if p.rows != height || p.columns != width { p = Matrix(rows: height, columns: width) }
    for l in self.factors.keys.sorted() {
      let d = self.factors[l]!
      if case .features = scope {
        Matrix.multiplyAdd(rows: rows, of: d, selected[l]!, transposingB: true, beta: 1, into: &out)
        continue
      }
      Matrix.multiplyAdd(rows: rows, of: d, selected[l]!, transposingB: true, into: &p)
      HadamardBandKernel.accumulate(&out, product: p, factor: factors[l]!, top: rows.lowerBound, samples: n)
    }
    let depth = forward.network.architecture.depth
    if let f = factors[depth] {  // layer L: D_L D_Lᵀ = I ⊗ 1 1ᵀ
      HadamardBandKernel.addBlockDiagonal(&out, factor: f, top: rows.lowerBound, columns: columns, samples: n)
    }
  }

  /// `F_l[:, m]` for the samples m of the block's columns: N × |T|.
  func hadamardFactor(layer l: Int, samples columnSamples: [Int], biases: Bool) -> Matrix {
    let net = forward.network
    let s2 = net.weightScale(layer: l) * net.weightScale(layer: l)
    let t2 = biases ? net.biasScale(layer: l) * net.biasScale(layer: l) : 0
    var f: Matrix
    if forward.activationGrams.isEmpty {
      let h = forward.activations[l - 1]
      f = Matrix(rows: samples, columns: columnSamples.count)
      Matrix.multiplyAdd(h, h.selectingRows(columnSamples), transposingB: true, alpha: s2, into: &f)
    } else {
      let g = forward.activationGrams[l - 1]
      f = Matrix(rows: samples, columns: columnSamples.count) { i, t in s2 * g[i, columnSamples[t]] }
    }
    if t2 != 0 { f.modifyElements { e in for i in e.indices { e[i] += t2 } } }
    return f
  }
}
