// The eigenvalue-density figures: FIM (regression, softmax, mean-subtracted), NTK versus N, input metric.
import FIM
import Foundation
import Spectra

/// Density figures of Karakida, Akaho & Amari (NC v2), reduced by default.
enum DensityFigures {
  /// Writes eigenvalues.csv, density.csv, zero-mode.csv and theory.csv for several metrics (and an extra
  /// grouping column such as N or layer).
  struct Writer {
    var eigenvalues: CSVTable
    var density: CSVTable
    var zeroMode: CSVTable
    var theory: CSVTable

    init(extra: [String]) {
      eigenvalues = CSVTable(columns: ["metric"] + extra + ["seed", "index", "eigenvalue"])
      density = CSVTable(columns: ["metric"] + extra + ["lower", "upper", "centre", "density", "count"])
      zeroMode = CSVTable(columns: ["metric"] + extra + ["total", "zero_count", "zero_weight"])
      theory = CSVTable(
        columns: ["metric"] + extra + ["seed", "statistic", "measured", "predicted", "relative_error"])
    }

    mutating func add(
      _ sample: SpectrumSample, extra: [CSVTable.Cell] = [], bins: Int, range: (Double, Double)
    ) throws {
      sample.appendEigenvalues(to: &eigenvalues, extra: extra)
      sample.appendTheory(to: &theory, extra: extra)
      let h = try sample.pooledHistogram(lower: range.0, upper: range.1, bins: bins)
      SpectrumSample.appendDensity(h, metric: sample.metric, extra: extra, to: &density)
      SpectrumSample.appendZeroMode(h, metric: sample.metric, extra: extra, to: &zeroMode)
    }

    func write(_ ctx: FigureContext) throws {
      try AtomicFile.write(eigenvalues.csv, to: ctx.url("eigenvalues.csv"))
      try AtomicFile.write(density.csv, to: ctx.url("density.csv"))
      try AtomicFile.write(zeroMode.csv, to: ctx.url("zero-mode.csv"))
      try AtomicFile.write(theory.csv, to: ctx.url("theory.csv"))
    }
  }

  /// A range covering all samples' positive eigenvalues, padded by 10 % on a log axis.
  static func commonRange(_ samples: [SpectrumSample]) -> (Double, Double) {
    let lo = samples.map(\.positiveRange.0).min() ?? 1
    let hi = samples.map(\.positiveRange.1).max() ?? 2
    return (lo / 1.1, hi * 1.1)
  }

  /// NC Fig. 2 and 4: FIM spectra of tanh nets (σ_w², σ_b²) = (3, 0.64), L = 3, M = 200, C = 10, N = 100,
  /// pooled over seeds: regression (C-fold outlier), softmax (outliers spread), mean-subtracted (no outlier).
  static let fimDensity = Figure(
    name: "fim-density",
    summary:
      "FIM densities: regression vs softmax vs mean-subtracted (NC Fig. 2, 4; tanh, L=3, M=200, C=10, N=100)"
  ) { ctx in
    let arch = try NetworkArchitecture(
      inputWidth: 200, width: 200, depth: 3, outputs: 10, activation: .tanh, sigmaW2: 3, sigmaB2: 0.64)
    let seeds = (0..<UInt64(ctx.full ? 100 : 12)).map { ctx.seed + $0 }
    var samples: [SpectrumSample] = []
    for metric in ["fisher", "fisher-softmax", "fisher-centred"] {
      ctx.log("\(metric) over \(seeds.count) networks")
      samples.append(try SpectrumSample(metric: metric, architecture: arch, samples: 100, seeds: seeds))
    }
    var w = Writer(extra: [])
    var bulk = BulkFigureWriter(extra: [])
    for s in samples {
      try w.add(s, bins: 60, range: commonRange([s]))
      try bulk.add(s, architecture: arch, samples: 100, perOperator: true)
    }
    try w.write(ctx)
    try bulk.write(ctx)
    try RunRecord(
      command: "reproduce fim-density",
      configuration: FigureConfiguration(
        architecture: arch, samples: [100], seeds: seeds, metrics: samples.map(\.metric),
        note: "pooled log-binned density over seeds; zeros (P − C·N per network) in zero-mode.csv"),
      started: Date()
    ).write(to: ctx.directory)
  }

