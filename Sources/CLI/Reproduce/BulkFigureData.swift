// The predicted bulk beside the density figures: bulk-theory.csv and bulk-distance.csv (docs/bulk-theory.md).
import FIM
import Foundation
import Spectra

/// Collects, for each metric of a density figure, the predicted bulk law and the per-seed distances.
///
/// ```
/// bulk-theory.csv    metric, extra…, x, density, weight   (weight = bulk eigenvalues / all counted, so
///                                                          density·weight is on the histogram's scale)
/// bulk-distance.csv  metric, extra…, seed, bulk_ks, bulk_w1, bulk_w1_relative, leading_order_exact
/// ```
struct BulkFigureWriter {
  var law: CSVTable
  var distance: CSVTable

  init(extra: [String]) {
    law = CSVTable(columns: ["metric"] + extra + ["x", "density", "weight"])
    distance = CSVTable(
      columns: ["metric"] + extra + [
        "seed", "bulk_ks", "bulk_w1", "bulk_w1_relative", "leading_order_exact",
      ])
  }

  /// Adds `sample` when the bulk theory covers its metric (fisher/ntk with linear output); otherwise nothing.
  /// `perOperator` scales the density to all operator eigenvalues (the FIM's P), else to the dual's.
  mutating func add(
    _ sample: SpectrumSample, architecture: NetworkArchitecture, samples: Int, extra: [CSVTable.Cell] = [],
    perOperator: Bool
  ) throws {
    guard let first = sample.spectra.first,
      let prediction = try? BulkPrediction(
        architecture: architecture, samples: samples, request: first.spectrum.request)
    else { return }
    var lawWritten = false
    for s in sample.spectra {
      let c = try BulkComparison(eigenvalues: s.spectrum.eigenvalues, prediction: prediction)
      distance.append(
        [.text(sample.metric)] + extra + [
          .integer(Int(s.seed)), .number(c.kolmogorovSmirnov), .number(c.wasserstein1),
          .number(c.relativeWasserstein1), .integer(c.leadingOrderExact ? 1 : 0),
        ])
      if !lawWritten {
        let total = perOperator ? s.spectrum.dimension : s.spectrum.eigenvalues.count
        let weight = Double(c.bulkCount) / Double(total)
        for (x, rho) in zip(c.law.grid, c.law.densities) {
          law.append([.text(sample.metric)] + extra + [.number(x), .number(rho), .number(weight)])
        }
        lawWritten = true
      }
    }
  }

  func write(_ ctx: FigureContext) throws {
    try AtomicFile.write(law.csv, to: ctx.url("bulk-theory.csv"))
    try AtomicFile.write(distance.csv, to: ctx.url("bulk-distance.csv"))
  }
}

/// The convergence of the measured FIM bulk to the prediction as M grows at N/M = N/M₀ = 1/2 (L = 2, C = 2).
enum BulkFigures {
  static let convergence = Figure(
    name: "bulk-convergence",
    summary:
      "FIM bulk vs the linear-width prediction: KS and W1 shrink as M grows (relu, tanh, erf; L=2, C=2, N=M/2)"
  ) { ctx in
    let widths = ctx.full ? [200, 400, 800, 1600, 3200] : [200, 400, 800, 1600]
    let seeds = (0..<UInt64(ctx.full ? 8 : 2)).map { ctx.seed + $0 }
    let cases: [(Activation, Double, Double)] = [
      (.relu, 2, 0.1), (.tanh, 3, 0.64), (.erf, 2, 0.2), (.tanh, 1, 0),
    ]
    var w = BulkFigureWriter(extra: ["activation", "sigma_b2", "M"])
    var bulk = CSVTable(columns: ["activation", "sigma_b2", "M", "seed", "eigenvalue"])
    for (act, sw2, sb2) in cases {
      for m in widths {
        ctx.log("\(act.rawValue) σ_b² = \(sb2), M = \(m), \(seeds.count) networks")
        let arch = try NetworkArchitecture(
          inputWidth: m, width: m, depth: 2, outputs: 2, activation: act, sigmaW2: sw2, sigmaB2: sb2)
        let sample = try SpectrumSample(metric: "fisher", architecture: arch, samples: m / 2, seeds: seeds)
        let extra: [CSVTable.Cell] = [.text(act.rawValue), .number(sb2), .integer(m)]
        try w.add(sample, architecture: arch, samples: m / 2, extra: extra, perOperator: false)
        if m == widths.last!, let s = sample.spectra.first {
          for v in s.spectrum.eigenvalues { bulk.append(extra + [.integer(Int(s.seed)), .number(v)]) }
        }
      }
    }
    try w.write(ctx)
    try AtomicFile.write(bulk.csv, to: ctx.url("eigenvalues.csv"))
    try RunRecord(
      command: "reproduce bulk-convergence",
      configuration: FigureConfiguration(
        architecture: try NetworkArchitecture(
          inputWidth: widths[0], width: widths[0], depth: 2, outputs: 2, activation: .relu, sigmaW2: 2,
          sigmaB2: 0.1),
        samples: widths.map { $0 / 2 }, seeds: seeds, metrics: ["fisher"],
        note: "N = M/2, M0 = M; relu (2,0.1), tanh (3,0.64), erf (2,0.2), tanh (1,0); no fitted parameter"),
      started: Date()
    ).write(to: ctx.directory)
  }
}
