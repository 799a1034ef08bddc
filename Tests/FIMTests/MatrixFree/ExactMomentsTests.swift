// Exact trace and streaming ‖dual‖_F² against the dense dual for every request; Hutch++ within 3 SE.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Exact moments of the matrix-free dual")
struct ExactMomentsTests {
  @Test(
    "trace and ‖dual‖_F² equal the dense ones (relative 1e-12), one and several panels, every cache",
    arguments: [Parameterisation.standard, .ntk])
  func momentsEqualDense(parameterisation: Parameterisation) throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, parameterisation)
    for request in MetricRequest.all(for: net.architecture) {
      let dense = try MatrixFreeFixtures.denseDual(request, net, x)
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      // The centred metric of the last hidden layer is exactly 0: errors are relative to the uncentred one.
      let reference = try MatrixFreeFixtures.denseDual(uncentred, net, x)
      let traceScale = Tolerance.reduction * reference.trace
      let frobeniusScale = Tolerance.reduction * reference.frobeniusNorm * reference.frobeniusNorm
      let expectedSquare = dense.frobeniusNorm * dense.frobeniusNorm
      for cache in MatrixFreeFixtures.Cache.allCases {
        let op = try MetricOperator(request: request, forward: MatrixFreeFixtures.forward(net, x, cache))
        #expect(isClose(op.exactTrace(), dense.trace, absolute: traceScale), "\(request.name) \(cache)")
        // Tiles of 2 columns × 3 rows split the square K′[T, T] from the rows below it inside one tile.
        for (panel, rows) in [(1, 8192), (2, 3), (512, 8192)] {
          let moments = op.exactMoments(panelColumns: panel, tileRows: rows)
          #expect(
            moments.dimension
              == DualShape(request: request, architecture: net.architecture, samples: 5).dimension)
          #expect(
            isClose(moments.trace, dense.trace, absolute: traceScale), "\(request.name) \(cache) \(panel)")
          #expect(
            isClose(moments.frobeniusSquared, expectedSquare, absolute: frobeniusScale),
            "\(request.name) \(cache) \(panel): \(moments.frobeniusSquared) vs \(expectedSquare)")
        }
      }
    }
  }

  @Test(
    "Hutch++ on the operator is within 3 standard errors of the exact trace",
    arguments: [1, 2, 3] as [UInt64])
  func hutchPlusPlus(seed: UInt64) throws {
    // C·N = 100, so that Hutch++ has 30 sketch columns and 30 Hutchinson vectors for its standard error.
    let (net, x) = try BruteForceOracle.tinyNetwork(.tanh, .standard, widths: [6, 12, 10, 10], samples: 10)
    let forward = try ForwardPass(network: net, inputs: x, keepActivations: true)
    for request in [
      MetricRequest.fisher(), .fisher(output: .softmax, meanSubtracted: true), .featureMetric(layer: 1),
    ] {
      let op = try MetricOperator(request: request, forward: forward)
      let exact = op.exactMoments()
      let trace = try TraceEstimation.hutchPlusPlus(op, matrixVectorBudget: 90, seed: seed)
      #expect(abs(trace.value - exact.trace) <= 3 * trace.standardError + Tolerance.reduction * exact.trace)
      let square = try TraceEstimation.hutchPlusPlus(
        op, target: .traceOfSquare, matrixVectorBudget: 90, seed: seed)
      #expect(
        abs(square.value - exact.frobeniusSquared)
          <= 3 * square.standardError + Tolerance.reduction * exact.frobeniusSquared)
    }
  }
}
