import Foundation
import Spectra
import Testing

// Kernel PCA projections, mutual-information estimators and the log–log fit.
@testable import Stripe

@Suite("Stripe kernel analysis")
struct StripeKernelAnalysisTests {
  @Test("kernel-PCA projections sum to ‖y‖² and eigenvalues decrease")
  func projectionsSum() throws {
    let data = try LabelledInputs.gaussian(
      task: .stripe, count: 80, dimension: 4, stream: RandomStream(seed: 51))
    let net = try ShallowNetwork.initial(width: 60, dimension: 4, stream: RandomStream(seed: 52))
    let pca = try KernelPCA(
      gram: NeuralTangentKernel.gram(net, data.inputs), labels: data.labels, topCount: 3)
    let total = pca.projections.reduce(0) { $0 + $1 * $1 }
    #expect(abs(total - 80) < 1e-9 * 80)
    #expect(abs((pca.cumulativeProjection.last ?? 0) - 1) < 1e-12)
    #expect(zip(pca.eigenvalues, pca.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
    let v = pca.eigenvector(rank: 0)
    #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-10)
  }

  @Test("mutual information: ≈ 1 bit for a separating variable, ≈ 0 for an independent one")
  func mutualInformation() {
    let s = RandomStream(seed: 61)
    let n = 2000
    let phi = s.gaussians(n)
    let separated = phi.map { $0 > 0 ? 1.0 : -1.0 }
    let independent = (0..<n).map { _ in s.uniform() < 0.5 ? 1.0 : -1.0 }
    #expect(MutualInformation.binned(phi, labels: separated, bins: 10) > 0.9)
    #expect(MutualInformation.binned(phi, labels: independent, bins: 10) < 0.03)
    #expect(MutualInformation.nearestNeighbour(phi, labels: separated, k: 3) > 0.9)
    #expect(MutualInformation.nearestNeighbour(phi, labels: independent, k: 3) < 0.08)
  }

  @Test("predicted exponents reproduce the table of stripe.md §5.3")
  func exponentTable() {
    // d: (β_lazy, β_feature stripe, β_feature cylinder), three decimals as in the table.
    let table: [Int: (Double, Double, Double)] = [
      2: (0.500, 0.750, 0.5), 3: (0.429, 0.714, 0.5), 4: (0.400, 0.700, 0.5), 5: (0.385, 0.692, 0.5),
      10: (0.357, 0.679, 0.5),
    ]
    for (d, row) in table {
      #expect(abs(LearningCurveStudy.lazyExponent(dimension: d) - row.0) < 5e-4, "lazy, d = \(d)")
      #expect(
        abs(LearningCurveStudy.featureExponent(dimension: d, informative: 1) - row.1) < 5e-4,
        "stripe, d = \(d)")
      if d > 2 {
        #expect(
          abs(LearningCurveStudy.featureExponent(dimension: d, informative: 2) - row.2) < 5e-4,
          "cylinder, d = \(d)")
      }
    }
  }

  @Test("curve fit recovers an exact power law, drops non-positive points, and needs two that remain")
  func exactFit() throws {
    let p = [128.0, 256, 512, 1024, 2048]
    let fit = try CurveFit.powerLaw(x: p, y: p.map { $0 == 2048 ? 0 : 3 * pow($0, -0.69) })
    #expect(abs(fit.exponent + 0.69) < 1e-12)
    #expect(abs(fit.prefactor - 3) < 1e-9)
    #expect(fit.pointCount == 4)
    #expect(throws: ConfigurationError.self) { try CurveFit.powerLaw(x: [1, 2], y: [0, 0]) }
  }

  @Test("learning curve of the init-NTK kernel on a small stripe instance has a negative fitted slope")
  func learningCurveSlope() throws {
    let curve = try LearningCurveStudy.kernelCurve(
      task: .stripe, dimension: 3, width: 100, sizes: [20, 60, 180], testCount: 1000, seeds: [1, 2])
    #expect(curve.fit.exponent < 0, "slope \(curve.fit.exponent)")
  }
}
