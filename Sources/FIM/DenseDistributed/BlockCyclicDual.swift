// One rank's block-cyclic tile of the dense dual, assembled from the layer-wise factors of its samples.
import Spectra

/// The local part of the dense C′N × C′N dual of a ``MetricRequest`` on one rank of a
/// ``BlockCyclicSampleLayout`` grid, ready for ScaLAPACK (column-major, leading dimension = local rows):
///
/// ```
/// K′[rows(p), columns(q)]   from GramPanels on a forward pass of the rank's row and column samples only
/// dual = ℬᵀ·𝒫·K′·𝒫·ℬ / c   (as MetricDual's dense dual, in sample-major order)
/// 𝒫:  K̄[(n,k),(m,k')] = K′ − a[(n,k)][k'] − a[(m,k')][k] + μ[k][k'],   a[(n,k)][k'] = (1/N)Σ_m K′[(n,k),(m,k')]
/// ℬ:  each C′ × C′ sample block X ↦ ℬ_nᵀ·X·ℬ_m        (local: blocks hold whole samples)
/// trace(dual) = Σ_n Σ_k dual[(n,k),(n,k)],  ‖dual‖_F² = Σ dual²   (the exact m·D and s·D, by panel pairs)
/// ```
/// Every entry of K′ depends only on its two samples, so a rank needs the forward pass of its
/// `|rows(p)| + |columns(q)|` samples and nothing from other ranks, except three small reductions: the
/// centring row sums (N·C′² numbers), the logits mean (C numbers, softmax with centring) and the two
/// moments. Each entry is computed by exactly one rank. Source: shared/science/karakida.md §3 (layer-wise
/// Gram, centring), §4 (softmax), §5 (NTK), §6 (feature and per-output metrics).
///
/// Complexity: 2·(C′|rows|)·(C′|columns|)·Σ_{l<L} M_l flops for the tile (GramPanels), plus the forward
/// and backward passes of the rank's samples; memory: the tile, plus ``estimatedBytes(layout:architecture:request:rank:)``'s other terms.
public struct BlockCyclicDual: Sendable {
  /// The grid and block sizes.
  public let layout: BlockCyclicSampleLayout
  /// What the dual is of.
  public let request: MetricRequest
  /// Sizes, normalisation and dimension D for all N samples.
  public let shape: DualShape
  /// This rank's place on the grid.
  public let processRow: Int
  /// This rank's place on the grid.
  public let processColumn: Int
  /// The tile, C′|rows(p)| × C′|columns(q)|, column-major.
  public var local: Matrix
  /// trace(dual), summed over ranks.
  public let trace: Double
  /// ‖dual‖_F², summed over ranks.
  public let squaredNorm: Double

  /// Samples per column panel: about 1024 dual columns at a time.
  static func panelSamples(blocks: Int) -> Int { max(1, 1024 / blocks) }

