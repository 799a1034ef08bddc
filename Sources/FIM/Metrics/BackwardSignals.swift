// Back-propagated signals δ^l for all C outputs and all N samples at once (BLAS-3), layer by layer.
import Spectra

/// The backward pass for every output at once: the signals `D_l` (C·N × M_l), row `(k, n) ↦ k·N + n`
/// holding `δ^l = ∂f_k(n)/∂u^l` for output k and sample n.
///
/// ```
/// D_L = I_C ⊗ 1_N                         (δ^L_i = δ_ik)
/// D_l = (D_{l+1} · s_{l+1}ω^{l+1}) ∘ (1_C ⊗ φ′(U_l)),   l = L−1 … 1
/// ```
///
/// Under the NTK parameterisation `s_{l+1} = σ_w/√M_l`, so the signals carry the `σ_w/√M` factors and
/// gradients are taken with respect to ω, β. Source: shared/science/karakida.md §2 (backward), §5.
///
/// Complexity: 2·C·N·Σ_{l<L−1} M_{l+1}·M_l flops (dgemm); memory two buffers C·N × M_l per distinct
/// hidden width, allocated once before the layer loop.
///
/// Implementation Notes: `D_{L−1}` is written directly (row `(k, n)` = `s_L·ω^L_{k·}`), never as a product
/// with the sparse `D_L`; no Jacobian and no per-sample loop.
public enum BackwardSignals {
  /// Visits `D_l` for `l = L−1, L−2, …, lowest` (in that order). The matrix passed to `body` is reused
  /// afterwards, so `body` must not keep it beyond the call unless it copies it.
  ///
  /// - Parameters:
  ///   - forward: the forward pass.
  ///   - lowest: the last layer visited, `1 ≤ lowest ≤ L−1` (nothing is visited when L = 1).
  ///   - body: called with the layer index and its signals.
  public static func visit(
    _ forward: ForwardPass, downTo lowest: Int = 1, _ body: (_ layer: Int, _ signals: Matrix) throws -> Void
  ) rethrows {
    let net = forward.network
    let arch = net.architecture
    let depth = arch.depth
    guard depth >= 2, lowest <= depth - 1 else { return }
    let n = forward.sampleCount
    let c = arch.outputs
    let cn = c * n
    // Two buffers per distinct hidden width, allocated before the loop and reused.
    var pool: [Int: [Matrix]] = [:]
    for l in max(lowest, 1)...(depth - 1) where pool[arch.widths[l]] == nil {
      let w = arch.widths[l]
      pool[w] = [Matrix(rows: cn, columns: w), Matrix(rows: cn, columns: w)]
    }
    var previous: Matrix? = nil
    for l in stride(from: depth - 1, through: max(lowest, 1), by: -1) {
      let width = arch.widths[l]
      var d = pool[width]!.removeLast()
      if let p = previous {
        Matrix.multiplyAdd(p, net.weights[l], alpha: net.weightScale(layer: l + 1), into: &d)
        pool[p.columns]!.append(p)
      } else {
        let top = net.weights[depth - 1]
        let s = net.weightScale(layer: depth)
        d.modifyElements { e in
          for j in 0..<width {
            for k in 0..<c {
              let v = s * top[k, j]
              let base = j * cn + k * n
              for i in 0..<n { e[base + i] = v }
            }
          }
        }
      }
      d.multiplyRowBlocks(by: forward.derivatives[l - 1])
      try body(l, d)
      previous = d
    }
  }

  /// The input-space (l = 0) or feature-space (l ≥ 1) gradients `J_h = D_{l+1}·s_{l+1}ω^{l+1}`
  /// (C·N × M_l): row `(k, n)` is `∇_{h^l} f_k(n)ᵀ`.
  ///
  /// Source: shared/science/karakida.md §6 (`∇_{h^l} f_k = W^{l+1ᵀ} δ^{l+1}`).
  ///
  /// - Complexity: the backward pass down to layer l + 1 plus 2·C·N·M_{l+1}·M_l flops; memory C·N·M_l.
  /// - Precondition: `0 ≤ l ≤ L−1`.
  public static func featureGradients(_ forward: ForwardPass, layer l: Int) -> Matrix {
    let net = forward.network
    let arch = net.architecture
    let depth = arch.depth
    precondition(l >= 0 && l < depth, "feature layer must be in 0…\(depth - 1), got \(l)")
    let n = forward.sampleCount
    let c = arch.outputs
    let cn = c * n
    var jh = Matrix(rows: cn, columns: arch.widths[l])
    if l == depth - 1 {
      let top = net.weights[depth - 1]
      let s = net.weightScale(layer: depth)
      let width = arch.widths[l]
      jh.modifyElements { e in
        for j in 0..<width {
          for k in 0..<c {
            let v = s * top[k, j]
            let base = j * cn + k * n
            for i in 0..<n { e[base + i] = v }
          }
        }
      }
      return jh
    }
    visit(forward, downTo: l + 1) { layer, d in
      if layer == l + 1 {
        Matrix.multiplyAdd(d, net.weights[l], alpha: net.weightScale(layer: l + 1), into: &jh)
      }
    }
    return jh
  }
}
