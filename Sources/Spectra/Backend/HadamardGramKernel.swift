// The fused layer-wise Gram kernel: K += (D Dᵀ) ∘ (1 1ᵀ ⊗ G) in column panels (syrk + gemm + Hadamard pass),
// lower triangle only, with a panel workspace instead of a second (B·n)² matrix.
internal import COpenBLAS

enum HadamardGramKernel {
  /// Lower triangle of `K ← K + (D Dᵀ) ∘ (1_B 1_Bᵀ ⊗ G)`.
  ///
  /// `K` is `(B·n) × (B·n)`, `D` is `(B·n) × m`, `G` is `n × n` (full), `panel` holds at least `B·n·n` doubles.
  /// For each column block b (columns `b·n ..< (b+1)·n`): the diagonal block of `D Dᵀ` by dsyrk (lower), the
  /// block rows below it by one dgemm, then one pass multiplies by `G` and adds into `K`.
  static func accumulate(
    _ k: inout [Double], _ d: [Double], rows cn: Int, columns m: Int, _ g: [Double], blockSize n: Int,
    panel: inout [Double]
  ) {
    guard cn > 0, m > 0 else { return }
    let blocks = cn / n
    k.withUnsafeMutableBufferPointer { pk in
      d.withUnsafeBufferPointer { pd in
        g.withUnsafeBufferPointer { pg in
          panel.withUnsafeMutableBufferPointer { pp in
            let kp = pk.baseAddress!
            let dp = pd.baseAddress!
            let gp = pg.baseAddress!
            let ep = pp.baseAddress!
            for b in 0..<blocks {
              let r0 = b * n
              let h = cn - r0
              cblas_dsyrk(
                CblasColMajor, CblasLower, CblasNoTrans, Int32(n), Int32(m), 1, dp + r0, Int32(cn), 0, ep,
                Int32(h))
              if h > n {
                cblas_dgemm(
                  CblasColMajor, CblasNoTrans, CblasTrans, Int32(h - n), Int32(n), Int32(m), 1, dp + r0 + n,
                  Int32(cn),
                  dp + r0, Int32(cn), 0, ep + n, Int32(h))
              }
              for j in 0..<n {
                let kc = kp + (r0 + j) * cn + r0
                let ec = ep + j * h
                let gc = gp + j * n
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
