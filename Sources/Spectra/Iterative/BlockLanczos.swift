// Block Lanczos with full reorthogonalisation and thick restart for the largest eigenpairs of a
// matrix-free symmetric operator.
import Foundation

/// The `k` largest eigenpairs of a ``SymmetricOperator`` by block Lanczos with full
/// reorthogonalisation and thick restart (block Krylov–Schur).
///
/// One cycle grows an orthonormal basis `V` block by block and keeps `W = A·V`:
/// ```
/// Q₀ = orth(random n×b)                            (RandomStream(seed: seed))
/// Q_{j+1} = orth((I − V·Vᵀ)·A·Q_j)                 (two classical Gram–Schmidt passes by dgemm, QR)
/// H = ½(VᵀW + WᵀV) = S·Θ·Sᵀ                        (Rayleigh–Ritz, dsyevd)
/// Y = V·S,  A·Y = W·S,  rᵢ = ‖A·yᵢ − θᵢ·yᵢ‖₂        (true residuals, no extra product)
/// ```
/// When the basis is full, the `p` largest Ritz pairs are kept (`V ← Y_p`, `W ← A·Y_p`) and the next
/// block is `orth((I − V·Vᵀ)·R_p·G)` with `R_p = A·Y_p − Y_p·Θ_p` and `G` a random `p × b` matrix.
/// For a block Krylov space `R_p` has rank ≤ b and spans the next Lanczos block, so the restarted
/// basis is again a block Krylov space (Stewart, SIAM J. Matrix Anal. Appl. 23 (2001) 601, Krylov–Schur;
/// Zhou & Saad, SIAM J. Matrix Anal. Appl. 29 (2007) 954, block thick restart). Pair `i` has converged
/// when `rᵢ ≤ tolerance·|θ|_max`; the test also runs while the basis grows, once it holds k + b columns,
/// so a well-separated top-k (the C outliers of a Fisher matrix) stops as soon as it has converged. There it
/// is screened on the `m × m` projections (`KrylovProjection`) and the true residuals are formed only when
/// the screen passes, so a long single-vector run does not pay `O(n·m·k)` per product.
///
/// Repeated eigenvalues: a block of size `b` sees at most `b` copies of an eigenvalue until the space
/// becomes invariant; then the dropped directions are replaced by random ones
/// (two-pass Gram–Schmidt, then Householder QR with random completion). Choose `blockSize` ≥ the multiplicity you expect (the C-fold outliers
/// of a C-class Fisher matrix want `b ≥ C`).
///
/// Deterministic for a given seed, operator and BLAS thread count.
///
/// Complexity: per cycle, `(m − p)/b` block products and `O(n·m²)` flops of orthogonalisation for a
/// basis of `m` columns; memory `2·n·m` doubles (`V` and `A·V`).
public struct BlockLanczos: Sendable {
  /// Columns per block, `b`.
  public var blockSize: Int
  /// The largest basis, `m` (nil: `max(2k + 2b, k + 4b)`, at most `n`).
  public var maxBasisColumns: Int?
  /// Relative residual tolerance: converged when `‖A·u − θ·u‖ ≤ tolerance·|θ|_max`.
  public var tolerance: Double
  /// Restart cycles allowed before returning with unconverged pairs flagged.
  public var maxRestarts: Int
  /// Seed of the random start block and of any random completion.
  public var seed: UInt64
  /// Receives one event per block product (`lanczos`, done = products so far, no total) with the
  /// convergence state of the last Rayleigh–Ritz step; nil: silent.
  public var progress: IterationProgressHandler? = nil

  /// A solver configuration; see the properties.
  public init(
    blockSize: Int = 16, maxBasisColumns: Int? = nil, tolerance: Double = 1e-10, maxRestarts: Int = 200,
    seed: UInt64 = 0
  ) {
    self.blockSize = blockSize
    self.maxBasisColumns = maxBasisColumns
    self.tolerance = tolerance
    self.maxRestarts = maxRestarts
    self.seed = seed
  }

