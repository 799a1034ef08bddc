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
/// and backward passes of the rank's samples; memory: the tile, plus ``estimatedBytes(layout:architecture:request:rank:keepsTile:)``'s other terms.
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
    try Self.validate(request: request, network: network, layout: layout, ranks: communicator.size)
    let (p, q) = layout.coordinates(rank: communicator.rank)
    let mean = try Self.logitsMean(
      request: request, network: network, rowSets: q == 0 ? [layout.rowSamples(p)] : [], inputs: inputs,
      samples: layout.samples, communicator: communicator)
    let assembly = try Assembly(
      request: request, network: network, layout: layout, rows: layout.rowSamples(p),
      columns: layout.columnSamples(q), inputs: inputs, logitsMean: mean)
    let shape = assembly.shape
    let sides = assembly.sides
    var tile = assembly.unweighted(sides, progress: progress)
    let centring =
      request.meanSubtracted
      ? Centring(
        partialRowSums: Self.rowSums(of: tile, assembly, samples: layout.samples), samples: layout.samples,
        blocks: shape.blocks, communicator) : nil
    assembly.weight(&tile, sides: sides, centring: centring)
    let sums = try Self.checkedFinite(
      communicator.sumAll(Self.localMoments(tile, sides: sides, blocks: shape.blocks)))
    self.layout = layout
    self.request = request
    self.shape = shape
    (processRow, processColumn) = (p, q)
    local = tile
    trace = sums[0]
    squaredNorm = sums[1]
  }

  /// `[trace, ‖dual‖_F²]`, or an error when either is not finite (an entry of the dual overflowed or is
  /// NaN): every rank holds the same reduced sums, so every rank throws alike, before the eigensolver.
  static func checkedFinite(_ sums: [Double]) throws(ConfigurationError) -> [Double] {
    guard sums.allSatisfy({ $0.isFinite }) else {
      throw ConfigurationError(
        field: "network",
        "the dual has non-finite entries (trace \(sums[0]), ‖dual‖_F² \(sums[1])): the network's gradients overflow"
      )
    }
    return sums
  }

  /// The row sums of a whole tile (N·C′² numbers, zero outside its rows).
  static func rowSums(of tile: Matrix, _ assembly: Assembly, samples n: Int) -> [Double] {
    var sums = [Double](repeating: 0, count: n * assembly.layout.blocks * assembly.layout.blocks)
    assembly.addRowSums(tile, sides: assembly.sides, into: &sums)
    return sums
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

    /// The column panels of at most `width` samples, each with its own offset in the forward pass.
    func panels(width: Int) -> [TileSides] {
      stride(from: 0, to: columns.count, by: width).map { j0 in
        let j1 = min(j0 + width, columns.count)
        return TileSides(rows: rows, columns: Array(columns[j0..<j1]), columnOffset: columnOffset + j0)
      }
    }
  }

  /// What a rank needs to compute any part of its tile: the forward pass of its row and column samples,
  /// their layer-wise factors (GramPanels), and the softmax probabilities (collective when centred).
  struct Assembly {
    let request: MetricRequest
    let layout: BlockCyclicSampleLayout
    let shape: DualShape
    let sides: TileSides
    let panels: GramPanels
    /// The softmax probabilities of the forward pass's samples (softmax output only).
    let probabilities: Matrix?
    /// Samples in the forward pass.
    let forwardSamples: Int

    /// The part `rows × columns` (ascending global samples) of the dual, with the logits' global mean
    /// when the softmax acts on centred logits (``logitsMean(request:network:rowSets:inputs:samples:communicator:)``).
    init(
      request: MetricRequest, network: Network, layout: BlockCyclicSampleLayout, rows: [Int], columns: [Int],
      inputs: ([Int]) throws -> Matrix, logitsMean: [Double]?
    ) throws {
      let shared = rows == columns
      let forward = try ForwardPass(
        network: network, inputs: try BlockCyclicDual.stacked(inputs(rows), shared ? nil : inputs(columns)),
        keepActivations: true, keepGrams: false)
      sides = TileSides(rows: rows, columns: columns, columnOffset: shared ? 0 : rows.count)
      forwardSamples = forward.sampleCount
      let scope: JacobianScope =
        request.kind == .featureMetric
        ? .features(layer: request.layer ?? 0) : .parameters(block: request.layer)
      panels = GramPanels(forward: forward, scope: scope, outputIndex: request.outputIndex)
      if request.output == .softmax {
        var logits = forward.logits
        if let logitsMean {
          let n = logits.rows
          logits.modifyElements { e in
            for (k, mean) in logitsMean.enumerated() { for i in 0..<n { e[i + k * n] -= mean } }
          }
        }
        probabilities = SoftmaxCovariance(logits: logits).probabilities
      } else {
        probabilities = nil
      }
      shape = DualShape(request: request, architecture: network.architecture, samples: layout.samples)
      self.request = request
      self.layout = layout
    }

    /// `K′[rows, columns of sides]` in sample-major local order, column panel by column panel
    /// (GramPanels.band for each output block k of the rows, scattered to rows i·C′ + k).
    func unweighted(_ sides: TileSides, progress: ((Int, Int) -> Void)?) -> Matrix {
      let cb = layout.blocks
      let u = forwardSamples
      let (nr, nc) = (sides.rows.count, sides.columns.count)
      let height = cb * nr
      var tile = Matrix(rows: height, columns: cb * nc)
      let width = BlockCyclicDual.panelSamples(blocks: cb)
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

    /// Adds this part's contribution to the row sums Σ_m K′[(n,k),(m,k')] into `sums` (N·C′² numbers,
    /// indexed (n·C′ + k)·C′ + k').
    func addRowSums(_ tile: Matrix, sides: TileSides, into sums: inout [Double]) {
      let cb = layout.blocks
      let height = tile.rows
      for j in sides.columns.indices {
        for kk in 0..<cb {
          let col = (j * cb + kk) * height
          for (i, sample) in sides.rows.enumerated() {
            for k in 0..<cb { sums[(sample * cb + k) * cb + kk] += tile.elements[col + i * cb + k] }
          }
        }
      }
    }

    /// `tile ← ℬᵀ·𝒫·tile·𝒫·ℬ / c` for the part `sides` of the rank's tile.
    func weight(_ tile: inout Matrix, sides: TileSides, centring: Centring?) {
      if let centring { centring.apply(&tile, sides: sides, blocks: layout.blocks) }
      if let probabilities {
        BlockCyclicDual.weightBySoftmax(&tile, probabilities: probabilities, sides: sides)
      }
      if shape.scale != 1 {
        let inv = 1 / shape.scale
        tile.modifyElements { e in for i in e.indices { e[i] *= inv } }
      }
    }
  }

  /// The centring's means over all N samples:
  /// `a[(n,k)][k'] = (1/N)·Σ_m K′[(n,k),(m,k')]` and `μ[k][k'] = (1/N)·Σ_n a[(n,k)][k']`.
  struct Centring {
    /// a, indexed (n·C′ + k)·C′ + k'.
    let means: [Double]
    /// μ, indexed k·C′ + k'.
    let grand: [Double]

    /// From this rank's partial row sums (N·C′² numbers, reduced over ranks here: collective).
    init<C: ReductionCommunicator>(partialRowSums: [Double], samples n: Int, blocks cb: Int, _ comm: C) {
      var a = partialRowSums
      comm.sumAllInPlace(&a)
      let inv = 1 / Double(n)
      for i in a.indices { a[i] *= inv }
      var mu = [Double](repeating: 0, count: cb * cb)  // k·C′ + k'
      for sample in 0..<n {
        for k in 0..<cb { for kk in 0..<cb { mu[k * cb + kk] += a[(sample * cb + k) * cb + kk] } }
      }
      for i in mu.indices { mu[i] *= inv }
      means = a
      grand = mu
    }

    /// `K̄[(n,k),(m,k')] = K′ − a[(n,k)][k'] − a[(m,k')][k] + μ[k][k']` on the part `sides`.
    func apply(_ tile: inout Matrix, sides: TileSides, blocks cb: Int) {
      let height = tile.rows
      let (a, mu) = (means, grand)
      tile.modifyElements { e in
        for (j, m) in sides.columns.enumerated() {
          for kk in 0..<cb {
            let col = (j * cb + kk) * height
            for (i, sample) in sides.rows.enumerated() {
              for k in 0..<cb {
                e[col + i * cb + k] +=
                  mu[k * cb + kk] - a[(sample * cb + k) * cb + kk] - a[(m * cb + kk) * cb + k]
              }
            }
          }
        }
      }
    }
  }

  /// Checks the request against the network and the layout against the ranks; returns nothing.
  static func validate(
    request: MetricRequest, network: Network, layout: BlockCyclicSampleLayout, ranks: Int
  ) throws {
    let arch = network.architecture
    try request.validate(for: arch)
    guard layout.ranks == ranks else {
      throw ConfigurationError(
        field: "ranks", "the layout is for \(layout.ranks) ranks, the communicator has \(ranks)")
    }
    let blocks = DualShape(request: request, architecture: arch, samples: layout.samples).blocks
    guard blocks == layout.blocks else {
      throw ConfigurationError(
        field: "blocks", "the layout has \(layout.blocks) rows per sample, the metric \(blocks)")
    }
  }

  /// The logits' mean over all N samples when the softmax acts on centred logits, else nil; collective.
  /// Each rank runs the forward pass of its `rowSets` and contributes their logits' sums: the row sets of
  /// all ranks must partition the samples (the ranks of process column 0 give their row samples).
  static func logitsMean<C: ReductionCommunicator>(
    request: MetricRequest, network: Network, rowSets: [[Int]], inputs: ([Int]) throws -> Matrix,
    samples n: Int, communicator: C
  ) throws -> [Double]? {
    guard request.output == .softmax, request.meanSubtracted else { return nil }
    let c = network.architecture.outputs
    var sums = [Double](repeating: 0, count: c)
    for rows in rowSets where !rows.isEmpty {
      let logits = try ForwardPass(
        network: network, inputs: inputs(rows), keepActivations: false, keepGrams: false
      ).logits
      for k in 0..<c { for i in 0..<logits.rows { sums[k] += logits[i, k] } }
    }
    return communicator.sumAll(sums).map { $0 / Double(n) }
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
