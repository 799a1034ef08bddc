import Spectra
import TestSupport
import Testing

// The last hidden layer's backward signals applied from the read-out weights and φ′, against the stored factor.
@testable import FIM

@Suite("Read-out signal factor")
struct ReadOutSignalFactorTests {
  @Test(
    "contract and expandAdd equal the stored sample-major factor of D_{L−1} (relative 1e-13)",
    arguments: [Activation.relu, .tanh], [Parameterisation.standard, .ntk])
  func equalsStoredFactor(activation: Activation, parameterisation: Parameterisation) throws {
    let (net, x) = try MatrixFreeFixtures.network(activation, parameterisation, samples: 7)
    let forward = try ForwardPass(network: net, inputs: x, keepActivations: true)
    let depth = net.architecture.depth
    var stored: SampleMajorFactor?
    BackwardSignals.visitSampleMajor(forward, downTo: depth - 1) { l, d in
      if l == depth - 1 { stored = SampleMajorFactor(sampleMajor: d, outputs: net.architecture.outputs) }
    }
    let reference = try #require(stored)
    let factor = ReadOutSignalFactor(forward: forward)
    let rows = net.architecture.outputs * x.rows
    for columns in [1, 3] {
      let z = RandomStream(seed: 11 + UInt64(columns)).gaussianMatrix(rows: rows, columns: columns)
      let u = factor.contract(z)
      let expectedU = reference.contract(z)
      #expect(MatrixFreeFixtures.relativeDifference(u, expectedU) <= 1e-13)
      let w = RandomStream(seed: 21 + UInt64(columns)).gaussianMatrix(rows: u.rows, columns: u.columns)
      var y = RandomStream(seed: 31).gaussianMatrix(rows: rows, columns: columns)
      var expectedY = y
      factor.expandAdd(w, into: &y)
      reference.expandAdd(w, into: &expectedY)
      #expect(MatrixFreeFixtures.relativeDifference(y, expectedY) <= 1e-13)
    }
    #expect(factor.bytes == 8 * x.rows * net.architecture.widths[depth - 1])
    #expect(factor.bytes * net.architecture.outputs == reference.bytes)
  }
}