  /// Assembles this rank's tile; collective (every rank calls it with the same arguments but `inputs`).
  ///
  /// - Parameters:
  ///   - request: the metric; checked with ``MetricRequest/validate(for:)``.
  ///   - network: the network (the same on every rank).
  ///   - layout: the grid; its R must be the communicator's.
  ///   - inputs: the input rows (|samples| × M_0) of the given ascending global samples (called for the
  ///     rank's row samples, then, when they differ, for its column samples).
  ///   - communicator: the ranks.
  ///   - progress: called on this rank after each column panel with (done, total).
  /// - Throws: `ConfigurationError` for a request that does not fit or a grid of another size; what
  ///   `inputs` throws.
  public init<C: ReductionCommunicator>(
    request: MetricRequest, network: Network, layout: BlockCyclicSampleLayout,
    inputs: ([Int]) throws -> Matrix, communicator: C,
    progress: ((Int, Int) -> Void)? = nil
  ) throws {
    let arch = network.architecture
    try request.validate(for: arch)
    guard layout.ranks == communicator.size else {
      throw ConfigurationError(
        field: "ranks", "the layout is for \(layout.ranks) ranks, the communicator has \(communicator.size)")
    }
    let shape = DualShape(request: request, architecture: arch, samples: layout.samples)
    guard shape.blocks == layout.blocks else {
      throw ConfigurationError(
        field: "blocks", "the layout has \(layout.blocks) rows per sample, the metric \(shape.blocks)")
    }
    let (p, q) = layout.coordinates(rank: communicator.rank)
    let rows = layout.rowSamples(p)
    let columns = layout.columnSamples(q)
    let shared = rows == columns
    let forward = try ForwardPass(
      network: network, inputs: try Self.stacked(inputs(rows), shared ? nil : inputs(columns)),
      keepActivations: true, keepGrams: false)
    let sides = TileSides(rows: rows, columns: columns, columnOffset: shared ? 0 : rows.count)
    var tile = Self.unweightedTile(request: request, forward: forward, sides: sides, progress: progress)
    let cb = shape.blocks
    if request.meanSubtracted {
      Self.centre(&tile, sides: sides, blocks: cb, samples: layout.samples, communicator)
    }
    if request.output == .softmax {
      var logits = forward.logits
      if request.meanSubtracted {
        Self.centreLogits(&logits, rowCount: rows.count, on: q == 0, samples: layout.samples, communicator)
      }
      Self.weightBySoftmax(
        &tile, probabilities: SoftmaxCovariance(logits: logits).probabilities, sides: sides)
    }
    if shape.scale != 1 {
      let inv = 1 / shape.scale
      tile.modifyElements { e in for i in e.indices { e[i] *= inv } }
    }
    let sums = communicator.sumAll(Self.localMoments(tile, sides: sides, blocks: cb))
    self.layout = layout
    self.request = request
    self.shape = shape
    processRow = p
    processColumn = q
    local = tile
    trace = sums[0]
    squaredNorm = sums[1]
  }

  /// `a` above `b` (the row samples' inputs, then the column samples').
  static func stacked(_ a: Matrix, _ b: Matrix?) -> Matrix {
    guard let b else { return a }
    return Matrix(rows: a.rows + b.rows, columns: a.columns) { i, j in i < a.rows ? a[i, j] : b[i - a.rows, j]
    }
  }

  /// m = trace/D.
  public var mean: Double { trace / Double(shape.dimension) }
  /// s = ‖dual‖_F²/D.
  public var secondMoment: Double { squaredNorm / Double(shape.dimension) }

  /// The rank's row and column samples and where the column samples start in its forward pass (0 when
  /// they are the row samples).
  struct TileSides {
    let rows: [Int]
    let columns: [Int]
    let columnOffset: Int
    /// Samples in the forward pass.
    var forwardSamples: Int { columnOffset == 0 ? rows.count : rows.count + columns.count }
  }

  /// `K′[rows, columns]` in sample-major local order, column panel by column panel (GramPanels.band for
  /// each output block k of the rows, scattered to rows i·C′ + k).
  static func unweightedTile(
    request: MetricRequest, forward: ForwardPass, sides: TileSides, progress: ((Int, Int) -> Void)?
  ) -> Matrix {
    let scope: JacobianScope =
      request.kind == .featureMetric
      ? .features(layer: request.layer ?? 0) : .parameters(block: request.layer)
    let panels = GramPanels(forward: forward, scope: scope, outputIndex: request.outputIndex)
    let cb = request.outputIndex == nil ? forward.outputCount : 1
    let u = sides.forwardSamples
    let (nr, nc) = (sides.rows.count, sides.columns.count)
    let height = cb * nr
    var tile = Matrix(rows: height, columns: cb * nc)
    let width = panelSamples(blocks: cb)
    let starts = Array(stride(from: 0, to: nc, by: width))
    var band = Matrix(rows: 0, columns: 0)
    var scratch = Matrix(rows: 0, columns: 0)
    for (done, j0) in starts.enumerated() {
      let j1 = min(j0 + width, nc)
      let columns = (j0..<j1).flatMap { j in (0..<cb).map { k in k * u + sides.columnOffset + j } }
      let selected = panels.selectedRows(columns)
      let factors = panels.columnFactors(columns)
      for k in 0..<cb {
        panels.band(
          (k * u)..<(k * u + nr), columns: columns, selected: selected, factors: factors, into: &band,
          scratch: &scratch)
        tile.modifyElements { e in
          for t in 0..<columns.count {
            let target = (j0 * cb + t) * height + k
            let source = t * nr
            for i in 0..<nr { e[target + i * cb] = band.elements[source + i] }
          }
        }
      }
      progress?(done + 1, starts.count)
    }
    return tile
  }

