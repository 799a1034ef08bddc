import FIM
import Foundation
import Spectra
import TestSupport
import Testing

/// Softmax FIM predictions: reduction to regression for Q(n) = I_C, bounds and Thm 3.3 ordering for real
/// softmax covariances, and the Monte-Carlo distribution of λ(Q̄): reproducible per seed, exact zero mode.
@Suite("Theory: softmax FIM predictions")
struct SoftmaxPredictionTests {
  static func relu() throws -> OrderParameters {
    try OrderParameters(try MeanFieldNetwork(depth: 3, activation: .relu, sigmaW2: 2, sigmaB2: 0.1))
  }

  @Test("Q(n) = I_C reduces m, s and the λ_max upper bound to the regression predictions")
  func reducesToRegression() throws {
    let p = try Self.relu()
    let c = 5
    let n = 40
    let softmax = try SoftmaxFisherPrediction(p, covariances: Array(repeating: .identity(c), count: n))
    let regression = try RegressionFisherPrediction(p, outputs: c, samples: n)
    let k = MeanFieldConstants(p)
    #expect(isClose(softmax.mean.prefactor, regression.mean.prefactor!, relative: Tolerance.closedForm))
    #expect(
      isClose(
        softmax.secondMoment.prefactor, regression.secondMoment.prefactor!, relative: Tolerance.longClosedForm
      ))
    #expect(
      isClose(
        softmax.lambdaMaxUpperBound.prefactor, regression.lambdaMax.prefactor!, relative: Tolerance.closedForm
      ))
    #expect(
      isClose(softmax.lambdaMaxLowerBound.prefactor, k.alpha * k.kappa2, absolute: Tolerance.closedForm))
    #expect(
      softmax.averageCovarianceEigenvalues.allSatisfy { isClose($0, 1, absolute: Tolerance.closedForm) })
  }

  @Test("real softmax covariances: Q̄ has a zero mode, C − 1 outliers, bounds ordered, below regression")
  func softmaxCovariances() throws {
    let p = try Self.relu()
    let c = 6
    let stream = RandomStream(seed: 2385)
    let covariances = (0..<30).map { _ in
      SoftmaxCovariance.matrix(logits: stream.gaussians(c, standardDeviation: 1.3))
    }
    let softmax = try SoftmaxFisherPrediction(p, covariances: covariances)
    let regression = try RegressionFisherPrediction(p, outputs: c, samples: 30)
    #expect(isClose(softmax.averageCovarianceEigenvalues.last!, 0, absolute: Tolerance.closedForm))
    #expect(softmax.outliers.count == c - 1)
    #expect(zip(softmax.outliers, softmax.outliers.dropFirst()).allSatisfy { $0.prefactor! >= $1.prefactor! })
    #expect(softmax.lambdaMaxLowerBound.prefactor! <= softmax.lambdaMaxUpperBound.prefactor!)
    #expect(softmax.lambdaMaxUpperBound.prefactor! <= regression.lambdaMax.prefactor!)
    #expect(softmax.mean.prefactor! < regression.mean.prefactor!)
    #expect(softmax.secondMoment.prefactor! < regression.secondMoment.prefactor!)
    // Each Q(n) is a covariance: PSD, rows summing to 0, trace = 1 − Σ g².
    let g = SoftmaxCovariance.probabilities(logits: [0.3, -1, 2])
    let q = SoftmaxCovariance.matrix(logits: [0.3, -1, 2])
    #expect(isClose(q.trace, 1 - g.reduce(0) { $0 + $1 * $1 }, absolute: Tolerance.fewOperations))
    for i in 0..<3 { #expect(isClose(q.row(i).reduce(0, +), 0, absolute: Tolerance.fewOperations)) }
  }

  @Test("Monte-Carlo λ(Q̄) is reproducible for a seed and independent of the number of networks")
  func monteCarloReproducible() throws {
    let a = try SoftmaxOutlierMonteCarlo(
      logitVariance: 2.3, logitCovariance: 1.26, outputs: 10, samples: 100, networks: 8, seed: 42)
    let b = try SoftmaxOutlierMonteCarlo(
      logitVariance: 2.3, logitCovariance: 1.26, outputs: 10, samples: 100, networks: 8, seed: 42)
    #expect(a == b)
    let one = try SoftmaxOutlierMonteCarlo(
      logitVariance: 2.3, logitCovariance: 1.26, outputs: 10, samples: 100, networks: 1, seed: 42)
    #expect(one.eigenvalues[0] == a.eigenvalues[0])
    let other = try SoftmaxOutlierMonteCarlo(
      logitVariance: 2.3, logitCovariance: 1.26, outputs: 10, samples: 100, networks: 8, seed: 43)
    #expect(other.eigenvalues != a.eigenvalues)
    for e in a.eigenvalues {
      #expect(isClose(e.last!, 0, absolute: Tolerance.closedForm))  // Q̄ 𝟏 = 0
      #expect(e.first! > e[e.count - 2])  // the degeneracy is lifted
    }
    #expect(a.standardDeviations[0] > 0)
    let p = try Self.relu()
    let outliers = a.outliers(p)
    #expect(outliers.count == 9)
    let k = MeanFieldConstants(p)
    #expect(
      isClose(
        outliers[0].prefactor, k.alpha * k.kappa2 * a.meanEigenvalues[0], absolute: Tolerance.fewOperations))
  }

  @Test("zero logits: Q = I/C − 𝟏𝟏ᵀ/C², so λ(Q̄) = 1/C (C − 1 times) and 0")
  func zeroLogits() throws {
    let mc = try SoftmaxOutlierMonteCarlo(
      logitVariance: 0, logitCovariance: 0, outputs: 4, samples: 3, networks: 2, seed: 1)
    for e in mc.eigenvalues {
      for v in e.prefix(3) { #expect(isClose(v, 0.25, absolute: Tolerance.fewOperations)) }
      #expect(isClose(e[3], 0, absolute: Tolerance.fewOperations))
    }
  }

  @Test("invalid inputs name the field")
  func invalid() throws {
    let p = try Self.relu()
    do {
      _ = try SoftmaxFisherPrediction(p, covariances: [])
      Issue.record("expected an error")
    } catch { #expect(error.field == "covariances") }
    do {
      _ = try SoftmaxFisherPrediction(p, covariances: [.identity(3), .identity(4)])
      Issue.record("expected an error")
    } catch { #expect(error.field == "covariances") }
    do {
      _ = try SoftmaxOutlierMonteCarlo(
        logitVariance: 1, logitCovariance: 2, outputs: 3, samples: 3, networks: 1, seed: 0)
      Issue.record("expected an error")
    } catch { #expect(error.field == "logit-covariance") }
  }
}
