// `spectra-mpi spectrum --method dense`: every eigenvalue of the dual, block-cyclic over a ScaLAPACK grid.
import FIM
import Foundation
import MPIBinding
import Spectra

extension SpectrumMPICommand {
  /// The dense path (and `panel-moments`, which streams the tile and keeps only its sums): each rank
  /// assembles its block-cyclic tile of the dual from the forward pass of its own row and column samples
  /// (``BlockCyclicDual``; their inputs drawn from `--data-seed` or read from the network directory's
  /// `X.npy` by rows), then PDSYEVR finds all C′N eigenvalues (``ScaLAPACKEigenvalues``). Memory is
  /// checked on every rank before the tile is allocated: the estimate plus PDSYEVR's queried workspace
  /// against the node's budget shared by its local ranks.
  func runDense(_ comm: MPICommunicator, source: SpectrumMPISource, started: Date) throws {
    let arch = source.architecture
    let samples = source.samples
    let shape = DualShape(request: request, architecture: arch, samples: samples)
    let layout = try BlockCyclicSampleLayout(
      samples: samples, blocks: shape.blocks, ranks: comm.size, samplesPerBlock: blockSamples)
    try ScaLAPACKEigenvalues.withGrid(rows: layout.processRows, columns: layout.processColumns) { grid in
      let place = layout.coordinates(rank: comm.rank)
      guard grid.row == place.row, grid.column == place.column else {
        throw ConfigurationError(
          field: "ranks",
          "BLACS placed rank \(comm.rank) at (\(grid.row), \(grid.column)), the layout expects (\(place.row), \(place.column))"
        )
      }
      let eigensolving = method == .dense
      let work =
        eigensolving
        ? try ScaLAPACKEigenvalues.workspace(size: layout.size, blockSize: layout.blockSize, grid: grid)
        : (doubles: 0, integers: 0)
      let budget = try MemoryBudget.resolve(option: memoryBudget)
      let eigensolver =
        eigensolving
        ? DenseMPIMemory.eigensolver(
          work: work, size: layout.size,
          tile: .doubles(
            ScaLAPACKEigenvalues.localCount(
              layout.size, blockSize: layout.blockSize, index: grid.row, count: grid.rows),
            ScaLAPACKEigenvalues.localCount(
              layout.size, blockSize: layout.blockSize, index: grid.column, count: grid.columns)))
        : ByteCount.zero
      func assembly(rank: Int, subdivisions k: Int) throws -> ByteCount {
        let fine = try layout.subdivided(by: k)
        let (p, q) = layout.coordinates(rank: rank)
        return BlockCyclicDual.estimatedBytes(
          layout: fine, architecture: arch, request: request, rank: p * fine.processColumns + q,
          keepsTile: eigensolving)
      }
      // panel-moments: each rank finds the fewest subdivisions that fit it; all take the largest.
      var k = 1
      if !eigensolving {
        k = subdivisions ?? 1
        if subdivisions == nil {
          let share = DenseMPIMemory.share(of: budget, localRanks: Self.localRanks)
          while k < layout.maximumSubdivisions,
            try assembly(rank: comm.rank, subdivisions: k) + DenseMPIMemory.processBytes > share
          {
            k += 1
          }
          var wanted = [Double](repeating: 0, count: comm.size)
          wanted[comm.rank] = Double(k)
          k = Int(comm.sumAll(wanted).max() ?? 1)
        }
      }
      let plan = DenseMPIMemory(
        assembly: try assembly(rank: comm.rank, subdivisions: k), eigensolver: eigensolver,
        subdivisions: k, budget: budget, localRanks: Self.localRanks)
      try plan.check(rank: comm.rank, ranks: comm.size)
      comm.barrier()
      let t0 = Date()
      let progress = comm.rank == 0 ? DenseProgress(started: t0) : nil
      let net = source.network()
      let inputs = { (rows: [Int]) throws -> Matrix in try source.inputs(rows: rows) }
      var report: DenseSpectrumMPIReport
      if eigensolving {
        var dual = try BlockCyclicDual(
          request: request, network: net, layout: layout, inputs: inputs, communicator: comm,
          progress: progress.map { p in { p.panel($0, of: $1) } })
        comm.barrier()
        let t1 = Date()
        progress?.note(
          "peak resident on rank 0 after the assembly: \(ProcessMemory.peakResident.map { "\($0)" } ?? "unknown")"
        )
        progress?.note(
          "PDSYEVR on the \(layout.size) × \(layout.size) dual, \(grid.rows) × \(grid.columns) grid")
        let eigenvalues = try ScaLAPACKEigenvalues.eigenvalues(
          of: &dual.local, size: layout.size, blockSize: layout.blockSize, grid: grid)
        let t2 = Date()
        report = DenseSpectrumMPIReport(
          command: self, source: source, layout: layout,
          moments: (dual.trace, dual.squaredNorm, dual.shape.dimension), eigenvalues: eigenvalues,
          memory: plan,
          mpiLibrary: MPICommunicator.libraryVersion, reductionOrder: comm.reductionOrder, started: started,
          assemblySeconds: t1.timeIntervalSince(t0), eigensolverSeconds: t2.timeIntervalSince(t1))
      } else {
        let sums = try BlockCyclicDual.exactMoments(
          request: request, network: net, layout: layout, inputs: inputs, communicator: comm,
          subdivisions: k, progress: progress.map { p in { p.panel($0, of: $1) } })
        let shape = DualShape(request: request, architecture: arch, samples: samples)
        report = DenseSpectrumMPIReport(
          command: self, source: source, layout: layout,
          moments: (sums.trace, sums.squaredNorm, shape.dimension), eigenvalues: nil, memory: plan,
          mpiLibrary: MPICommunicator.libraryVersion, reductionOrder: comm.reductionOrder, started: started,
          assemblySeconds: Date().timeIntervalSince(t0), eigensolverSeconds: nil)
      }
      let eigenvalues = report.eigenvalues
      let measured = MeasuredStatistics(
        request: request, mean: report.m, secondMoment: report.s, largest: eigenvalues?.last,
        topMean: eigenvalues.map { SpectralStatistics.topMean(layout.blocks, of: $0) },
        descendingTop: eigenvalues?.reversed() ?? [])
      // The shares of the theory's sums: the row samples of the ranks in process column 0, read only
      // when the theory asks (measured input moments, softmax sums) and then once.
      let (p, q) = layout.coordinates(rank: comm.rank)
      var share: Matrix?? = nil
      func shareInputs() throws -> Matrix? {
        if share == nil { share = .some(q == 0 ? try inputs(layout.rowSamples(p)) : nil) }
        return share!
      }
      let theory = try theory(
        measured: measured, source: source, network: net, communicator: comm, shareInputs: shareInputs,
        shareLogits: {
          try shareInputs().map {
            try ForwardPass(network: net, inputs: $0, keepActivations: false, keepGrams: false).logits
          }
        })
      guard comm.rank == 0 else { return }
      report.theory = theory.comparison.map(TheoryComparisonJSON.init)
      report.theoryNote = theory.note
      try emit(try SpectrumMPIReport.encoder.encode(report), summary: report.summary)
    }
  }

