// The predicted bulk of the FIM dual against exact spectra: the distance shrinks as M grows at fixed N/M.
import FIM
import Foundation
import Spectra
import TestSupport
import Testing

@Suite("Bulk theory: measured FIM bulk converges to the linear-width prediction")
struct BulkConvergenceTests {
  /// KS distance between the measured bulk (outliers removed) and the prediction, one network per M,
  /// L = 2, C = 2, N = M/2, M₀ = M (N/M = N/M₀ = 1/2).
  static func distances(_ activation: Activation, sigmaW2: Double, sigmaB2: Double, widths: [Int]) throws
    -> [BulkComparison]
  {
    try widths.map { m in
      let arch = try NetworkArchitecture(
        inputWidth: m, width: m, depth: 2, outputs: 2, activation: activation, sigmaW2: sigmaW2,
        sigmaB2: sigmaB2)
      let inputs = try GaussianInputs.sample(samples: m / 2, width: m, seed: 4)
      let spectrum = try MetricSpectrum(
        network: Network.sample(arch, seed: 3), inputs: inputs, request: .fisher(), overlaps: false)
      let prediction = try BulkPrediction(architecture: arch, samples: m / 2, request: .fisher())
      return try BulkComparison(eigenvalues: spectrum.eigenvalues, prediction: prediction)
    }
  }

  /// Measured (seeds 3/4): KS ≈ 0.11, 0.06, 0.05 (relu), 0.11, 0.08, 0.06 (tanh), 0.08, 0.05, 0.04 (erf)
  /// at M = 200, 400, 800; a wrong population (e.g. c = 0, or no G⁰ term) gives KS ≥ 0.2 that does not
  /// shrink. Bounds: monotone decrease with a 0.01 allowance for one-network scatter, and KS(800) < 0.08.
  @Test(
    "KS and W1 shrink as M grows at fixed N/M, N/M₀ (L = 2, C = 2, non-centred)",
    arguments: [(Activation.relu, 2.0, 0.1), (.tanh, 3.0, 0.64), (.erf, 2.0, 0.2)])
  func convergence(activation: Activation, sigmaW2: Double, sigmaB2: Double) throws {
    let c = try Self.distances(activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, widths: [200, 400, 800])
    let ks = c.map(\.kolmogorovSmirnov)
    let w1 = c.map(\.relativeWasserstein1)
    #expect(ks[1] < ks[0] + 0.01 && ks[2] < ks[1] + 0.01, "KS \(ks)")
    #expect(ks[2] < ks[0], "KS \(ks)")
    #expect(ks[2] < 0.08, "KS at M = 800: \(ks[2])")
    #expect(w1[2] < w1[0], "W1/width \(w1)")
    #expect(c.allSatisfy { $0.removedOutliers == 2 && $0.leadingOrderExact })
  }

  @Test("a centred network (tanh, σ_b = 0) has no outlier and a closer bulk")
  func centred() throws {
    let c = try Self.distances(.tanh, sigmaW2: 1, sigmaB2: 0, widths: [200, 800])
    #expect(c.allSatisfy { $0.removedOutliers == 0 })
    #expect(c[1].kolmogorovSmirnov < c[0].kolmogorovSmirnov)
    #expect(c[1].kolmogorovSmirnov < 0.04, "KS \(c.map(\.kolmogorovSmirnov))")
  }

  @Test("the predicted bulk mean is the mean-field bulk eigenvalue α(κ₁ − κ₂)M/N")
  func meanMatchesMeanField() throws {
    let arch = try NetworkArchitecture(
      inputWidth: 400, width: 400, depth: 3, outputs: 1, activation: .erf, sigmaW2: 2, sigmaB2: 0.2)
    let prediction = try BulkPrediction(architecture: arch, samples: 200, request: .fisher())
    let law = try prediction.law()
    let p = try OrderParameters(MeanFieldNetwork(architecture: arch))
    let k = MeanFieldConstants(p)
    // The bulk of Gˡ has mean q̂₁ˡ − q̂₂ˡ (the spike takes q̂₂ˡ), so the law's mean is
    // Σ_l M_{l−1}(q̃₁ˡq̂₁ˡ⁻¹ − q̃₂ˡq̂₂ˡ⁻¹)/N = α(κ₁ − κ₂)M/N, Karakida's bulk eigenvalue (karakida.md §3), up to
    // the bias terms Σ(q̃₁ˡ − q̃₂ˡ)/N (0.3 % here) and the tabulation (< 0.1 %).
    let expected = k.alpha * (k.kappa1 - k.kappa2) * 400 / 200
    #expect(isClose(law.moment(1), expected, relative: 0.01), "\(law.moment(1)) vs \(expected)")
  }

  @Test("metrics outside the theory are refused with the field named")
  func refusals() throws {
    let arch = try NetworkArchitecture(
      inputWidth: 50, width: 50, depth: 2, outputs: 2, activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    #expect(throws: ConfigurationError.self) {
      _ = try BulkPrediction(architecture: arch, samples: 20, request: .fisher(output: .softmax))
    }
    do {
      _ = try BulkPrediction(architecture: arch, samples: 20, request: .fisher(block: 1))
      Issue.record("a block was accepted")
    } catch { #expect(error.field == "metric") }
  }
}
