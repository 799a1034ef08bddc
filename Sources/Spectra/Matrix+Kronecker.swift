// Element-wise operations on matrices made of B × B (or B × 1) blocks that share one small factor:
// the fused Hadamard-and-accumulate pass of a layer-wise Gram, and masking of stacked row blocks.

extension Matrix {
  /// Adds `E ∘ (1_B 1_Bᵀ ⊗ G)` to one triangle of `self`, in place and without temporaries.
  ///
  /// ```
  /// self[(b,i),(b',j)] += E[(b,i),(b',j)] · G[i,j]     index (b,i) ↦ b·n + i, for every block pair (b,b')
  /// ```
  ///
  /// This is the fused pass of the layer-wise Gram `K = Σ_l (D_l D_lᵀ) ∘ (H_{l−1}H_{l−1}ᵀ + 1)` expanded
  /// over outputs (Source: shared/science/karakida.md §3).
  ///
  /// - Parameters:
  ///   - e: `(B·n) × (B·n)`; only `triangle` is read.
  ///   - g: `n × n`, full storage (both triangles are read, because off-diagonal blocks use all of `G`).
  ///   - triangle: which triangle of `self` and `e` is used.
  /// - Complexity: (B·n)²/2 multiply-adds, no allocation.
  /// - Precondition: `self` and `e` are `(B·n) × (B·n)` with `n = g.rows`, `g` square.
  public mutating func addHadamard(_ e: Matrix, kroneckerExpanded g: Matrix, triangle: Triangle) {
    precondition(g.isSquare && g.rows > 0, "addHadamard: G must be square and non-empty")
    precondition(isSquare && rows % g.rows == 0, "addHadamard: self must be (B·n)×(B·n) with n = \(g.rows)")
    precondition(e.rows == rows && e.columns == columns, "addHadamard: E must have self's shape")
    KroneckerKernels.addHadamard(
      &elements, e.elements, g.elements, blockSize: g.rows, blocks: rows / g.rows, triangle: triangle)
  }

  /// Multiplies every stacked row block by `mask`: `self ← self ∘ (1_B ⊗ mask)`.
  ///
  /// ```
  /// self[(b,i), j] *= mask[i, j]      index (b,i) ↦ b·n + i
  /// ```
  ///
  /// - Complexity: B·n·m multiplications, no allocation.
  /// - Precondition: `self` is `(B·n) × m` with `mask` `n × m`.
  public mutating func multiplyRowBlocks(by mask: Matrix) {
    precondition(
      mask.rows > 0 && rows % mask.rows == 0 && columns == mask.columns,
      "multiplyRowBlocks: self \(rows)×\(columns) is not a stack of \(mask.rows)×\(mask.columns) blocks")
    KroneckerKernels.multiplyRowBlocks(
      &elements, mask.elements, blockSize: mask.rows, blocks: rows / mask.rows, columns: columns)
  }

  /// Copies one triangle onto the other in cache-sized tiles (the fast form of ``symmetrize(from:)``).
  ///
  /// - Complexity: n²/2 copies, no allocation.
  public mutating func mirrorTriangle(from triangle: Triangle) {
    precondition(isSquare, "mirrorTriangle needs a square matrix, got \(rows)×\(columns)")
    KroneckerKernels.mirror(&elements, n: rows, from: triangle)
  }
}
