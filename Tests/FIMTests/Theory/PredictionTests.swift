import FIM
import Foundation
import Spectra
import TestSupport
import Testing

/// Regression FIM, diagonal blocks, NTK and input-metric predictions against hand-computed values and
/// against identities that tie them together (blocks sum to the whole FIM; per-output metric = summed / C).
@Suite("Theory: regression, block, NTK and metric predictions")
struct PredictionTests {
  /// Linear (σ_w², σ_b²) = (1, 0.1), L = 3: α = 2, κ₁ = 1.65, κ₂ = 0.15, κ′₁ = 3.6, κ′₂ = 0.6.
  static func linear() throws -> OrderParameters {
    try OrderParameters(try MeanFieldNetwork(depth: 3, activation: .linear, sigmaW2: 1, sigmaB2: 0.1))
  }

  /// Hand-computed predictions chain κ's with N and C through about a hundred operations.
  static func close(_ a: Double?, _ b: Double) -> Bool {
    isClose(a, b, absolute: Tolerance.longClosedForm, relative: Tolerance.longClosedForm)
  }

  @Test("regression FIM, linear network, C = 10, N = 100 and N → ∞, by hand")
  func regressionByHand() throws {
    let p = try Self.linear()
    let finite = try RegressionFisherPrediction(p, outputs: 10, samples: 100)
    #expect(Self.close(finite.mean.prefactor, 16.5))
    #expect(finite.mean.widthExponent == -1)
    #expect(Self.close(finite.meanTimesWidthOverOutputs, 1.65))
    // s/C = α((N−1)/N κ₂² + κ₁²/N) = 2(0.99·0.0225 + 2.7225/100) = 0.099.
    #expect(Self.close(finite.secondMomentOverOutputs, 0.099))
    // λ_max/M = α((N−1)/N κ₂ + κ₁/N) = 2(0.1485 + 0.0165) = 0.33, 10-fold.
    #expect(Self.close(finite.lambdaMaxOverWidth, 0.33))
    #expect(finite.lambdaMax.degeneracy == 10 && finite.lambdaMax.widthExponent == 1)
    #expect(Self.close(finite.lambdaMax.value(width: 800), 264))
    #expect(Self.close(finite.mean.value(width: 800), 16.5 / 800))
    #expect(Self.close(finite.meanSubtractedLambdaMax.value(width: 800), 2 * 1.5 / 100 * 800))
    let infinite = try RegressionFisherPrediction(p, outputs: 10, samples: nil)
    #expect(Self.close(infinite.secondMomentOverOutputs, 2 * 0.0225))
    #expect(Self.close(infinite.lambdaMaxOverWidth, 0.3))
    #expect(Self.close(infinite.meanSubtractedLambdaMax.prefactor, 0))
    #expect(finite.applicability.isApplicable)
    // Relative error helper for a comparison layer.
    #expect(Self.close(finite.lambdaMax.relativeError(measured: 277.2, width: 800), 0.05))
  }

  @Test(
    "diagonal blocks add up to the whole FIM: Σ m⁽ˡ⁾ M_l M_{l−1} = m α M² and Σ λ⁽ˡ⁾ = λ_max",
    arguments: [Activation.relu, .tanh, .erf])
  func blocksSumToWhole(activation: Activation) throws {
    let network = try MeanFieldNetwork(
      activation: activation, sigmaW2: 2, sigmaB2: 0.1, widthRatios: [0.5, 1.5, 1, 2])
    let p = try OrderParameters(network)
    let c = 7
    let f = try RegressionFisherPrediction(p, outputs: c, samples: 50)
    let m = 300.0
    let widths = network.widthRatios.map { $0 * m } + [Double(c)]
    var trace = 0.0
    var top = 0.0
    for block in f.blocks {
      let l = block.layer
      trace += try #require(block.mean.value(width: m)) * widths[l] * widths[l - 1]
      top += try #require(block.lambdaMax.value(width: m))
    }
    let k = MeanFieldConstants(p)
    #expect(isClose(f.mean.value(width: m)! * k.alpha * m * m, trace, relative: Tolerance.reduction))
    #expect(isClose(f.lambdaMax.value(width: m), top, relative: Tolerance.reduction))
    #expect(f.blocks.count == 4)
    #expect(f.blocks[3].mean.widthExponent == 0 && f.blocks[3].secondMoment.widthExponent == 1)
    #expect(f.blocks[1].mean.widthExponent == -1 && f.blocks[1].secondMoment.widthExponent == 0)
  }

