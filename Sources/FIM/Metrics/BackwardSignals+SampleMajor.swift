// The backward signals computed directly in the sample-major layout the stored-signal products read.
import Spectra

extension BackwardSignals {
  /// Visits `Ď_l` (M_l × N·C, column `n·C + k` = `δ^l` of output k at sample n, i.e. row `k·N + n` of
  /// ``visit(_:downTo:_:)``'s `D_l`) for `l = L−1, …, lowest`:
  ///
  /// ```
  /// Ď_{L−1}[j, n·C + k] = s_L·ω^L[k, j]·φ′(U_{L−1})[n, j]
  /// Ď_l = (s_{l+1}·ω^{l+1ᵀ}·Ď_{l+1}) ∘ φ′(U_l)ᵀ (each column n·C + k scaled by φ′(U_l)[n, ·])
  /// ```
  /// One gemm per layer, as ``visit(_:downTo:_:)``, and no transposition of the C·N × M_l result.
  /// Source: shared/science/karakida.md §2 (backward).
  ///
  /// - Complexity: 2·C·N·Σ_{l<L−1} M_{l+1}·M_l flops; memory two M × C·N buffers.
  static func visitSampleMajor(
    _ forward: ForwardPass, downTo lowest: Int = 1, _ body: (_ layer: Int, _ signals: Matrix) -> Void
  ) {
    let net = forward.network
    let arch = net.architecture
    let depth = arch.depth
    guard depth >= 2, lowest <= depth - 1 else { return }
    let n = forward.sampleCount
    let c = arch.outputs
    var previous: Matrix? = nil
    for l in stride(from: depth - 1, through: max(lowest, 1), by: -1) {
      let width = arch.widths[l]
      var d = Matrix(rows: width, columns: n * c)
      if let p = previous {
        Matrix.multiplyAdd(
          net.weights[l], transposingA: true, p, alpha: net.weightScale(layer: l + 1), into: &d)
      } else {
        let top = net.weights[depth - 1]
        let s = net.weightScale(layer: depth)
        d.modifyElements { e in
          for k in 0..<c {
            for j in 0..<width { e[k * width + j] = s * top[k, j] }
          }
          for sample in 1..<max(n, 1) {
            for i in 0..<(c * width) { e[sample * c * width + i] = e[i] }
          }
        }
      }
      let derivative = forward.derivatives[l - 1].transposed  // M_l × N
      d.modifyElements { e in
        for sample in 0..<n {
          let scale = sample * width
          for k in 0..<c {
            let base = (sample * c + k) * width
            for j in 0..<width { e[base + j] *= derivative.elements[scale + j] }
          }
        }
      }
      body(l, d)
      previous = d
    }
  }
}
