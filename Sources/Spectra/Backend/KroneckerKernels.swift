// Element-wise kernels on block (Kronecker-expanded) layouts: row-block masking and tiled mirroring.
// Pointer code for these loops lives here only.

/// Raw loops over column-major storage; shapes are checked by the public wrappers in `Matrix+Kronecker.swift`.
enum KroneckerKernels {
  /// `A ← A ∘ (1_B ⊗ mask)`, where `A` is `(B·n) × m` and `mask` is `n × m`, both column-major.
  static func multiplyRowBlocks(
    _ a: inout [Double], _ mask: [Double], blockSize n: Int, blocks b: Int, columns m: Int
  ) {
    let rows = n * b
    a.withUnsafeMutableBufferPointer { pa in
      mask.withUnsafeBufferPointer { pm in
        let ap = pa.baseAddress!
        let mp = pm.baseAddress!
        for j in 0..<m {
          let mc = mp + j * n
          let ac = ap + j * rows
          for blk in 0..<b {
            let ab = ac + blk * n
            for i in 0..<n { ab[i] *= mc[i] }
          }
        }
      }
    }
  }

  /// Copies one triangle of a column-major `n × n` matrix onto the other, in 64 × 64 tiles (cache-friendly).
  static func mirror(_ a: inout [Double], n: Int, from triangle: Triangle) {
    let tile = 64
    a.withUnsafeMutableBufferPointer { pa in
      let p = pa.baseAddress!
      var jb = 0
      while jb < n {
        var ib = jb
        while ib < n {
          for j in jb..<min(jb + tile, n) {
            for i in max(ib, j + 1)..<max(max(ib, j + 1), min(ib + tile, n)) {
              // (i, j) with i > j is in the lower triangle; (j, i) is its mirror.
              if triangle == .lower { p[j + i * n] = p[i + j * n] } else { p[i + j * n] = p[j + i * n] }
            }
          }
          ib += tile
        }
        jb += tile
      }
    }
  }
}