  @Test("NTK, linear network, N = 100: m = κ′₁, s = κ′₁² + (N−1)κ′₂², λ_max = κ′₁ + (N−1)κ′₂")
  func ntkByHand() throws {
    let ntk = try NTKPrediction(try Self.linear(), outputs: 4, samples: 100)
    #expect(Self.close(ntk.mean.prefactor, 3.6))
    #expect(Self.close(ntk.secondMoment.prefactor, 12.96 + 99 * 0.36))
    #expect(Self.close(ntk.lambdaMax.prefactor, 63))
    #expect(ntk.lambdaMax.degeneracy == 4 && ntk.lambdaMax.widthExponent == 0)
    #expect(Self.close(ntk.lambdaMaxSlopeInSamples, 0.6))
    #expect(Self.close(ntk.bulkEigenvalue, 3.0))
    // N-dependence: λ_max(2N) − λ_max(N) = N κ′₂, the mean does not move.
    let twice = try NTKPrediction(try Self.linear(), outputs: 4, samples: 200)
    #expect(Self.close(twice.lambdaMax.prefactor! - ntk.lambdaMax.prefactor!, 60))
    #expect(twice.mean == ntk.mean)
  }

  @Test(
    "input/feature metric: last hidden layer λ_max = σ_w²; per output = summed without C",
    arguments: [0, 1, 2])
  func metric(layer: Int) throws {
    let p = try OrderParameters(try MeanFieldNetwork(depth: 3, activation: .relu, sigmaW2: 2, sigmaB2: 0.1))
    let a = try InputMetricPrediction(p, layer: layer, outputs: 10, samples: 100)
    let t1 = p.qTilde1(layer: layer + 1)
    let t2 = p.qTilde2(layer: layer + 1)
    #expect(Self.close(a.summed.mean.prefactor, 10 * 2 * t1))
    #expect(Self.close(a.summed.secondMoment.prefactor, 10 * 4 * (t1 * t1 / 100 + 0.99 * t2 * t2)))
    #expect(Self.close(a.summed.lambdaMax.prefactor, 2 * (0.99 * t2 + t1 / 100)))
    #expect(Self.close(a.perOutput.mean.prefactor, a.summed.mean.prefactor! / 10))
    #expect(Self.close(a.perOutput.secondMoment.prefactor, a.summed.secondMoment.prefactor! / 10))
    #expect(a.perOutput.lambdaMax.prefactor == a.summed.lambdaMax.prefactor)
    #expect(a.summed.lambdaMax.degeneracy == 10 && a.perOutput.lambdaMax.degeneracy == 1)
    if layer == 2 { #expect(Self.close(a.summed.lambdaMax.prefactor, 2)) }
    #expect(throws: ConfigurationError.self) {
      try InputMetricPrediction(p, layer: 3, outputs: 10, samples: 100)
    }
  }

  @Test("centred tanh: m is predicted, λ_max and s withheld with a reason; the metric still applies")
  func centredWithheld() throws {
    let p = try OrderParameters(try MeanFieldNetwork(depth: 3, activation: .tanh, sigmaW2: 1, sigmaB2: 0))
    let f = try RegressionFisherPrediction(p, outputs: 10, samples: 100)
    #expect(f.mean.prefactor != nil)
    #expect(f.lambdaMax.prefactor == nil && f.lambdaMax.value(width: 800) == nil)
    #expect(f.secondMoment.prefactor == nil)
    #expect(!f.applicability.isApplicable && !f.applicability.reasons.isEmpty)
    let ntk = try NTKPrediction(p, outputs: 10, samples: 100)
    #expect(ntk.lambdaMax.prefactor == nil && ntk.mean.prefactor != nil)
    let metric = try InputMetricPrediction(p, layer: 1, outputs: 10, samples: 100)
    #expect((metric.summed.lambdaMax.prefactor ?? 0) > 0)
  }

  @Test("bad outputs and samples name the field")
  func invalid() throws {
    let p = try Self.linear()
    do {
      _ = try RegressionFisherPrediction(p, outputs: 0, samples: 10)
      Issue.record("expected an error")
    } catch { #expect(error.field == "outputs") }
    do {
      _ = try NTKPrediction(p, outputs: 2, samples: 0)
      Issue.record("expected an error")
    } catch { #expect(error.field == "samples") }
  }
}
