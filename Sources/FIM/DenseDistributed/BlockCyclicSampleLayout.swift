// Which blocks of the dense dual each rank of a P_r × P_c grid holds: ScaLAPACK's block-cyclic layout.
import Spectra

/// The 2-D block-cyclic distribution (ScaLAPACK's, first block on process (0, 0)) of a C′N × C′N dual over
/// a `P_r × P_c` process grid, with the dual's rows in **sample-major** order and blocks of whole samples:
///
/// ```
/// global row of (sample n, output k) = n·C′ + k          (a symmetric permutation of k·N + n: same spectrum)
/// block b = samples b·s ..< min((b+1)·s, N),  nb = C′·s rows
/// process row p holds the blocks b ≡ p (mod P_r), process column q the blocks b ≡ q (mod P_c)
/// local row of (the i-th sample of process row p, output k) = i·C′ + k
/// rank r = p·P_c + q                                        (Cblacs_gridinit order "Row")
/// ```
/// so that a rank's tile `K′[rows(p), columns(q)]` is made of whole C′ × C′ sample blocks: the softmax
/// factor ℬ_n (C′ × C′ per sample) acts inside it. The local row count equals ScaLAPACK's
/// `numroc(C′N, nb, p, 0, P_r)` (``numroc(_:blockSize:process:processes:)``).
/// Source: the ScaLAPACK Users' Guide §4.3 (block-cyclic distribution); shared/science/karakida.md §3–§6
/// for the dual.
public struct BlockCyclicSampleLayout: Sendable, Equatable, Codable {
  /// N.
  public let samples: Int
  /// C′, rows per sample.
  public let blocks: Int
  /// s, samples per block.
  public let samplesPerBlock: Int
  /// P_r.
  public private(set) var processRows: Int
  /// P_c.
  public private(set) var processColumns: Int

  /// The layout of a C′N dual over `ranks` ranks on the grid of ``grid(ranks:)``.
  ///
  /// - Parameters:
  ///   - samples: N.
  ///   - blocks: C′, rows per sample.
  ///   - ranks: R.
  ///   - requested: s; nil: ``defaultSamplesPerBlock(samples:blocks:grid:)``.
  /// - Throws: `ConfigurationError` when a process row or column would hold no block
  ///   (N/s < max(P_r, P_c)), or for non-positive sizes.
  public init(samples: Int, blocks: Int, ranks: Int, samplesPerBlock requested: Int? = nil)
    throws(ConfigurationError)
  {
    guard samples > 0, blocks > 0, ranks > 0 else {
      throw ConfigurationError(
        field: "samples", "a block-cyclic dual needs N, C′, R > 0, got \(samples), \(blocks), \(ranks)")
    }
    let grid = Self.grid(ranks: ranks)
    let longest = max(grid.rows, grid.columns)
    guard samples >= longest else {
      throw ConfigurationError(
        field: "samples",
        "N = \(samples) samples cannot give every row and column of the \(grid.rows) × \(grid.columns) process grid a block: use at most \(samples) ranks on a line, or more samples"
      )
    }
    let s = requested ?? Self.defaultSamplesPerBlock(samples: samples, blocks: blocks, grid: grid)
    let blockCount = (samples + s - 1) / max(s, 1)
    guard s > 0, blockCount >= longest else {
      throw ConfigurationError(
        field: "block-samples",
        "--block-samples \(s) gives \(blockCount) blocks of samples, fewer than the \(longest) process rows or columns of the \(grid.rows) × \(grid.columns) grid: use at most \(samples / longest)"
      )
    }
    self.samples = samples
    self.blocks = blocks
    samplesPerBlock = s
    processRows = grid.rows
    processColumns = grid.columns
  }

  /// The same blocks on a `k·P_r × k·P_c` grid: rank (p, q)'s tile splits into the k² tiles
  /// (p + i·P_r, q + j·P_c), i, j < k, of the finer grid (a block b ≡ p + i·P_r (mod k·P_r) is ≡ p
  /// (mod P_r)). The streamed moments walk them one at a time, holding 1/k of the factors.
  ///
  /// - Throws: `ConfigurationError` (field `subdivisions`) when the blocks do not fill the finer grid.
  public func subdivided(by k: Int) throws(ConfigurationError) -> BlockCyclicSampleLayout {
    guard k >= 1, blockCount >= k * max(processRows, processColumns) else {
      throw ConfigurationError(
        field: "subdivisions",
        "\(k) subdivisions need \(k * max(processRows, processColumns)) blocks of samples, there are \(blockCount) (N = \(samples), s = \(samplesPerBlock)): use at most \(maximumSubdivisions), or smaller --block-samples"
      )
    }
    var fine = self
    fine.processRows = k * processRows
    fine.processColumns = k * processColumns
    return fine
  }

  /// The largest k that ``subdivided(by:)`` accepts.
  public var maximumSubdivisions: Int { max(1, blockCount / max(processRows, processColumns)) }

  /// The most square grid `P_r × P_c = R` with `P_r ≤ P_c` (1 × 2, 2 × 2, 1 × 3, 2 × 3, …).
  public static func grid(ranks: Int) -> (rows: Int, columns: Int) {
    var rows = 1
    var d = 1
    while d * d <= ranks {
      if ranks % d == 0 { rows = d }
      d += 1
    }
    return (rows, ranks / rows)
  }

  /// s = ⌊64/C′⌋ samples (blocks of about 64 rows, ScaLAPACK's usual size), at least 1, and at most
  /// ⌈N / max(P_r, P_c)⌉ so that every process row and column holds a block.
  public static func defaultSamplesPerBlock(samples: Int, blocks: Int, grid: (rows: Int, columns: Int)) -> Int
  {
    let longest = max(grid.rows, grid.columns)
    return max(1, min(max(1, 64 / blocks), samples / longest))
  }

  /// The block size nb = C′·s (rows and columns).
  public var blockSize: Int { blocks * samplesPerBlock }
  /// The dual's size C′·N.
  public var size: Int { blocks * samples }
  /// R = P_r·P_c.
  public var ranks: Int { processRows * processColumns }
  /// The number of sample blocks ⌈N/s⌉.
  public var blockCount: Int { (samples + samplesPerBlock - 1) / samplesPerBlock }

  /// Rank r's place (p, q) on the grid, row-major.
  public func coordinates(rank: Int) -> (row: Int, column: Int) {
    (rank / processColumns, rank % processColumns)
  }

  /// The samples (ascending) of the blocks `b ≡ index (mod count)`: those of process row `index` when
  /// `count = P_r`, of process column `index` when `count = P_c`.
  public func samples(ofProcess index: Int, among count: Int) -> [Int] {
    stride(from: index, to: blockCount, by: count).flatMap { b in
      (b * samplesPerBlock)..<min((b + 1) * samplesPerBlock, samples)
    }
  }

  /// The samples whose rows process row p holds.
  public func rowSamples(_ p: Int) -> [Int] { samples(ofProcess: p, among: processRows) }
  /// The samples whose columns process column q holds.
  public func columnSamples(_ q: Int) -> [Int] { samples(ofProcess: q, among: processColumns) }

  /// ScaLAPACK's NUMROC for a first block on process 0: how many of `n` rows, in blocks of `nb`, process
  /// `p` of `processes` holds.
  public static func numroc(_ n: Int, blockSize nb: Int, process p: Int, processes: Int) -> Int {
    let fullBlocks = n / nb
    var count = (fullBlocks / processes) * nb
    let extra = fullBlocks % processes
    if p < extra {
      count += nb
    } else if p == extra {
      count += n % nb
    }
    return count
  }
}