  /// The ranks of this job on this node, among which the node's memory is shared: Open MPI's
  /// `OMPI_COMM_WORLD_LOCAL_SIZE` (mpirun), else Slurm's `SLURM_NTASKS_PER_NODE` (srun; its leading number,
  /// as in `4(x16)`), else 1.
  static var localRanks: Int {
    let env = ProcessInfo.processInfo.environment
    for key in ["OMPI_COMM_WORLD_LOCAL_SIZE", "SLURM_NTASKS_PER_NODE"] {
      if let value = env[key], let n = Int(value.prefix { $0.isNumber }), n > 0 { return n }
    }
    return 1
  }
}

/// One rank's memory plan for the dense path: assembly peak and PDSYEVR workspace against its share of
/// the node's budget (the budget divided by the ranks on the node).
struct DenseMPIMemory: Codable {
  /// ``BlockCyclicDual/estimatedBytes(layout:architecture:request:rank:keepsTile:)``.
  let assembly: ByteCount
  /// ``eigensolver(work:size:tile:)``.
  let eigensolver: ByteCount
  /// The k of the streamed moments (1 for the dense path): each rank walks k² sub-tiles.
  let subdivisions: Int
  /// The process itself (``processBytes``).
  var process = DenseMPIMemory.processBytes
  /// Swift runtime, Open MPI and OpenBLAS buffers: 43 MB measured for a tiny run on one rank; 64 MiB
  /// counted.
  static let processBytes = ByteCount(64 << 20)
  /// The node's budget (--memory-budget, cgroup or MemAvailable).
  let budget: MemoryBudget
  /// Ranks sharing the node.
  let localRanks: Int

