// The element-wise passes of a band of the layer-wise dual Gram: K[R, T] += P ∘ F[row mod N, t] and the
// last layer's block-diagonal term, in contiguous runs instead of a modulo per element.

/// Element-wise passes over a band `K′[rows, columns]` (column-major, `height × width`) of the dual Gram.
///
/// ```
/// hadamard:       out[i, t] += product[i, t] · factor[(top + i) mod N, t]       (factor: N × width)
/// block diagonal: out[i, t] += factor[(top + i) mod N, t]   when ⌊(top + i)/N⌋ = ⌊column_t/N⌋
/// ```
/// Each column's rows are walked in runs on which `(top + i) mod N` increases by one, so the inner loops
/// are unit-stride and vectorise; every element gets the same single multiply-add as the plain loop, so
/// the result is bit-identical to it. Source: shared/science/karakida.md §3 (layer-wise Gram).
public enum HadamardBandKernel {
  /// `out += product ∘ factor[(top + i) mod n, t]`.
  ///
  /// - Precondition: `out` and `product` are `height × width`; `factor` is `n × width`.
  /// - Complexity: 2·height·width flops, one read of `product` and one read-write of `out`.
  public static func accumulate(
    _ out: inout Matrix, product: Matrix, factor: Matrix, top: Int, samples n: Int
  ) {
    let (height, width) = (out.rows, out.columns)
    precondition(
      product.rows == height && product.columns == width && factor.rows == n && factor.columns == width,
      "HadamardBandKernel: shapes do not agree")
    guard height > 0, width > 0 else { return }
    product.elements.withUnsafeBufferPointer { pb in
      factor.elements.withUnsafeBufferPointer { fb in
        out.elements.withUnsafeMutableBufferPointer { ob in
          for t in 0..<width {
            let o = ob.baseAddress! + t * height
            let p = pb.baseAddress! + t * height
            let f = fb.baseAddress! + t * n
            var i = 0
            while i < height {
              let r = (top + i) % n
              let run = min(height - i, n - r)
              for k in 0..<run { o[i + k] += p[i + k] * f[r + k] }
              i += run
            }
          }
        }
      }
    }
  }

  /// `out[i, t] += factor[(top + i) mod n, t]` for the rows i of the band whose sample block
  /// `⌊(top + i)/n⌋` equals that of `columns[t]` (the last layer's `I ⊗ 1 1ᵀ` term).
  ///
  /// - Precondition: `out` is `height × columns.count`; `factor` is `n × columns.count`.
  /// - Complexity: at most n additions per column.
  public static func addBlockDiagonal(
    _ out: inout Matrix, factor: Matrix, top: Int, columns: [Int], samples n: Int
  ) {
    let height = out.rows
    precondition(
      out.columns == columns.count && factor.rows == n && factor.columns == columns.count,
      "HadamardBandKernel: shapes do not agree")
    factor.elements.withUnsafeBufferPointer { fb in
      out.elements.withUnsafeMutableBufferPointer { ob in
        for (t, column) in columns.enumerated() {
          let block = column / n
          let lower = max(top, block * n)
          let upper = min(top + height, (block + 1) * n)
          guard lower < upper else { continue }
          let o = ob.baseAddress! + t * height + (lower - top)
          let f = fb.baseAddress! + t * n + (lower - block * n)
          for k in 0..<(upper - lower) { o[k] += f[k] }
        }
      }
    }
  }
}
