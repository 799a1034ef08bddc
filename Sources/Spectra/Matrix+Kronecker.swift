// Element-wise operations on matrices made of B × B (or B × 1) blocks that share one small factor:
// the fused Hadamard-and-accumulate pass of a layer-wise Gram, and masking of stacked row blocks.

extension Matrix {
  /// Adds `(D Dᵀ) ∘ (1_B 1_Bᵀ ⊗ G)` to the lower triangle of `self`, in place: the fused
  /// syrk-and-Hadamard pass of the layer-wise Gram.
  ///
  /// ```
  /// self[(b,i),(b',j)] += (Σ_c D[(b,i),c]·D[(b',j),c]) · G[i,j]     (b,i) ↦ b·n + i, lower triangle only
  /// ```
  ///
  /// Source: shared/science/karakida.md §3 (`K = Σ_l (D_l D_lᵀ) ∘ (H_{l−1}H_{l−1}ᵀ + 1)` expanded over outputs).
  ///
  /// - Parameters:
  ///   - d: `(B·n) × m`, the stacked rows.
  ///   - g: `n × n`, full storage (off-diagonal blocks read all of it).
  ///   - workspace: `B·n × p·n` elements for a panel of p output blocks (p ≥ 1; wider panels are faster,
  ///     see ``hadamardGramWorkspace(rows:blockSize:minimumPanelWidth:)``), reused between calls.
  /// - Complexity: (B·n)²·m flops (a syrk's worth: dsyrk on each diagonal block, dgemm below it) plus
  ///   (B·n)²/2 multiply-adds; memory: the panel workspace only.
  ///
  /// Implementation Notes: `D Dᵀ` is never materialised; one column panel of it (B·n × p·n) lives at a time.
  /// The upper triangle of `self` is not touched.
  /// - Precondition: `self` is `(B·n) × (B·n)` with `n = g.rows`, `d.rows = B·n`.
  public mutating func addHadamardGram(of d: Matrix, kroneckerExpanded g: Matrix, workspace: inout Matrix) {
    precondition(g.isSquare && g.rows > 0, "addHadamardGram: G must be square and non-empty")
    precondition(
      isSquare && rows % g.rows == 0, "addHadamardGram: self must be (B·n)×(B·n) with n = \(g.rows)")
    precondition(d.rows == rows, "addHadamardGram: D must have \(rows) rows, got \(d.rows)")
    precondition(
      workspace.elements.count >= rows * g.rows, "addHadamardGram: workspace needs \(rows * g.rows) elements")
    HadamardGramKernel.accumulate(
      &elements, d.elements, rows: rows, columns: d.columns, g.elements, blockSize: g.rows,
      panel: &workspace.elements)
  }

  /// A workspace for ``addHadamardGram(of:kroneckerExpanded:workspace:)``: `rows × p·n` with the panel of p
  /// blocks at least `minimumPanelWidth` columns wide (default 1024, where dgemm and dsyrk run near peak),
  /// and never more than all `rows/n` blocks.
  public static func hadamardGramWorkspace(rows: Int, blockSize n: Int, minimumPanelWidth: Int = 1024)
    -> Matrix
  {
    precondition(n > 0 && rows % n == 0, "hadamardGramWorkspace: rows must be a multiple of n = \(n)")
    let blocks = rows / n
    let p = max(1, min(blocks, (minimumPanelWidth + n - 1) / n))
    return Matrix(rows: rows, columns: p * n)
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
