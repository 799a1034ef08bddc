// The primal metric F·v against the explicit P × P metric of a finite-difference Jacobian, and its trace
// and ‖F‖_F² against the dense dual's.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Primal metric operator")
struct PrimalMetricOperatorTests {
  @Test(
    "F·V equals the brute-force metric times V; tr F and ‖F‖_F² equal the dual's (1e-12)",
    arguments: [Activation.relu, .tanh], [Parameterisation.standard, .ntk])
  func primalEqualsOracle(activation: Activation, parameterisation: Parameterisation) throws {
    let (net, x) = try MatrixFreeFixtures.network(activation, parameterisation)
    let forward = try ForwardPass(network: net, inputs: x, keepActivations: true)
    for request in MetricRequest.all(for: net.architecture) where request.kind != .ntk {
      let op = try PrimalMetricOperator(request: request, forward: forward)
      let explicit = try MetricSpectrumTests.explicitOperator(request, net, x)
      #expect(op.dimension == explicit.rows, "\(request.name)")
      let v = RandomStream(seed: 11).gaussianMatrix(rows: op.dimension, columns: 3)
      let expected = try explicit.multiplied(by: v)
      let product = try op.apply(v)
      let dual = try MatrixFreeFixtures.denseDual(request, net, x)
      // The centred metric of the last hidden layer is exactly 0: rounding is relative to the uncentred one.
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      let reference = try MatrixFreeFixtures.denseDual(uncentred, net, x).frobeniusNorm
      let error = (product - expected).frobeniusNorm
      #expect(
        error
          <= Tolerance.finiteDifferenceNorm * expected.frobeniusNorm
          + Tolerance.reduction * reference * v.frobeniusNorm,
        "\(request.name): \(error)")

      let metric = try op.apply(.identity(op.dimension))
      #expect(isClose(metric.trace, dual.trace, absolute: Tolerance.reduction * reference), "\(request.name)")
      #expect(
        isClose(metric.frobeniusNorm, dual.frobeniusNorm, absolute: Tolerance.reduction * reference),
        "\(request.name)")
    }
  }

  @Test("the NTK and a parameter metric without activations are refused")
  func refusals() throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard)
    let forward = try ForwardPass(network: net, inputs: x)
    #expect(throws: ConfigurationError.self) {
      try PrimalMetricOperator(request: .ntk(), forward: forward)
    }
    #expect(throws: ConfigurationError.self) {
      try PrimalMetricOperator(request: .fisher(), forward: forward)
    }
  }
}
