// The scaling figures: m, s, λ_max against M (regression and softmax FIM), and against the sample size N.
import FIM
import Foundation
import Spectra

/// Sweeps plus power-law fits, in the layout `results.csv`, `fits.csv`, `finite-size.csv` at the figure
/// root (all groups), and one sweep directory per setting under it (resumable with `spectra sweep`).
enum ScalingFigures {
  /// Runs `plans` (name → plan) into subdirectories, then writes the united table and its fits.
  static func sweepAndFit(_ plans: [(String, SweepPlan)], against: String, ctx: FigureContext) throws {
    var united: CSVTable? = nil
    for (name, plan) in plans {
      let store = try SweepRunner.run(
        plan, into: ctx.url(name), label: "\(ctx.directory.lastPathComponent)/\(name)")
      let t = try CSVTable(parsing: String(contentsOf: store.tableURL, encoding: .utf8))
      if united == nil { united = CSVTable(columns: t.columns) }
      for r in t.rows { united!.append(r) }
    }
    guard let united else { return }
    try AtomicFile.write(united.csv, to: ctx.url("results.csv"))
    let analysis = try ScalingAnalysis(
      table: united, against: against, level: 0.9, replicates: 2000, seed: ctx.seed)
    try AtomicFile.write(analysis.fitTable(against: against).csv, to: ctx.url("fits.csv"))
    try AtomicFile.write(analysis.finiteSizeTable(against: against).csv, to: ctx.url("finite-size.csv"))
    try RunRecord(
      command: "reproduce \(ctx.directory.lastPathComponent)",
      configuration: ScalingFigureConfiguration(
        plans: Dictionary(uniqueKeysWithValues: plans), against: against),
      started: Date()
    ).write(to: ctx.directory)
  }

  static func plan(
    _ activation: Activation, _ sw2: Double, _ sb2: Double, metrics: [String], widths: [Int], samples: [Int],
    outputs: Int, seeds: [UInt64], parameterisation: Parameterisation = .standard
  ) -> SweepPlan {
    SweepPlan(
      fixed: .init(
        activation: activation, sigmaW2: sw2, sigmaB2: sb2, inputRatio: 1, inputWidth: nil, widthRatios: [],
        parameterisation: parameterisation, metrics: metrics),
      widths: widths, depths: [3], samples: samples, outputs: [outputs], seeds: seeds)
  }

  /// NC Fig. 3 and AIS Thms 1–2: m, s, λ_max (top-C mean) of the regression and softmax FIM against M for
  /// tanh (3, 0.64), ReLU (2, 0.1) and linear (1, 0.1) at L = 3, C = 10, N = 100.
  static let statsVsWidth = Figure(
    name: "stats-vs-width",
    summary: "m, s, λ_max vs M against theory, regression and softmax FIM (NC Fig. 3; L=3, C=10, N=100)"
  ) { ctx in
    let widths = ctx.full ? [100, 200, 400, 800, 1600] : [100, 200, 400, 800]
    let seeds = (0..<UInt64(ctx.full ? 5 : 3)).map { ctx.seed + $0 }
    let settings: [(String, Activation, Double, Double)] = [
      ("tanh", .tanh, 3, 0.64), ("relu", .relu, 2, 0.1), ("linear", .linear, 1, 0.1),
    ]
    try sweepAndFit(
      settings.map { name, act, w, b in
        (
          name,
          plan(
            act, w, b, metrics: ["fisher", "fisher-softmax"], widths: widths, samples: [100], outputs: 10,
            seeds: seeds)
        )
      }, against: "M", ctx: ctx)
  }

  /// NC Thm 3.1 and §5: the N-dependence at fixed M: FIM λ_max → α(κ₁/N + (N−1)κ₂/N)M, m independent of N;
  /// NTK (NTK parameterisation) λ_max ≈ κ′₁ + (N−1)κ′₂, growing ∝ N.
  static let sampleSize = Figure(
    name: "sample-size",
    summary: "Sample-size dependence: FIM and NTK statistics vs N at fixed M (NC Thm 3.1, §5; ReLU, L=3)"
  ) { ctx in
    let m = ctx.full ? 1000 : 400
    let sizes = ctx.full ? [25, 50, 100, 200, 400, 800] : [25, 50, 100, 200, 400]
    let seeds = (0..<UInt64(ctx.full ? 5 : 3)).map { ctx.seed + $0 }
    try sweepAndFit(
      [
        (
          "fisher",
          plan(.relu, 2, 0.1, metrics: ["fisher"], widths: [m], samples: sizes, outputs: 10, seeds: seeds)
        ),
        (
          "ntk",
          plan(
            .relu, 2, 0, metrics: ["ntk"], widths: [m], samples: sizes, outputs: 2, seeds: seeds,
            parameterisation: .ntk)
        ),
      ], against: "N", ctx: ctx)
  }
}

/// What a scaling figure's `run.json` records.
struct ScalingFigureConfiguration: Encodable {
  let plans: [String: SweepPlan]
  let against: String
}