  /// NC Fig. 6: NTK spectra (NTK parameterisation) of ReLU (2, 0) nets, L = 3, C = 2, for growing N, raw and
  /// mean-subtracted: the C outliers grow ∝ N, the bulk stays O(1).
  static let ntkSpectra = Figure(
    name: "ntk-spectra",
    summary:
      "NTK spectra vs N, raw and mean-subtracted (NC Fig. 6; ReLU (2,0), L=3, C=2, NTK parameterisation)"
  ) { ctx in
    let m = ctx.full ? 1000 : 400
    let arch = try NetworkArchitecture(
      inputWidth: m, width: m, depth: 3, outputs: 2, activation: .relu, sigmaW2: 2, sigmaB2: 0,
      parameterisation: .ntk)
    let sizes = ctx.full ? [100, 200, 400, 800, 1600] : [50, 100, 200, 400]
    let seeds = (0..<UInt64(ctx.full ? 20 : 4)).map { ctx.seed + $0 }
    var w = Writer(extra: ["N"])
    var bulk = BulkFigureWriter(extra: ["N"])
    for n in sizes {
      var samples: [SpectrumSample] = []
      for metric in ["ntk", "ntk-centred"] {
        ctx.log("\(metric), N = \(n), \(seeds.count) networks")
        samples.append(try SpectrumSample(metric: metric, architecture: arch, samples: n, seeds: seeds))
      }
      let range = commonRange(samples)
      for s in samples {
        try w.add(s, extra: [.integer(n)], bins: 60, range: range)
        try bulk.add(s, architecture: arch, samples: n, extra: [.integer(n)], perOperator: false)
      }
    }
    try w.write(ctx)
    try bulk.write(ctx)
    try RunRecord(
      command: "reproduce ntk-spectra",
      configuration: FigureConfiguration(
        architecture: arch, samples: sizes, seeds: seeds, metrics: ["ntk", "ntk-centred"],
        note: "NTK Θ = K (no 1/N); densities per N over the C·N dual eigenvalues"),
      started: Date()
    ).write(to: ctx.directory)
  }

  /// NC Fig. 7: input- and feature-space metric spectra of deep tanh nets, linear and softmax output.
  static let inputMetric = Figure(
    name: "input-metric",
    summary:
      "Input/feature metric spectra per layer, linear and softmax (NC Fig. 7; tanh (3,0.64), L=4, C=10)"
  ) { ctx in
    let m = 500
    let n = ctx.full ? 1000 : 200
    let arch = try NetworkArchitecture(
      inputWidth: m, width: m, depth: 4, outputs: 10, activation: .tanh, sigmaW2: 3, sigmaB2: 0.64)
    let seeds = (0..<UInt64(ctx.full ? 4 : 2)).map { ctx.seed + $0 }
    var w = Writer(extra: ["layer"])
    var metrics: [String] = []
    for l in 0..<3 {
      var samples: [SpectrumSample] = []
      for output in ["", "-softmax"] {
        let metric = (l == 0 ? "input-metric" : "feature-metric-\(l)") + output
        metrics.append(metric)
        ctx.log("\(metric), N = \(n), \(seeds.count) networks")
        samples.append(try SpectrumSample(metric: metric, architecture: arch, samples: n, seeds: seeds))
      }
      let range = commonRange(samples)
      for s in samples { try w.add(s, extra: [.integer(l)], bins: 60, range: range) }
    }
    try w.write(ctx)
    try RunRecord(
      command: "reproduce input-metric",
      configuration: FigureConfiguration(
        architecture: arch, samples: [n], seeds: seeds, metrics: metrics,
        note: "A^l over M_l eigenvalues (zeros counted in zero-mode.csv)"),
      started: Date()
    ).write(to: ctx.directory)
  }
}

/// What a figure's `run.json` records beyond the environment.
struct FigureConfiguration: Encodable {
  let architecture: NetworkArchitecture
  let samples: [Int]
  let seeds: [UInt64]
  let metrics: [String]
  let note: String
  let dataSeedRule = "data_seed = 1000000 + seed"
}
