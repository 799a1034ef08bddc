// The record of one `spectra-mpi spectrum --method dense` run: configuration, grid, eigenvalues, moments.
import FIM
import Foundation
import Spectra

/// What rank 0 prints and writes for the dense path: enough to rerun it (seeds and sizes, or the network
/// directory; R, block size) and to compare it with `spectra spectrum --method dense` (`eigenvalues`
/// ascending, `m`, `s`, `lambda_max`). Keys that do not apply are `null`, as in ``SpectrumMPIReport``.
struct DenseSpectrumMPIReport: Encodable {
  let tool: String
  let version: String
  let mpiLibrary: String
  let ranks: Int
  /// P_r × P_c.
  let grid: [Int]
  /// nb = C′·s rows and columns per block.
  let blockSize: Int
  /// s samples per block.
  let samplesPerBlock: Int
  let method: MPIMethod
  /// How the eigenvalues were found.
  let solver: String
  /// The order of the dual's rows (a symmetric permutation of `spectra`'s: the same spectrum).
  let ordering: String
  let reductionOrder: String
  let metric: String
  /// The network directory (`--network`), null for a sampled network.
  @NullWhenAbsent var network: String?
  let activation: String
  /// The hidden width M of a sampled network (null for a network directory).
  @NullWhenAbsent var width: Int?
  /// M_0 … M_L.
  let widths: [Int]
  let inputWidth: Int
  let depth: Int
  let outputs: Int
  let samples: Int
  @NullWhenAbsent var sigmaW2: Double?
  @NullWhenAbsent var sigmaB2: Double?
  let parameterisation: Parameterisation
  /// The seeds of a sampled network's weights and inputs (null for a network directory).
  @NullWhenAbsent var seed: UInt64?
  @NullWhenAbsent var dataSeed: UInt64?
  /// C′N.
  let dualSize: Int
  /// D, over which m and s are averaged.
  let dimension: Int
  /// m = trace/D and s = ‖dual‖_F²/D from the assembled entries (exact: independent of the eigensolver).
  let m: Double
  let s: Double
  let trace: Double
  let squaredNorm: Double
  /// Σλ/D and Σλ²/D from the eigenvalues (agree with m, s to the eigensolver's accuracy; dense only).
  let mFromEigenvalues: Double?
  let sFromEigenvalues: Double?
  let lambdaMax: Double?
  /// All C′N eigenvalues of the dual, ascending (the nonzero spectrum of the metric; D − C′N more zeros
  /// when D > C′N); dense only.
  let eigenvalues: [Double]?
  let memory: DenseMPIMemory
  /// Rank 0's measured peak resident set (VmHWM), next to ``memory``'s estimate.
  let peakResidentRank0: ByteCount?
  let started: String
  /// Seconds to assemble the tiles (forward passes included).
  let assemblySeconds: Double
  /// Seconds in PDSYEVR (dense only).
  let eigensolverSeconds: Double?
  /// Seconds of the whole command on rank 0.
  let totalSeconds: Double
  /// The mean-field comparison (sampled Gaussian inputs), or nil with ``theoryNote`` saying why.
  var theory: TheoryComparisonJSON? = nil
  /// Why there is no comparison, when there is none.
  var theoryNote: String? = nil

  init(
    command c: SpectrumMPICommand, source: SpectrumMPISource, layout: BlockCyclicSampleLayout,
    moments: (trace: Double, squaredNorm: Double, dimension: Int), eigenvalues: [Double]?,
    memory: DenseMPIMemory, mpiLibrary: String, reductionOrder: String, started: Date,
    assemblySeconds: Double, eigensolverSeconds: Double?
  ) {
    tool = "spectra-mpi spectrum"
    version = MPIToolVersion.string
    self.mpiLibrary = mpiLibrary
    ranks = layout.ranks
    grid = [layout.processRows, layout.processColumns]
    blockSize = layout.blockSize
    samplesPerBlock = layout.samplesPerBlock
    method = c.method
    solver =
      eigenvalues == nil
      ? "none: trace and ‖dual‖_F² summed over each rank's block-cyclic tile, streamed by column panels"
      : "ScaLAPACK PDSYEVR (JOBZ = N, RANGE = A, UPLO = L), libscalapack-openmpi"
    ordering = "sample-major: row n·C′ + k (spectra's dense dual uses k·N + n; same eigenvalues)"
    self.reductionOrder = reductionOrder
    metric = c.request.name
    let arch = source.architecture
    network = source.path
    activation = c.activation
    width = source.path == nil ? c.width : nil
    widths = arch.widths
    inputWidth = arch.inputWidth
    depth = arch.depth
    outputs = arch.outputs
    samples = source.samples
    sigmaW2 = c.sigmaW2
    sigmaB2 = c.sigmaB2
    parameterisation = c.parameterisation
    seed = source.seeds?.weights
    dataSeed = source.seeds?.inputs
    dualSize = layout.size
    dimension = moments.dimension
    let d = Double(moments.dimension)
    m = moments.trace / d
    s = moments.squaredNorm / d
    trace = moments.trace
    squaredNorm = moments.squaredNorm
    mFromEigenvalues = eigenvalues.map { $0.reduce(0, +) / d }
    sFromEigenvalues = eigenvalues.map { $0.reduce(0) { $0 + $1 * $1 } / d }
    lambdaMax = eigenvalues?.last
    self.eigenvalues = eigenvalues
    self.memory = memory
    peakResidentRank0 = ProcessMemory.peakResident
    self.started = ISO8601DateFormatter().string(from: started)
    self.assemblySeconds = assemblySeconds
    self.eigensolverSeconds = eigensolverSeconds
    totalSeconds = Date().timeIntervalSince(started)
  }

  var summary: String {
    var lines = [
      "spectra-mpi spectrum: \(metric), \(method.rawValue), N = \(samples) over R = \(ranks) ranks (grid \(grid[0]) × \(grid[1]), nb = \(blockSize))",
      String(format: "m = %.15g  s = %.15g", m, s),
    ]
    if let eigenvalues, let lambdaMax {
      lines.append(
        String(format: "λ_max = %.15g; ", lambdaMax)
          + "\(eigenvalues.count) eigenvalues (--json or --out for all)")
    }
    if method == .panelMoments {
      lines.append("each rank walked \(memory.subdivisions) × \(memory.subdivisions) sub-tiles of its tile")
    }
    lines.append(
      String(format: "assembly %.3f s", assemblySeconds)
        + (eigensolverSeconds.map { String(format: ", PDSYEVR %.3f s", $0) } ?? "")
        + "; peak per rank ≈ \(memory.peak) estimated, "
        + "\(peakResidentRank0.map { "\($0)" } ?? "unknown") measured on rank 0")
    lines += theorySummary(theory, note: theoryNote)
    return lines.joined(separator: "\n")
  }
}