  /// The `k` largest eigenpairs of `op`, in descending order.
  ///
  /// - Parameters:
  ///   - k: how many, `1 ≤ k ≤ n`.
  ///   - op: the operator.
  ///   - vectors: also return the Ritz vectors.
  /// - Throws: `.invalidInput` for `k`, block size, basis size or tolerance out of range; errors of
  ///   `op.apply` and of LAPACK. Non-convergence is not thrown: see ``TopEigenpairs/converged``.
  public func largest<Operator: SymmetricOperator>(_ k: Int, of op: Operator, vectors: Bool = false)
    throws(LinearAlgebraError) -> TopEigenpairs
  {
    let n = op.dimension
    let b = min(blockSize, n)
    let m = min(n, maxBasisColumns ?? max(2 * k + 2 * b, k + 4 * b))
    guard k >= 1, k <= n else {
      throw LinearAlgebraError(.invalidInput, "top-k needs 1 ≤ k ≤ n = \(n), got \(k)")
    }
    guard b >= 1 else { throw LinearAlgebraError(.invalidInput, "block size must be ≥ 1, got \(blockSize)") }
    guard m >= min(n, k + b) else {
      throw LinearAlgebraError(.invalidInput, "basis of \(m) columns cannot hold k + b = \(k + b)")
    }
    guard tolerance > 0, tolerance.isFinite else {
      throw LinearAlgebraError(.invalidInput, "tolerance must be positive, got \(tolerance)")
    }
    let keep = min(m - min(b, m - k), max(k, (k + m) / 2))
    let stream = RandomStream(seed: seed)
    var basis = Matrix(rows: n, columns: 0)
    var image = Matrix(rows: n, columns: 0)
    basis.elements.reserveCapacity(n * m)
    image.elements.reserveCapacity(n * m)
    var projection = KrylovProjection()
    var nextExactCheck = 0  // basis columns from which the next exact early-exit test may run
    var next = try BlockOrthonormalization.orthonormalize(
      stream.gaussianMatrix(rows: n, columns: b), against: basis, stream: stream)
    var products = (blocks: 0, vectors: 0)
    var cycle = 0
    var state = ""
    while true {
      while true {  // grow the basis to m columns
        let product = try op.apply(next)
        products = (products.blocks + 1, products.vectors + next.columns)
        progress?(
          IterationProgress(
            phase: "lanczos", done: products.blocks, total: nil,
            detail: "cycle \(cycle + 1), basis \(basis.columns + next.columns)/\(m) columns\(state)"))
        try projection.append(block: next, image: product, basis: basis, previousImage: image)
        basis.appendColumns(next)
        image.appendColumns(product)
        let width = min(b, m - basis.columns)
        if width == 0 { break }
        // Early exit: the k largest Ritz pairs of the partial basis may already meet the tolerance before
        // the basis is full. The residual estimates from the m × m projections screen first; the true
        // residuals (O(n·m·k) flops, not small beside a b = 1 product at large n) run only when the screen
        // passes, and after a miss not again before the basis has grown by max(b, m/16) columns.
        if basis.columns >= k + b, basis.columns >= nextExactCheck,
          try projection.mayHaveConverged(count: k, tolerance: tolerance, dimension: n)
        {
          nextExactCheck = basis.columns + max(b, m / 16)
          // True residual norms first (one n × k matrix); the Ritz vectors only once they pass.
          let check = try RitzExtraction.residualNorms(
            basis: basis, image: image, count: k, cross: projection.cross)
          let partial =
            check.residualNorms.allSatisfy({ $0 <= tolerance * check.normEstimate })
            ? try RitzExtraction(basis: basis, image: image, count: k, cross: projection.cross) : nil
          let residuals = Array(partial?.residualNorms.prefix(k) ?? [])
          if let partial, residuals.allSatisfy({ $0 <= tolerance * partial.normEstimate }) {
            return TopEigenpairs(
              eigenvalues: Array(partial.values.prefix(k)), residualNorms: residuals,
              converged: Array(repeating: true, count: k),
              eigenvectors: vectors ? partial.vectors.columns(0..<k) : nil, tolerance: tolerance,
              normEstimate: partial.normEstimate, restarts: cycle + 1, blockProducts: products.blocks,
              matrixVectorProducts: products.vectors)
          }
        }
        next = try BlockOrthonormalization.orthonormalize(
          product.columns(0..<width), against: basis, stream: stream)
      }
      let ritz = try RitzExtraction(
        basis: basis, image: image, count: basis.columns == n ? k : keep, cross: projection.cross)
      let threshold = tolerance * ritz.normEstimate
      let residuals = Array(ritz.residualNorms.prefix(k))
      let converged = residuals.map { $0 <= threshold }
      cycle += 1
      state =
        ", \(converged.filter { $0 }.count)/\(k) converged, largest relative residual "
        + "\(Self.scientific((residuals.max() ?? 0) / max(ritz.normEstimate, .leastNormalMagnitude)))"
      if converged.allSatisfy({ $0 }) || cycle > maxRestarts || basis.columns == n {
        return TopEigenpairs(
          eigenvalues: Array(ritz.values.prefix(k)), residualNorms: residuals, converged: converged,
          eigenvectors: vectors ? ritz.vectors.columns(0..<k) : nil, tolerance: tolerance,
          normEstimate: ritz.normEstimate, restarts: cycle, blockProducts: products.blocks,
          matrixVectorProducts: products.vectors)
      }
      basis = ritz.vectors
      image = ritz.images
      basis.elements.reserveCapacity(n * m)
      image.elements.reserveCapacity(n * m)
      try projection.restart(by: ritz.rotation)
      nextExactCheck = 0
      let mixing = stream.gaussianMatrix(rows: ritz.residuals.columns, columns: min(b, m - keep))
      next = try BlockOrthonormalization.orthonormalize(
        ritz.residuals.multiplied(by: mixing), against: basis, stream: stream)
    }
  }

  /// `x` in exponent notation with three significant digits (progress lines only).
  static func scientific(_ x: Double) -> String { String(format: "%.2e", x) }
}
