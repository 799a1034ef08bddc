import FIM
import Foundation
import Spectra
import Testing

@testable import CLI

/// The bulk columns of a sweep (issue 16): the measured dense bulk against the predicted law.
@Suite("Sweep bulk columns")
struct SweepBulkTests {
  @Test("a one-hidden-layer point's KS distance is below a bound that a shifted prediction exceeds")
  func oneHiddenLayer() throws {
    let dir = SweepMethodTests.temporary("sweep-bulk")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try ToolRunner.run([
      "sweep", "--activation", "tanh", "--sigma-w2", "1.5", "--sigma-b2", "0", "--widths", "400", "--depths",
      "2", "--samples", "200", "--outputs", "1", "--seeds", "3", "--metrics", "fisher,fisher-block-2",
      "--out", dir.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try SweepMethodTests.rows(dir)
    #expect(rows.count == 2)
    let fisher = try #require(rows.first { $0["metric"] == "fisher" })
    let ks = try #require(Double(fisher["bulk_ks"] ?? ""))
    #expect(fisher["bulk_exact"] == "1" && fisher["bulk_note"] == "")
    #expect(Double(fisher["bulk_w1"] ?? "") != nil && Double(fisher["bulk_w1_relative"] ?? "") != nil)
    // A per-layer block is outside the bulk theory: empty cells and the reason.
    let block = try #require(rows.first { $0["metric"] == "fisher-block-2" })
    #expect(block["bulk_ks"] == "" && block["bulk_note"]?.contains("bulk theory covers") == true)

    // The same eigenvalues in process: the sweep's number is reproduced, and a prediction shifted by a
    // fifth of its support width (equivalently, the eigenvalues shifted the other way) is far off.
    let plan = SweepPlan(
      fixed: .init(
        activation: .tanh, sigmaW2: 1.5, sigmaB2: 0, inputRatio: 1, inputWidth: nil, widthRatios: [],
        parameterisation: .standard, metrics: ["fisher"]),
      widths: [400], depths: [2], samples: [200], outputs: [1], seeds: [3])
    let point = plan.points[0]
    let arch = try plan.architecture(at: point)
    let net = Network.sample(arch, seed: point.seed)
    let inputs = try GaussianInputs.sample(
      samples: point.samples, width: arch.inputWidth, seed: PointMeasurement.dataSeed(point.seed))
    let spectrum = try MetricSpectrum(network: net, inputs: inputs, request: .fisher(), overlaps: false)
    let prediction = try BulkPrediction(architecture: arch, samples: point.samples, request: .fisher())
    let right = try BulkComparison(eigenvalues: spectrum.eigenvalues, prediction: prediction)
    #expect(abs(right.kolmogorovSmirnov - ks) <= 1e-12 * max(ks, 1e-300) + 1e-15)
    let support = right.law.support
    let shift = 0.2 * (support.upperBound - support.lowerBound)
    let wrong = try BulkComparison(
      eigenvalues: spectrum.eigenvalues.map { $0 - shift }, prediction: prediction)
    let bound = 0.1
    #expect(ks < bound, "KS \(ks) against the prediction")
    #expect(wrong.kolmogorovSmirnov > bound, "KS \(wrong.kolmogorovSmirnov) against a shifted prediction")
  }
}
