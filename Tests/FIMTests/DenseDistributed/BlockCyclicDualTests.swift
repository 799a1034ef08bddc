// The block-cyclic tiles of the dense dual on R in-process ranks against MetricDual's dense dual: every
// entry, trace and ‖·‖_F², for every request; the layout against ScaLAPACK's NUMROC; inputs by row list.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Block-cyclic dense dual (the ScaLAPACK path's assembly)")
struct BlockCyclicDualTests {
  /// Every rank's tile, placed at its global sample-major rows and columns: the whole C′N × C′N dual.
  static func gathered(
    _ request: MetricRequest, _ net: Network, _ x: Matrix, ranks: Int, samplesPerBlock: Int?
  ) throws -> (dual: Matrix, trace: Double, squaredNorm: Double) {
    let blocks = request.outputIndex == nil ? net.architecture.outputs : 1
    let layout = try BlockCyclicSampleLayout(
      samples: x.rows, blocks: blocks, ranks: ranks, samplesPerBlock: samplesPerBlock)
    let tiles = try ThreadedCommunicator.run(ranks: ranks) { comm in
      try BlockCyclicDual(
        request: request, network: net, layout: layout, inputs: { x.selectingRows($0) }, communicator: comm)
    }
    var full = Matrix(rows: layout.size, columns: layout.size, repeating: .nan)
    for tile in tiles {
      let rows = layout.rowSamples(tile.processRow)
      let columns = layout.columnSamples(tile.processColumn)
      #expect(tile.local.rows == blocks * rows.count && tile.local.columns == blocks * columns.count)
      for (j, m) in columns.enumerated() {
        for kk in 0..<blocks {
          for (i, n) in rows.enumerated() {
            for k in 0..<blocks {
              full[n * blocks + k, m * blocks + kk] = tile.local[i * blocks + k, j * blocks + kk]
            }
          }
        }
      }
    }
    #expect(tiles.allSatisfy { $0.trace == tiles[0].trace && $0.squaredNorm == tiles[0].squaredNorm })
    return (full, tiles[0].trace, tiles[0].squaredNorm)
  }

  /// MetricDual's dense dual (output-major k·N + n) in sample-major order n·C′ + k.
  static func sampleMajor(_ dual: Matrix, blocks: Int) -> Matrix {
    let n = dual.rows / blocks
    return Matrix(rows: dual.rows, columns: dual.columns) { i, j in
      dual[(i % blocks) * n + i / blocks, (j % blocks) * n + j / blocks]
    }
  }

