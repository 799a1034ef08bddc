// The sample-sliced dual on R in-process ranks against the single-process MetricOperator: products, top-k,
// exact moments, reproducibility, and the input slices.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Sample-sliced (data-parallel) metric operator")
struct SampleSlicedOperatorTests {
  static let samples = 11

  /// Every rank's slice of the operator (forward pass of its own samples only).
  static func sliced(
    _ request: MetricRequest, _ net: Network, _ x: Matrix, _ comm: ThreadedCommunicator, chunk: Int? = nil
  ) throws -> SampleSlicedMetricOperator<ThreadedCommunicator> {
    let range = comm.slice(of: x.rows)
    let forward = try ForwardPass(
      network: net, inputs: x.selectingRows(Array(range)), keepActivations: true, keepGrams: false)
    return try SampleSlicedMetricOperator(
      request: request, forward: forward, samples: range, totalSamples: x.rows, communicator: comm,
      samplesPerChunk: chunk)
  }

  /// The global rows of each rank's result, assembled into one C′N × b matrix.
  static func assemble(_ parts: [(rows: [Int], block: Matrix)], size: Int) -> Matrix {
    var out = Matrix(rows: size, columns: parts[0].block.columns)
    for part in parts {
      for j in 0..<part.block.columns {
        for (i, r) in part.rows.enumerated() { out[r, j] = part.block[i, j] }
      }
    }
    return out
  }

  @Test(
    "dual·V on 1…4 ranks equals MetricOperator's for every request (1e-12 relative)", arguments: [1, 2, 3, 4])
  func productsMatch(ranks: Int) throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .standard, samples: Self.samples)
    let single = try ForwardPass(network: net, inputs: x, keepActivations: true, keepGrams: false)
    for request in MetricRequest.all(for: net.architecture) {
      let op = try MetricOperator(request: request, forward: single)
      let v = RandomStream(seed: 17).gaussianMatrix(rows: op.dimension, columns: 3)
      let expected = try op.apply(v)
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      let scale = try MetricOperator(request: uncentred, forward: single).apply(v).maxAbs
      for chunk in [nil, 2] as [Int?] {
        let parts = try ThreadedCommunicator.run(ranks: ranks) { comm in
          let sliced = try Self.sliced(request, net, x, comm, chunk: chunk)
          let rows = sliced.globalRows
          return (rows: rows, block: try sliced.apply(v.selectingRows(rows)))
        }
        let got = Self.assemble(parts, size: op.dimension)
        #expect(
          MatrixFreeFixtures.relativeDifference(got, expected, scale: scale) <= Tolerance.reduction,
          "\(request.name), R = \(ranks), chunk \(String(describing: chunk))")
      }
    }
  }

  @Test(
    "top-k and exact m, s on 1…4 ranks equal the single-process ones (1e-12 relative)",
    arguments: [1, 2, 3, 4])
  func spectrumMatches(ranks: Int) throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard, samples: Self.samples)
    for request in [MetricRequest.fisher(), .fisher(output: .softmax, meanSubtracted: true), .ntk()] {
      let dense = try SymmetricEigen(MatrixFreeFixtures.denseDual(request, net, x)).eigenvalues.sorted(by: >)
      let single = try MetricOperator(
        request: request, forward: ForwardPass(network: net, inputs: x, keepActivations: true))
      let exact = single.exactMoments()
      let results = try ThreadedCommunicator.run(ranks: ranks) { comm in
        try DistributedMatrixFreeSpectrum(
          operator: Self.sliced(request, net, x, comm),
          topK: (count: 4, tolerance: 1e-12, blockSize: 4, seed: 3),
          moments: true, trace: true)
      }
      for result in results {
        let top = try #require(result.top)
        #expect(top.converged.allSatisfy { $0 }, "\(request.name)")
        for (got, want) in zip(top.eigenvalues, dense) {
          #expect(
            isClose(got, want, relative: Tolerance.reduction),
            "\(request.name) R = \(ranks): \(got) vs \(want)")
        }
        let moments = try #require(result.moments)
        #expect(isClose(moments.trace, exact.trace, relative: Tolerance.reduction), "\(request.name)")
        #expect(
          isClose(moments.frobeniusSquared, exact.frobeniusSquared, relative: Tolerance.reduction),
          "\(request.name)")
        #expect(moments.dimension == exact.dimension)
        #expect(isClose(result.trace, single.exactTrace(), relative: Tolerance.reduction), "\(request.name)")
        #expect(top.eigenvalues == results[0].top!.eigenvalues, "every rank holds the same bits")
      }
    }
  }

  @Test("the exact trace on 1…4 ranks equals MetricOperator's for every request", arguments: [1, 2, 3, 4])
  func traceMatches(ranks: Int) throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .ntk, samples: Self.samples)
    let single = try ForwardPass(network: net, inputs: x, keepActivations: true, keepGrams: false)
    for request in MetricRequest.all(for: net.architecture) {
      let op = try MetricOperator(request: request, forward: single)
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      let scale = try MetricOperator(request: uncentred, forward: single).exactTrace()
      let traces = try ThreadedCommunicator.run(ranks: ranks) { comm in
        try Self.sliced(request, net, x, comm, chunk: 3).exactTrace()
      }
      for t in traces {
        #expect(
          isClose(t, op.exactTrace(), absolute: Tolerance.reduction * scale), "\(request.name) R = \(ranks)")
      }
    }
  }

  @Test("the SLQ density is the same on 1 and 3 ranks and deflates the exact top eigenvalues")
  func densityMatches() throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .standard, samples: Self.samples)
    let request = MetricRequest.fisher()
    let dense = try SymmetricEigen(MatrixFreeFixtures.denseDual(request, net, x)).eigenvalues.sorted(by: >)
    func run(_ ranks: Int) throws -> MatrixFreeSpectrum.Density {
      try #require(
        try ThreadedCommunicator.run(ranks: ranks) { comm in
          try DistributedMatrixFreeSpectrum(
            operator: Self.sliced(request, net, x, comm),
            topK: (count: 3, tolerance: 1e-12, blockSize: 4, seed: 3),
            moments: false, density: (steps: 10, probes: 4, seed: 8))
        }[0].density)
    }
    let (one, three) = (try run(1), try run(3))
    #expect(one.nodes.count == three.nodes.count)
    for (a, b) in zip(one.nodes, three.nodes) { #expect(abs(a - b) <= 1e-9 * dense[0]) }
    for (a, b) in zip(one.weights, three.weights) { #expect(abs(a - b) <= 1e-9) }
    for (a, b) in zip(three.deflatedEigenvalues, dense) {
      #expect(isClose(a, b, relative: Tolerance.eigenvalue))
    }
    #expect(abs(three.weights.reduce(0, +) - 1) <= 1e-12)
  }

  @Test("a fixed R gives bitwise identical top-k and moments")
  func bitwiseReproducible() throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .standard, samples: Self.samples)
    func run() throws -> DistributedMatrixFreeSpectrum {
      try ThreadedCommunicator.run(ranks: 3) { comm in
        try DistributedMatrixFreeSpectrum(
          operator: Self.sliced(.fisher(meanSubtracted: true), net, x, comm),
          topK: (count: 3, tolerance: 1e-10, blockSize: 4, seed: 1), moments: true)
      }[0]
    }
    let (a, b) = (try run(), try run())
    #expect(a.top!.eigenvalues == b.top!.eigenvalues)
    #expect(a.top!.residualNorms == b.top!.residualNorms)
    #expect(a.moments == b.moments)
  }

  @Test("input slices are the rows of the single-process inputs; a bad slice is refused")
  func inputSlices() throws {
    let whole = try GaussianInputs.sample(samples: 9, width: 4, seed: 2)
    for range in [0..<9, 0..<3, 3..<6, 8..<9] {
      #expect(
        try GaussianInputs.sampleRows(range, samples: 9, width: 4, seed: 2)
          == whole.selectingRows(Array(range)))
    }
    #expect(throws: ConfigurationError.self) {
      try GaussianInputs.sampleRows(5..<10, samples: 9, width: 4, seed: 2)
    }
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard, samples: 4)
    let forward = try ForwardPass(network: net, inputs: x, keepActivations: true)
    #expect(throws: ConfigurationError.self) {
      try SampleSlicedMetricOperator(
        request: .fisher(), forward: forward, samples: 0..<3, totalSamples: 4,
        communicator: SerialCommunicator())
    }
  }
}