  /// `tile ← 𝒫·K′·𝒫` on the tile: the row sums a[(n,k)][k'] over all N columns, reduced over ranks.
  static func centre<C: ReductionCommunicator>(
    _ tile: inout Matrix, sides: TileSides, blocks cb: Int, samples n: Int, _ comm: C
  ) {
    let height = tile.rows
    var sums = [Double](repeating: 0, count: n * cb * cb)  // (sample·C′ + k)·C′ + k'
    for j in sides.columns.indices {
      for kk in 0..<cb {
        let col = (j * cb + kk) * height
        for (i, sample) in sides.rows.enumerated() {
          for k in 0..<cb { sums[(sample * cb + k) * cb + kk] += tile.elements[col + i * cb + k] }
        }
      }
    }
    comm.sumAllInPlace(&sums)
    let inv = 1 / Double(n)
    for i in sums.indices { sums[i] *= inv }
    var mu = [Double](repeating: 0, count: cb * cb)  // k·C′ + k'
    for sample in 0..<n {
      for k in 0..<cb { for kk in 0..<cb { mu[k * cb + kk] += sums[(sample * cb + k) * cb + kk] } }
    }
    for i in mu.indices { mu[i] *= inv }
    tile.modifyElements { e in
      for (j, m) in sides.columns.enumerated() {
        for kk in 0..<cb {
          let col = (j * cb + kk) * height
          for (i, sample) in sides.rows.enumerated() {
            for k in 0..<cb {
              e[col + i * cb + k] +=
                mu[k * cb + kk] - sums[(sample * cb + k) * cb + kk] - sums[(m * cb + kk) * cb + k]
            }
          }
        }
      }
    }
  }

  /// Logits minus their mean over all N samples: the ranks of process column 0 contribute their row
  /// samples' sums (the process rows partition the samples).
  static func centreLogits<C: ReductionCommunicator>(
    _ logits: inout Matrix, rowCount: Int, on contributes: Bool, samples n: Int, _ comm: C
  ) {
    let c = logits.columns
    var sums = [Double](repeating: 0, count: c)
    if contributes {
      for k in 0..<c { for i in 0..<rowCount { sums[k] += logits[i, k] } }
    }
    let means = comm.sumAll(sums).map { $0 / Double(n) }
    let rows = logits.rows
    logits.modifyElements { e in
      for k in 0..<c { for i in 0..<rows { e[i + k * rows] -= means[k] } }
    }
  }

  /// `X ← ℬ_nᵀ·X·ℬ_m` for every C × C sample block of the tile; `g` holds the probabilities of the
  /// forward pass's samples (rows first, then the columns at `columnOffset`):
  ///
  /// ```
  /// (ℬ_nᵀ x)_k = √g_k(n)·(x_k − Σ_{k'} g_{k'}(n) x_{k'})      applied to each column (left) and row (right)
  /// ```
  static func weightBySoftmax(_ tile: inout Matrix, probabilities g: Matrix, sides: TileSides) {
    let c = g.columns
    let (height, width) = (tile.rows, tile.columns)
    func apply(_ e: inout [Double], start: Int, stride: Int, sample s: Int) {
      var dot = 0.0
      for k in 0..<c { dot += g[s, k] * e[start + k * stride] }
      for k in 0..<c { e[start + k * stride] = g[s, k].squareRoot() * (e[start + k * stride] - dot) }
    }
    tile.modifyElements { e in
      for i in sides.rows.indices {
        for col in 0..<width { apply(&e, start: col * height + i * c, stride: 1, sample: i) }
      }
      for j in sides.columns.indices {
        for row in 0..<height {
          apply(&e, start: j * c * height + row, stride: height, sample: sides.columnOffset + j)
        }
      }
    }
  }

  /// [Σ of the tile's entries on the global diagonal, Σ of its squared entries].
  static func localMoments(_ tile: Matrix, sides: TileSides, blocks cb: Int) -> [Double] {
    var squares = 0.0
    for x in tile.elements { squares += x * x }
    var diagonal = 0.0
    var position: [Int: Int] = [:]
    for (j, m) in sides.columns.enumerated() { position[m] = j }
    for (i, n) in sides.rows.enumerated() {
      guard let j = position[n] else { continue }
      for k in 0..<cb { diagonal += tile[i * cb + k, j * cb + k] }
    }
    return [diagonal, squares]
  }
}