  @Test(
    "every entry, trace and ‖dual‖_F² on 1…6 ranks equal MetricDual's dense dual (1e-13 relative)",
    arguments: [(1, nil), (2, 2), (3, 1), (4, nil), (4, 1), (6, 1)] as [(Int, Int?)])
  func tilesMatchDenseDual(ranks: Int, samplesPerBlock: Int?) throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .standard, samples: 9)
    for request in MetricRequest.all(for: net.architecture) {
      let dense = try MatrixFreeFixtures.denseDual(request, net, x)
      let blocks = request.outputIndex == nil ? net.architecture.outputs : 1
      let want = Self.sampleMajor(dense, blocks: blocks)
      let got = try Self.gathered(request, net, x, ranks: ranks, samplesPerBlock: samplesPerBlock)
      // A centred dual can vanish exactly (the last hidden layer's feature metric: J_h is ω^L for every
      // sample); rounding is then judged against the uncentred dual's scale.
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      let scale = try MatrixFreeFixtures.denseDual(uncentred, net, x).maxAbs
      let label = "\(request.name), R = \(ranks), s = \(String(describing: samplesPerBlock))"
      #expect(!got.dual.elements.contains { $0.isNaN }, "\(label): an entry no rank holds")
      #expect(MatrixFreeFixtures.relativeDifference(got.dual, want, scale: scale) <= 1e-13, "\(label)")
      let size = Double(dense.rows)
      let trace = (0..<dense.rows).reduce(0.0) { $0 + dense[$1, $1] }
      let squares = dense.elements.reduce(0.0) { $0 + $1 * $1 }
      #expect(abs(got.trace - trace) <= 1e-13 * (abs(trace) + size * scale), "\(label) trace")
      #expect(
        abs(got.squaredNorm - squares) <= 1e-13 * squares + size * size * (1e-13 * scale) * (1e-13 * scale),
        "\(label) ‖·‖_F²")
      // The same sums streamed panel by panel (2 samples per panel), no tile kept, on the grid and on
      // the twice finer one (each rank walking 4 sub-tiles).
      let layout = try BlockCyclicSampleLayout(
        samples: x.rows, blocks: blocks, ranks: ranks, samplesPerBlock: samplesPerBlock)
      for k in Set([1, min(2, layout.maximumSubdivisions)]) {
        let streamed = try ThreadedCommunicator.run(ranks: ranks) { comm in
          try BlockCyclicDual.exactMoments(
            request: request, network: net, layout: layout, inputs: { x.selectingRows($0) },
            communicator: comm, subdivisions: k, panelSamples: 2)
        }
        #expect(streamed.allSatisfy { $0 == streamed[0] }, "\(label), k = \(k): ranks disagree")
        #expect(
          abs(streamed[0].trace - got.trace) <= 1e-13 * (abs(trace) + size * scale),
          "\(label), k = \(k): streamed trace")
        #expect(
          abs(streamed[0].squaredNorm - got.squaredNorm)
            <= 1e-13 * squares + size * size * (1e-13 * scale) * (1e-13 * scale),
          "\(label), k = \(k): streamed ‖·‖_F²")
      }
    }
  }

  @Test("the same R gives bitwise the same tiles twice; the eigenvalues match the dense ones")
  func reproducibleAndSameSpectrum() throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard, samples: 10)
    let request = MetricRequest.fisher(output: .softmax, meanSubtracted: true)
    let a = try Self.gathered(request, net, x, ranks: 4, samplesPerBlock: 1)
    let b = try Self.gathered(request, net, x, ranks: 4, samplesPerBlock: 1)
    #expect(a.dual.elements == b.dual.elements && a.trace == b.trace && a.squaredNorm == b.squaredNorm)
    let want = try SymmetricEigen(MatrixFreeFixtures.denseDual(request, net, x)).eigenvalues.sorted()
    let got = try SymmetricEigen(a.dual).eigenvalues.sorted()
    let top = want.last!
    #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 1e-12 * top })
  }

  @Test("the local sizes are ScaLAPACK's NUMROC for every grid, N and s")
  func localSizesAreNumroc() throws {
    for ranks in 1...9 {
      for samples in [ranks + 0, 7, 23, 64] where samples >= ranks {
        for blocks in [1, 3, 10] {
          for s in [nil, 1, 2, 5] as [Int?] {
            guard
              let layout = try? BlockCyclicSampleLayout(
                samples: samples, blocks: blocks, ranks: ranks, samplesPerBlock: s)
            else { continue }
            let nb = layout.blockSize
            var seen = Set<Int>()
            for p in 0..<layout.processRows {
              let rows = layout.rowSamples(p)
              #expect(
                blocks * rows.count
                  == BlockCyclicSampleLayout.numroc(
                    layout.size, blockSize: nb, process: p, processes: layout.processRows))
              #expect(!rows.isEmpty && seen.isDisjoint(with: rows))
              seen.formUnion(rows)
            }
            #expect(seen == Set(0..<samples), "rows of R = \(ranks), N = \(samples)")
            for q in 0..<layout.processColumns {
              #expect(
                blocks * layout.columnSamples(q).count
                  == BlockCyclicSampleLayout.numroc(
                    layout.size, blockSize: nb, process: q, processes: layout.processColumns))
            }
          }
        }
      }
    }
  }

  @Test("a grid with a process row or column and no block is refused, naming the field")
  func tooFewSamplesRefused() {
    #expect(throws: ConfigurationError.self) {
      try BlockCyclicSampleLayout(samples: 3, blocks: 2, ranks: 4, samplesPerBlock: 3)
    }
    #expect(throws: ConfigurationError.self) { try BlockCyclicSampleLayout(samples: 1, blocks: 2, ranks: 2) }
    #expect(
      BlockCyclicSampleLayout.grid(ranks: 6) == (2, 3) && BlockCyclicSampleLayout.grid(ranks: 7) == (1, 7))
  }

  @Test("inputs drawn by a list of rows are those rows of the whole sample")
  func inputRowsMatchTheWholeSample() throws {
    let whole = try GaussianInputs.sample(samples: 12, width: 5, seed: 9)
    let rows = [0, 3, 4, 5, 10]
    let part = try GaussianInputs.sampleRows(rows, samples: 12, width: 5, seed: 9)
    #expect(part.elements == whole.selectingRows(rows).elements)
    #expect(throws: ConfigurationError.self) {
      try GaussianInputs.sampleRows([3, 2], samples: 12, width: 5, seed: 9)
    }
    #expect(throws: ConfigurationError.self) {
      try GaussianInputs.sampleRows([12], samples: 12, width: 5, seed: 9)
    }
  }
}
