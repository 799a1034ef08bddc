// The theory from sums over slices of the samples (the MPI build's route) against the theory from all inputs.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Theory from per-slice sums")
struct SlicedTheoryComparisonTests {
  @Test("softmax covariance sums of three slices, merged, give the whole sample's prediction (1e-14)")
  func mergedSumsGiveTheSamePrediction() throws {
    let logits = RandomStream(seed: 5).gaussianMatrix(rows: 23, columns: 4)
    let whole = try SoftmaxCovarianceSums(logits: logits)
    let parts = try [0..<7, 7..<8, 8..<23].map {
      try SoftmaxCovarianceSums(logits: logits.selectingRows(Array($0)))
    }
    let merged = parts.dropFirst().reduce(parts[0]) { $0.merged(with: $1) }
    #expect(merged.count == 23 && merged.largest == whole.largest)
    #expect((merged.sum - whole.sum).maxAbs <= 1e-14 * whole.sum.maxAbs)
    #expect(abs(merged.squareTraceSum - whole.squareTraceSum) <= 1e-14 * whole.squareTraceSum)
    let back = SoftmaxCovarianceSums(summable: merged.summable, outputs: 4, largest: merged.largest)
    #expect(back == merged)
    let arch = try NetworkArchitecture(
      inputWidth: 50, width: 50, depth: 3, outputs: 4, activation: .relu, sigmaW2: 2, sigmaB2: 0.1,
      parameterisation: .standard)
    let p = try OrderParameters(
      MeanFieldNetwork(architecture: arch, referenceWidth: 50, inputs: .standardGaussian))
    let covariances = (0..<23).map { SoftmaxCovariance.matrix(logits: logits.row($0)) }
    let a = try SoftmaxFisherPrediction(p, covariances: covariances)
    let b = SoftmaxFisherPrediction(p, sums: merged)
    let width = 50.0
    for (x, y) in [
      (a.mean, b.mean), (a.secondMoment, b.secondMoment), (a.lambdaMaxUpperBound, b.lambdaMaxUpperBound),
    ] {
      let (u, v) = (try #require(x.value(width: width)), try #require(y.value(width: width)))
      #expect(abs(u - v) <= 1e-14 * abs(u))
    }
  }

  @Test("the comparison from N and the softmax sums equals the one from the inputs, for every family")
  func slicedComparisonEqualsWhole() throws {
    let arch = try NetworkArchitecture(
      inputWidth: 40, width: 40, depth: 3, outputs: 3, activation: .tanh, sigmaW2: 1.5, sigmaB2: 0.1,
      parameterisation: .standard)
    let net = Network.sample(arch, seed: 4)
    let x = try GaussianInputs.sample(samples: 30, width: 40, seed: 9)
    for request in [MetricRequest.fisher(), .fisher(output: .softmax), .fisher(block: 2), .ntk()] {
      let spectrum = try MetricSpectrum(network: net, inputs: x, request: request, overlaps: false)
      let measured = MeasuredStatistics(spectrum)
      let whole = try TheoryComparison(measured: measured, network: net, inputs: x, gaussianInputs: true)
      let sliced = try TheoryComparison(
        measured: measured, network: net, samples: 30, inputMoments: nil,
        softmaxSums: {
          let logits = try net.outputs(for: x)
          let a = try SoftmaxCovarianceSums(logits: logits.selectingRows(Array(0..<11)))
          return a.merged(with: try SoftmaxCovarianceSums(logits: logits.selectingRows(Array(11..<30))))
        })
      #expect(whole.matrix == sliced.matrix && whole.statistics.count == sliced.statistics.count)
      for (u, v) in zip(whole.statistics, sliced.statistics) {
        #expect(u.name == v.name && u.measured == v.measured)
        if let a = u.predicted, let b = v.predicted {
          let gap: Double = abs(a - b)
          #expect(gap <= 1e-14 * Swift.abs(a), "\(request.name) \(u.name)")
        } else {
          #expect(u.predicted == nil && v.predicted == nil)
        }
      }
    }
  }
}