@Suite("Sample-sliced mean-gradient overlaps")
struct SampleSlicedOverlapTests {
  @Test("the overlaps on 1…4 ranks equal MatrixFreeSpectrum's (1e-10)", arguments: [1, 2, 3, 4])
  func overlapsMatch(ranks: Int) throws {
    let (net, x) = try MatrixFreeFixtures.network(
      .relu, .standard, samples: SampleSlicedOperatorTests.samples)
    for request in [MetricRequest.fisher(), .fisher(output: .softmax), .ntk()] {
      let single = try MatrixFreeSpectrum(
        network: net, inputs: x, request: request,
        modes: [.topK(count: 4, tolerance: 1e-12, blockSize: 4)])
      let want = try #require(single.overlap)
      let results = try ThreadedCommunicator.run(ranks: ranks) { comm in
        try DistributedMatrixFreeSpectrum(
          operator: SampleSlicedOperatorTests.sliced(request, net, x, comm),
          topK: (count: 4, tolerance: 1e-12, blockSize: 4, seed: 3), moments: false, overlaps: true)
      }
      for result in results {
        let got = try #require(result.overlap)
        #expect(got.topCount == want.topCount)
        for (a, b) in zip(got.parameterSpace, want.parameterSpace) {
          #expect(abs(a - b) <= 1e-10, "\(request.name) R = \(ranks): \(a) vs \(b)")
        }
        #expect((got.dualSpace == nil) == (want.dualSpace == nil))
        for (a, b) in zip(got.dualSpace ?? [], want.dualSpace ?? []) { #expect(abs(a - b) <= 1e-10) }
      }
    }
  }
}
