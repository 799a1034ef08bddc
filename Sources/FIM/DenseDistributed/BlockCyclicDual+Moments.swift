// Exact trace and ‖dual‖_F² by panel pairs: each rank streams its block-cyclic tile, keeping only sums.
import Spectra

extension BlockCyclicDual {
  /// trace(dual) and ‖dual‖_F² (exact: the m·D and s·D of the dense dual) without holding the tile:
  ///
  /// ```
  /// rank (p, q) walks the k² tiles (p + i·P_r, q + j·P_c) of the k-fold finer grid, i, j < k
  ///   each: forward pass of its N/(k·P_r) + N/(k·P_c) samples, then column panels of K′
  ///   centred: pass 1 sums the rows (one allreduce of N·C′²), pass 2 the centred, weighted entries
  /// trace = Σ of the entries on the global diagonal,  ‖dual‖_F² = Σ of their squares   (one allreduce)
  /// ```
  /// Collective. Source: shared/science/karakida.md §3–§6 (the dual); the panels are `GramPanels`'.
  ///
  /// - Complexity: 2·(C′N)²·Σ_{l<L} M_l / R flops per rank (twice when mean-subtracted), plus k times
  ///   the forward and backward passes of the rank's samples; memory: the forward pass, backward signals
  ///   and one panel of N/(k·P_r) + N/(k·P_c) samples (``estimatedBytes(layout:architecture:request:rank:keepsTile:)``
  ///   of the finer layout), and N·C′² numbers when centred.
  /// - Parameters:
  ///   - request: the metric.
  ///   - network: the network (the same on every rank).
  ///   - layout: the grid; its R must be the communicator's.
  ///   - inputs: the input rows of the given ascending global samples.
  ///   - communicator: the ranks.
  ///   - k: subdivisions, k ≥ 1 (``BlockCyclicSampleLayout/subdivided(by:)``).
  ///   - width: samples per column panel (nil: about 1024 dual columns).
  ///   - progress: called on this rank after each panel with (done, total).
  /// - Throws: as ``init(request:network:layout:inputs:communicator:progress:)``, and for a k the blocks
  ///   cannot fill.
  public static func exactMoments<C: ReductionCommunicator>(
    request: MetricRequest, network: Network, layout: BlockCyclicSampleLayout,
    inputs: ([Int]) throws -> Matrix, communicator: C, subdivisions k: Int = 1,
    progress: ((Int, Int) -> Void)? = nil, panelSamples width: Int? = nil
  ) throws -> (trace: Double, squaredNorm: Double) {
    try validate(request: request, network: network, layout: layout, ranks: communicator.size)
    let fine = try layout.subdivided(by: k)
    let (p, q) = layout.coordinates(rank: communicator.rank)
    let rowSets = (0..<k).map { fine.rowSamples(p + $0 * layout.processRows) }
    let columnSets = (0..<k).map { fine.columnSamples(q + $0 * layout.processColumns) }
    let mean = try logitsMean(
      request: request, network: network, rowSets: q == 0 ? rowSets : [], inputs: inputs,
      samples: layout.samples, communicator: communicator)
    let panelWidth = max(1, width ?? panelSamples(blocks: layout.blocks))
    let panelsPerPass = rowSets.count * columnSets.reduce(0) { $0 + ($1.count + panelWidth - 1) / panelWidth }
    let total = (request.meanSubtracted ? 2 : 1) * panelsPerPass
    var done = 0

    /// Runs `body` on every panel of every sub-tile of this rank, one assembly at a time.
    func eachPanel(_ body: (Assembly, TileSides, Matrix) -> Void) throws {
      for rows in rowSets {
        for columns in columnSets {
          let assembly = try Assembly(
            request: request, network: network, layout: layout, rows: rows, columns: columns, inputs: inputs,
            logitsMean: mean)
          for panel in assembly.sides.panels(width: panelWidth) {
            body(assembly, panel, assembly.unweighted(panel, progress: nil))
            done += 1
            progress?(done, total)
          }
        }
      }
    }

    var centring: Centring? = nil
    if request.meanSubtracted {
      var sums = [Double](repeating: 0, count: layout.samples * layout.blocks * layout.blocks)
      try eachPanel { assembly, panel, tile in
        assembly.addRowSums(tile, sides: panel, into: &sums)
      }
      centring = Centring(partialRowSums: sums, samples: layout.samples, blocks: layout.blocks, communicator)
    }
    var moments = [0.0, 0.0]
    try eachPanel { assembly, panel, unweighted in
      var tile = unweighted
      assembly.weight(&tile, sides: panel, centring: centring)
      let part = localMoments(tile, sides: panel, blocks: layout.blocks)
      moments[0] += part[0]
      moments[1] += part[1]
    }
    let sums = try checkedFinite(communicator.sumAll(moments))
    return (sums[0], sums[1])
  }
}
