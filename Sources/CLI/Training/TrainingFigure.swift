// Writes the training-dynamics outputs (CSV, summary, run.json) of `train`, `lr-sweep` and their figures.
import FIM
import Foundation
import Spectra

/// The training figures as files: one directory per experiment, plot-ready CSV plus `summary.json` and
/// `run.json` (provenance), written atomically.
///
/// ```
/// <dir>/training/   trajectory.csv  spectra.csv  summary.json  run.json      (plot: notebooks-data/training/plot.py)
/// <dir>/lr-sweep/   grid.csv  critical.csv  run.json                        (plot: notebooks-data/lr-sweep/plot.py)
/// ```
///
/// Source: shared/science/karakida.md §9 (Fig. 5 and the AIS learning-rate sweep).
enum TrainingFigure {
  /// Runs one training experiment (teacher data, or `data` when given) and writes its files to `directory`.
  static func runTraining(
    _ config: TrainingExperiment.Configuration, preset: FigurePreset?, data: TrainingData? = nil,
    dataDirectory: String? = nil, to directory: URL, memory: TrainingMemoryJSON? = nil
  ) throws {
    let started = Date()
    ProgressReporter.log(
      "train: \(config.loss.rawValue), widths \(config.architecture.widths), N = \(config.samples), T = \(config.steps)"
    )
    // About ten progress lines per run, whatever the schedule.
    let tracked = config.schedule.count
    var progress = ProgressReporter(total: tracked, label: "train", every: tracked / 10)
    let report: (Int, Int) -> Void = { t, total in progress.step("step \(t)/\(total)") }
    let run: TrainingExperiment
    if let data {
      let net = Network.sample(config.architecture, seed: config.seed)
      run = try TrainingExperiment(config, network: net, data: data, progress: report)
    } else {
      run = try TrainingExperiment(config, progress: report)
    }
    let seconds = Date().timeIntervalSince(started)
    try AtomicFile.write(trajectoryTable(run).csv, to: directory.appendingPathComponent("trajectory.csv"))
    try AtomicFile.write(spectraTable(run).csv, to: directory.appendingPathComponent("spectra.csv"))
    try AtomicFile.write(
      JSONOutput.encode(TrainingSummary(run, seconds: seconds), nonFinite: .null),
      to: directory.appendingPathComponent("summary.json"))
    var record = RunRecord(
      command: "train",
      configuration: TrainingRunConfiguration(
        preset: preset?.rawValue, data: dataDirectory ?? "teacher", experiment: config),
      started: started, timings: ["total": seconds])
    record.memory = memory?.measured()
    try record.write(to: directory)
    ProgressReporter.log("train: wrote \(directory.path) in \(ProgressReporter.format(seconds))")
  }

  /// Runs one learning-rate sweep and writes its files to `directory`.
  static func runSweep(
    _ config: LearningRateSweep.Configuration, preset: FigurePreset?, to directory: URL,
    memory: TrainingMemoryJSON? = nil
  ) throws {
    let started = Date()
    var progress = ProgressReporter(total: config.widths.count * config.rates.count, label: "lr-sweep")
    let sweep = try LearningRateSweep(config) { _, _, what in progress.step(what) }
    let seconds = Date().timeIntervalSince(started)
    try AtomicFile.write(gridTable(sweep).csv, to: directory.appendingPathComponent("grid.csv"))
    try AtomicFile.write(criticalTable(sweep).csv, to: directory.appendingPathComponent("critical.csv"))
    var record = RunRecord(
      command: "lr-sweep",
      configuration: LearningRateSweepRunConfiguration(preset: preset?.rawValue, sweep: config),
      started: started, timings: ["total": seconds])
    record.memory = memory?.measured()
    try record.write(to: directory)
    ProgressReporter.log("lr-sweep: wrote \(directory.path) in \(ProgressReporter.format(seconds))")
  }

  /// `step, loss, loss_linearised, loss_linearised_continuous` (NaN where absent).
  static func trajectoryTable(_ run: TrainingExperiment) -> CSVTable {
    var t = CSVTable(columns: ["step", "loss", "loss_linearised", "loss_linearised_continuous"])
    for step in 0...run.configuration.steps {
      let loss = step < run.losses.count ? run.losses[step] : .nan
      t.append([
        .integer(step), .number(loss), .number(run.linearisedLosses[step]),
        .number(run.continuousLinearisedLosses?[step] ?? .nan),
      ])
    }
    return t
  }

  /// One row per tracked step (columns in the documentation of `spectra train`).
  static func spectraTable(_ run: TrainingExperiment) -> CSVTable {
    var t = CSVTable(columns: [
      "step", "loss", "lambda_max_fisher", "top_mean_fisher", "lambda_max_fisher_theory",
      "lambda_max_softmax",
      "top_mean_softmax", "softmax_lower_bound", "softmax_upper_bound", "softmax_upper_bound_exact",
      "max_covariance_eigenvalue",
    ])
    for s in run.snapshots {
      t.append([
        .integer(s.step), .number(s.loss), .number(s.fisherLambdaMax), .number(s.fisherTopMean),
        .number(run.predictedFisherLambdaMax ?? .nan), .number(s.softmaxLambdaMax), .number(s.softmaxTopMean),
        .number(s.softmaxLowerBound ?? .nan), .number(s.softmaxUpperBound ?? .nan),
        .number(s.softmaxExactUpperBound), .number(s.largestCovarianceEigenvalue),
      ])
    }
    return t
  }

