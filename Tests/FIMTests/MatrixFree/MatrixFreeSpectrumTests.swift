// Block Lanczos and SLQ on the matrix-free dual against the dense spectrum; the entry point against
// MetricSpectrum.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Matrix-free spectra against the dense dual")
struct MatrixFreeSpectrumTests {
  /// ReLU with σ_b² > 0 and C = 10: the regression Fisher has a 10-fold cluster of outliers (science §3).
  static func outlierNetwork(samples: Int = 16) throws -> (Network, Matrix) {
    try BruteForceOracle.tinyNetwork(
      .relu, .standard, widths: [10, 60, 60, 10], samples: samples, sigmaW2: 2, sigmaB2: 0.1)
  }

  /// The dense dual's eigenvalues, ascending.
  static func denseEigenvalues(_ request: MetricRequest, _ net: Network, _ x: Matrix) throws -> [Double] {
    try SymmetricEigen(MatrixFreeFixtures.denseDual(request, net, x)).eigenvalues
  }

  @Test(
    "block Lanczos top-k equals dense dsyevr (relative 1e-10, converged pairs)",
    arguments: [MetricRequest.fisher(), .fisher(output: .softmax), .ntk(block: 2), .featureMetric(layer: 1)])
  func topK(request: MetricRequest) throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .ntk, samples: 7)
    let dense = try MatrixFreeFixtures.denseDual(request, net, x)
    let expected = Array(try SymmetricEigen.top(5, of: dense).eigenvalues.reversed())
    let op = try MetricOperator(
      request: request, forward: ForwardPass(network: net, inputs: x, keepActivations: true))
    let got = try BlockLanczos(blockSize: 3, tolerance: 1e-12).largest(5, of: op)
    #expect(got.allConverged, "\(request.name): \(got.residualNorms)")
    for (g, e) in zip(got.eigenvalues, expected) {
      #expect(isClose(g, e, absolute: Tolerance.eigenvalue * expected[0]), "\(request.name): \(g) vs \(e)")
    }
  }

  @Test("the C-fold degenerate outliers (ReLU, σ_b² > 0, C = 10) are all found")
  func degenerateOutliers() throws {
    let (net, x) = try Self.outlierNetwork()
    let dense = try Self.denseEigenvalues(.fisher(), net, x).reversed().map { $0 }
    // The cluster of 10 stands above the bulk (measured gap 1.65 at M = 60, N = 16; its own splitting is
    // O(√(C/M)), science §3 convention 4).
    #expect(dense[9] / dense[10] > 1.5, "the dense spectrum has a 10-fold cluster above the bulk")
    let op = try MetricOperator(
      request: .fisher(), forward: ForwardPass(network: net, inputs: x, keepActivations: true))
    let got = try BlockLanczos(blockSize: 10, tolerance: 1e-12).largest(12, of: op)
    #expect(got.allConverged)
    for (g, e) in zip(got.eigenvalues, dense) {
      #expect(isClose(g, e, absolute: Tolerance.eigenvalue * dense[0]), "\(g) vs \(e)")
    }
  }

  @Test(
    "SLQ density is within its stated W₁ bound of the dense spectrum", arguments: [0, 1, 2, 3] as [UInt64])
  func density(seed: UInt64) throws {
    let (net, x) = try Self.outlierNetwork()
    let dense = try Self.denseEigenvalues(.fisher(), net, x)
    let exact = WeightedPoints(nodes: dense, weights: dense.map { _ in 1 / Double(dense.count) })
    let op = try MetricOperator(
      request: .fisher(), forward: ForwardPass(network: net, inputs: x, keepActivations: true))
    let outliers = try BlockLanczos(blockSize: 10, tolerance: 1e-12).largest(10, of: op, vectors: true)
    for deflated in [nil, outliers] {
      let estimate = try StochasticLanczosQuadrature(steps: 20, probes: 8, seed: seed).estimate(
        op, deflating: deflated)
      let distance = estimate.measure.wassersteinDistance(to: exact)
      let bound = try estimate.wassersteinBound().total
      #expect(distance <= bound, "W₁ \(distance) > bound \(bound) (deflated: \(deflated != nil))")
    }
  }

  @Test("MatrixFreeSpectrum reproduces MetricSpectrum's λ_max, top-C mean, overlap, m and s")
  func entryPoint() throws {
    let (net, x) = try Self.outlierNetwork(samples: 6)
    for request in [MetricRequest.fisher(), .fisher(output: .softmax), .featureMetric(layer: 1)] {
      let dense = try MetricSpectrum(network: net, inputs: x, request: request)
      let free = try MatrixFreeSpectrum(
        network: net, inputs: x, request: request,
        modes: [
          .topK(count: 12, tolerance: 1e-12, blockSize: 10), .moments(hutchPlusPlusBudget: 30),
          .density(steps: 15, probes: 4, distribution: .sphere, deflateTop: 12),
        ])
      #expect(free.dimension == dense.dimension)
      #expect(free.exactZeroCount == max(dense.dimension - dense.eigenvalues.count, 0))
      let scale = dense.largest
      #expect(isClose(free.largest, dense.largest, absolute: Tolerance.eigenvalue * scale))
      #expect(isClose(free.topMean ?? .nan, dense.topMean, absolute: Tolerance.eigenvalue * scale))
      #expect(isClose(free.mean, dense.mean, relative: Tolerance.reduction), "\(request.name)")
      #expect(isClose(free.secondMoment, dense.secondMoment, relative: Tolerance.reduction))
      let (a, b) = (free.overlap?.parameterSpace ?? [], dense.overlap?.parameterSpace ?? [.nan])
      #expect(isClose(a.reduce(0, +), b.reduce(0, +), absolute: 1e-8), "\(request.name): \(a) vs \(b)")
      #expect(free.density?.deflatedEigenvalues.count == 12)
      #expect(isClose(free.density?.weights.reduce(0, +) ?? 0, 1, absolute: Tolerance.reduction))
    }
  }
}
