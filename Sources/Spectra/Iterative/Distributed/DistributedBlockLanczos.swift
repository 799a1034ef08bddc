// Block Lanczos with thick restart on a row-distributed operator: the algorithm of BlockLanczos with every
// sum over rows reduced across ranks.

/// The `k` largest eigenpairs of a ``DistributedSymmetricOperator``: ``BlockLanczos`` (block Krylov–Schur
/// with full reorthogonalisation) with the basis `V`, its image `W = A·V`, the Ritz vectors and the
/// residuals split by rows across ranks.
///
/// ```
/// Q₀ = orth(G₀)                      G₀(i, j) = RowIndexedGaussians(seed, tag 0, j, global row i)
/// Q_{j+1} = orth((I − V·Vᵀ)·A·Q_j)   (``DistributedOrthonormalization``: Gram–Schmidt twice, CholeskyQR2)
/// H = ½(VᵀW + WᵀV) = S·Θ·Sᵀ          VᵀW by one sumAll of m² doubles; dsyevd on rank 0, broadcast
/// Y = V·S,  A·Y = W·S,  rᵢ = ‖A·yᵢ − θᵢ·yᵢ‖₂   (local products, one sumAll of p norms²)
/// restart: V ← Y_p, next block orth((I − V·Vᵀ)·R_p·G), G from RandomStream(seed) (small, every rank)
/// ```
/// Every decision (convergence, restart, rank deficiency) is taken from reduced or broadcast values, so
/// all ranks follow the same path. The start block and the random completions are addressed by global
/// row, so the iteration does not depend on R except through the rounding of the sums over ranks.
/// Source: Stewart, SIAM J. Matrix Anal. Appl. 23 (2001) 601; Zhou & Saad, SIAM J. Matrix Anal. Appl.
/// 29 (2007) 954 (block thick restart); Parlett (1998) §11.4 (Rayleigh–Ritz).
///
/// Communication per block product of b columns: the operator's own, plus reductions of O(m·b) doubles
/// for the reorthogonalisation and O(b²) for CholeskyQR2; per restart one of m² doubles and a broadcast
/// of m² + m. Memory per rank: `2·n_r·m` doubles.
public struct DistributedBlockLanczos: Sendable {
  /// Columns per block, `b`.
  public var blockSize: Int
  /// The largest basis, `m` (nil: `max(2k + 2b, k + 4b)`, at most `n`).
  public var maxBasisColumns: Int?
  /// Relative residual tolerance: converged when `‖A·u − θ·u‖ ≤ tolerance·|θ|_max`.
  public var tolerance: Double
  /// Restart cycles allowed before returning with unconverged pairs flagged.
  public var maxRestarts: Int
  /// Seed of the start block, of random completions and of the restart mixing.
  public var seed: UInt64

  /// A solver configuration; see the properties (the defaults are ``BlockLanczos``'s).
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