  /// One row per (M, η).
  static func gridTable(_ sweep: LearningRateSweep) -> CSVTable {
    var t = CSVTable(columns: [
      "width", "rate", "lambda_max", "critical_rate", "lambda_max_theory", "critical_rate_theory",
      "initial_loss",
      "final_loss", "max_loss_ratio", "diverged", "diverged_at",
    ])
    for p in sweep.points {
      t.append([
        .integer(p.width), .number(p.rate), .number(p.lambdaMax), .number(p.criticalRate),
        .number(p.predictedLambdaMax ?? .nan), .number(p.predictedLambdaMax.map { 2 / $0 } ?? .nan),
        .number(p.initialLoss), .number(p.finalLoss), .number(p.maximumLossRatio),
        .integer(p.diverged ? 1 : 0),
        p.divergedAt.map { .integer($0) } ?? .text(""),
      ])
    }
    return t
  }

  /// One row per width: predicted η_c beside the observed boundaries on the grid. Divergence: the largest
  /// non-diverged rate below the smallest diverged one, and that rate. Onset of instability: the largest rate
  /// whose loss never rose above L(θ₀) below the smallest rate whose loss did (max ratio > 1), and that rate.
  /// NaN where the grid has no such rate.
  static func criticalTable(_ sweep: LearningRateSweep) -> CSVTable {
    var t = CSVTable(columns: [
      "width", "lambda_max", "critical_rate", "lambda_max_theory", "critical_rate_theory",
      "largest_stable_rate", "smallest_diverged_rate", "largest_monotone_rate", "smallest_rising_rate",
    ])
    func boundary(_ points: [LearningRateSweep.Point], _ bad: (LearningRateSweep.Point) -> Bool) -> (
      Double?, Double?
    ) {
      let first = points.first(where: bad)?.rate
      let below = points.last { !bad($0) && (first == nil || $0.rate < first!) }?.rate
      return (below, first)
    }
    for m in sweep.configuration.widths {
      let points = sweep.points.filter { $0.width == m }.sorted { $0.rate < $1.rate }
      guard let first = points.first else { continue }
      let (stable, diverged) = boundary(points) { $0.diverged }
      let (monotone, rising) = boundary(points) { $0.diverged || $0.maximumLossRatio > 1 }
      t.append([
        .integer(m), .number(first.lambdaMax), .number(first.criticalRate),
        .number(first.predictedLambdaMax ?? .nan), .number(first.predictedLambdaMax.map { 2 / $0 } ?? .nan),
        .number(stable ?? .nan), .number(diverged ?? .nan), .number(monotone ?? .nan),
        .number(rising ?? .nan),
      ])
    }
    return t
  }
}

/// `run.json` configuration of `spectra train`.
struct TrainingRunConfiguration: Encodable {
  let preset: String?
  let data: String
  let experiment: TrainingExperiment.Configuration
}

/// `run.json` configuration of `spectra lr-sweep`.
struct LearningRateSweepRunConfiguration: Encodable {
  let preset: String?
  let sweep: LearningRateSweep.Configuration
}

/// `summary.json` of `spectra train`: the rate, η_c, divergence, and the spectra at the first and last tracked steps.
struct TrainingSummary: Encodable {
  let rate: Double
  let criticalRate: Double
  let fisherLambdaMaxTheory: Double?
  let divergedAt: Int?
  let initialLoss: Double
  let finalLoss: Double
  let finalLinearisedLoss: Double
  let first: SpectralSnapshot?
  let last: SpectralSnapshot?
  let seconds: Double

  enum CodingKeys: CodingKey {
    case rate, criticalRate, fisherLambdaMaxTheory, divergedAt, initialLoss, finalLoss, finalLinearisedLoss
    case first, last, seconds
  }

  /// Every key, with `null` for absent values (so the file always has the same keys).
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rate, forKey: .rate)
    try c.encode(criticalRate, forKey: .criticalRate)
    try c.encode(fisherLambdaMaxTheory, forKey: .fisherLambdaMaxTheory)
    try c.encode(divergedAt, forKey: .divergedAt)
    try c.encode(initialLoss, forKey: .initialLoss)
    try c.encode(finalLoss, forKey: .finalLoss)
    try c.encode(finalLinearisedLoss, forKey: .finalLinearisedLoss)
    try c.encode(first, forKey: .first)
    try c.encode(last, forKey: .last)
    try c.encode(seconds, forKey: .seconds)
  }

  init(_ run: TrainingExperiment, seconds: Double) {
    rate = run.rate
    criticalRate = run.criticalRate
    fisherLambdaMaxTheory = run.predictedFisherLambdaMax
    divergedAt = run.divergedAt
    initialLoss = run.losses[0]
    finalLoss = run.losses.last!
    finalLinearisedLoss = run.linearisedLosses.last!
    first = run.snapshots.first
    last = run.snapshots.last
    self.seconds = seconds
  }
}
