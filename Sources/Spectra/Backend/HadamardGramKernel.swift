// The fused layer-wise Gram kernel: K += (D Dᵀ) ∘ (1 1ᵀ ⊗ G) in column panels (syrk + gemm + Hadamard pass),
// lower triangle only, with a panel workspace instead of a second (B·n)² matrix.
internal import COpenBLAS

enum HadamardGramKernel {
  /// Lower triangle of `K ← K + (D Dᵀ) ∘ (1_B 1_Bᵀ ⊗ G)`.
  ///
  /// `K` is `(B·n) × (B·n)`, `D` is `(B·n) × m`, `G` is `n × n` (full), `panel` holds `B·n·p·n` doubles for a
  /// panel of p column blocks (`p = panel.count / (B·n·n)`, at least 1, at most B). For each panel (columns
  /// `b₀·n ..< (b₀+p)·n`): its diagonal square of `D Dᵀ` by dsyrk (lower), the rows below it by one dgemm,
  /// then one pass multiplies by `G` and adds into `K`. Wider panels give BLAS larger, faster products.
  static func accumulate(
    _ k: inout [Double], _ d: [Double], rows cn: Int, columns m: Int, _ g: [Double], blockSize n: Int,
    panel: inout [Double]
  ) {
    guard cn > 0, m > 0 else { return }
    let blocks = cn / n
    let perPanel = max(1, min(blocks, panel.count / (cn * n)))
    k.withUnsafeMutableBufferPointer { pk in
      d.withUnsafeBufferPointer { pd in
        g.withUnsafeBufferPointer { pg in
          panel.withUnsafeMutableBufferPointer { pp in
            let kp = pk.baseAddress!
            let dp = pd.baseAddress!
            let gp = pg.baseAddress!
            let ep = pp.baseAddress!
            for b in stride(from: 0, to: blocks, by: perPanel) {
              let r0 = b * n
              let h = cn - r0
              let w = min(perPanel, blocks - b) * n
              cblas_dsyrk(
                CblasColMajor, CblasLower, CblasNoTrans, Int32(w), Int32(m), 1, dp + r0, Int32(cn), 0, ep,
                Int32(h))
              if h > w {
                cblas_dgemm(
                  CblasColMajor, CblasNoTrans, CblasTrans, Int32(h - w), Int32(w), Int32(m), 1, dp + r0 + w,
                  Int32(cn), dp + r0, Int32(cn), 0, ep + w, Int32(h))
              }
              for j in 0..<w {
                let kc = kp + (r0 + j) * cn + r0
                let ec = ep + j * h
                let gc = gp + (j % n) * n
                // Rows i ≥ j of this panel column; G's row index is i mod n, restarting every n rows.
                var i = j
                while i < h {
                  let start = i % n
                  let end = min(h, i - start + n)
                  var gi = start
                  while i < end {
                    kc[i] += ec[i] * gc[gi]
                    i += 1
                    gi += 1
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