  /// The `k` largest eigenpairs of `op`, descending; collective (every rank calls it with the same
  /// arguments). ``TopEigenpairs/eigenvectors`` holds this rank's rows of the Ritz vectors.
  ///
  /// - Throws: `.invalidInput` for `k`, block size, basis size or tolerance out of range; the operator's
  ///   errors; `.noConvergence` when random completion fails.
  public func largest<Operator: DistributedSymmetricOperator>(
    _ k: Int, of op: Operator, vectors: Bool = false
  ) throws(LinearAlgebraError) -> TopEigenpairs {
    let n = op.dimension
    let comm = op.communicator
    let rows = op.globalRows
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
    var draws: UInt64 = 1
    var basis = Matrix(rows: rows.count, columns: 0)
    var image = Matrix(rows: rows.count, columns: 0)
    basis.elements.reserveCapacity(rows.count * m)
    image.elements.reserveCapacity(rows.count * m)
    var next = try DistributedOrthonormalization.orthonormalize(
      RowIndexedGaussians.block(rows: rows, columns: b, seed: seed, tag: 0), against: basis, rows: rows,
      seed: seed, draws: &draws, comm)
    var products = (blocks: 0, vectors: 0)
    var cycle = 0
    while true {
      while true {  // grow the basis to m columns
        let product = try op.apply(next)
        products = (products.blocks + 1, products.vectors + next.columns)
        basis.appendColumns(next)
        image.appendColumns(product)
        let width = min(b, m - basis.columns)
        if width == 0 { break }
        next = try DistributedOrthonormalization.orthonormalize(
          product.columns(0..<width), against: basis, rows: rows, seed: seed, draws: &draws, comm)
      }
      let ritz = try DistributedRitzExtraction(
        basis: basis, image: image, count: basis.columns == n ? k : keep, comm)
      let threshold = tolerance * ritz.normEstimate
      let residuals = Array(ritz.residualNorms.prefix(k))
      let converged = residuals.map { $0 <= threshold }
      cycle += 1
      if converged.allSatisfy({ $0 }) || cycle > maxRestarts || basis.columns == n {
        return TopEigenpairs(
          eigenvalues: Array(ritz.values.prefix(k)), residualNorms: residuals, converged: converged,
          eigenvectors: vectors ? ritz.vectors.columns(0..<k) : nil, tolerance: tolerance,
          normEstimate: ritz.normEstimate, restarts: cycle, blockProducts: products.blocks,
          matrixVectorProducts: products.vectors)
      }
      basis = ritz.vectors
      image = ritz.images
      basis.elements.reserveCapacity(rows.count * m)
      image.elements.reserveCapacity(rows.count * m)
      let mixing = stream.gaussianMatrix(rows: ritz.residuals.columns, columns: min(b, m - keep))
      next = try DistributedOrthonormalization.orthonormalize(
        DistributedBlocks.times(ritz.residuals, mixing), against: basis, rows: rows, seed: seed,
        draws: &draws, comm)
    }
  }
}

/// ``RitzExtraction`` on a row-distributed basis: `VᵀW` reduced, the small eigenproblem solved on rank 0
/// and broadcast (so ranks on different CPUs cannot take different paths), the rest local.
struct DistributedRitzExtraction {
  let values: [Double]
  let vectors: Matrix
  let images: Matrix
  let residuals: Matrix
  let residualNorms: [Double]
  let normEstimate: Double

  init<C: ReductionCommunicator>(basis: Matrix, image: Matrix, count p: Int, _ comm: C)
    throws(LinearAlgebraError)
  {
    let m = basis.columns
    let cross = DistributedBlocks.cross(basis, image, comm)
    let projected = (cross + cross.transposed).scaled(by: 0.5)
    var packed = [Double](repeating: 0, count: m + m * m)
    if comm.rank == 0 {
      let eigen = try SymmetricEigen(projected, vectors: true)
      guard let s = eigen.eigenvectors else { preconditionFailure("dsyevd returned no vectors") }
      packed = eigen.eigenvalues + s.elements
    }
    packed = comm.broadcast(packed, root: 0)
    let all = Array(packed[0..<m])
    let s = Matrix(rows: m, columns: m, exactColumnMajor: Array(packed[m...]))
    let order = Array(((m - p)..<m).reversed())
    var selected = Matrix(rows: m, columns: p)
    for (target, source) in order.enumerated() {
      selected.elements.replaceSubrange((target * m)..<((target + 1) * m), with: s.column(source))
    }
    values = order.map { all[$0] }
    vectors = DistributedBlocks.times(basis, selected)
    images = DistributedBlocks.times(image, selected)
    var r = images
    for j in 0..<p {
      for i in 0..<basis.rows { r[i, j] -= values[j] * vectors[i, j] }
    }
    residuals = r
    residualNorms = DistributedBlocks.columnNorms(r, comm)
    normEstimate = all.map(abs).max() ?? 0
  }
}