  /// PDSYEVR's LWORK doubles and LIWORK integers (its own query) and the n eigenvalues, plus what its
  /// PBLAS calls allocate for themselves: not in the query; measured as 0.55–0.67 of the local tile on
  /// 1 and 2 ranks (C′N = 4 500 and 6 000, docs/mpi.md), counted as 0.75.
  static func eigensolver(work: (doubles: Int, integers: Int), size n: Int, tile: ByteCount) -> ByteCount {
    .doubles(work.doubles + n) + ByteCount(4 * work.integers) + ByteCount(tile.bytes / 4 * 3)
  }

  /// Assembly, eigensolver and process summed: conservative, since the assembly's buffers other than the
  /// tile are freed before the eigensolve.
  var peak: ByteCount { assembly + eigensolver + process }
  /// This rank's share of the node's budget.
  var share: ByteCount { Self.share(of: budget, localRanks: localRanks) }

  /// A node's budget divided by its ranks.
  static func share(of budget: MemoryBudget, localRanks: Int) -> ByteCount {
    budget.bytes.isUnbounded ? .unbounded : ByteCount(budget.bytes.bytes / max(localRanks, 1))
  }

  /// - Throws: `ConfigurationError` (field `memory`) naming what is needed, what is available and what to
  ///   change, when the peak exceeds the share.
  func check(rank: Int, ranks: Int) throws {
    guard peak > share else { return }
    throw ConfigurationError(
      field: "memory",
      "the dense dual needs \(peak) on rank \(rank) (tile and assembly \(assembly), PDSYEVR \(eigensolver), process \(process)) but has \(share) (\(budget.bytes) from \(budget.source.label), shared by \(localRanks) ranks on this node): \(subdivisions > 1 ? "\(subdivisions) subdivisions were not enough; " : "")use more ranks or nodes (the tile shrinks as 1/R), fewer samples, --method panel-moments (m, s only; --subdivisions K holds 1/K of the factors), or --method lanczos/slq, which never form the dual"
    )
  }
}

/// Rank 0's progress on stderr: tile panels with an ETA (at most every 2 s), then the eigensolver.
final class DenseProgress {
  let started: Date
  var last = Date.distantPast

  init(started: Date) { self.started = started }

  func panel(_ done: Int, of total: Int) {
    let now = Date()
    guard done == total || now.timeIntervalSince(last) >= 2 else { return }
    last = now
    let elapsed = now.timeIntervalSince(started)
    let eta = elapsed / Double(done) * Double(total - done)
    note(
      String(format: "assembling rank 0's tile: panel %d/%d, %.1f s, ETA %.0f s", done, total, elapsed, eta))
  }

  func note(_ line: String) {
    FileHandle.standardError.write(Data("spectra-mpi spectrum: \(line)\n".utf8))
  }
}
