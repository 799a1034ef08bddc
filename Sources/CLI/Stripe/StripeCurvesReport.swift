// Learning curves ε(p) of three methods and λ(p): points, fits and local slopes, written to a directory.
import Foundation
import Spectra
import Stripe

/// Summary of a learning-curve report, recorded in run.json.
struct StripeCurvesSummary: Encodable {
  let fits: [CurveFit]
  let predictedLazyExponent: Double
  let predictedFeatureExponent: Double
  let compressionPrefactorPrediction: Double
  let stopReasons: [String: Int]
  let timings: [String: Double]
  /// Tasks present in the directory (full and kernel-only), when written from a task directory.
  var tasks: Int? = nil
  /// What this run did with its shard: run, skipped as finished, shard, estimates (nil for `reproduce`).
  var execution: StripeCurvesExecution? = nil
}

/// What one `stripe curves` invocation did (recorded in run.json beside the tables).
struct StripeCurvesExecution: Encodable {
  let shard: String
  let tasksRun: [String]
  let tasksSkipped: [String]
  let largestEstimatedPeak: ByteCount
  let measuredPeakResident: ByteCount?
  let memoryBudget: ByteCount
  let memoryBudgetSource: String
}

/// Writes the tables of a learning-curve study.
enum StripeCurvesReport {
  /// Runs the study in one process and writes its tables (the `reproduce` path).
  static func run(_ c: LearningCurveConfiguration, to out: StripeOutputDirectory, arguments: [String]) throws
  {
    let started = Date()
    let study = try LearningCurveStudy.run(c, progress: StripeProvenance.progress)
    try write(study, to: out, started: started, arguments: arguments)
  }

  /// Writes `points.csv` (tasks with a network), `kernel-points.csv` (every init-NTK error),
  /// `compression.csv`, `fits.csv`, `local-slopes.csv` and `run.json`.
  static func write(
    _ study: LearningCurveStudy, to out: StripeOutputDirectory, started: Date, arguments: [String],
    execution: StripeCurvesExecution? = nil
  ) throws {
    let c = study.configuration
    let points = study.points
    try out.writeCSV(
      "points.csv",
      header: [
        "p", "seed", "eps_initial_ntk", "eps_feature", "eps_final_ntk", "lambda", "lambda_star",
        "kernel_change",
        "network_steps", "network_rejections", "network_stop", "network_seconds", "network_min_margin",
        "initial_kernel_stop", "initial_kernel_min_margin", "initial_kernel_seconds", "final_kernel_stop",
        "final_kernel_min_margin", "final_kernel_seconds", "eps_lazy", "lazy_steps", "lazy_stop",
        "lazy_seconds", "lazy_min_margin",
      ],
      rows: points.map { pt in
        [
          "\(pt.size)", "\(pt.seed)", csv(pt.initialKernelError), csv(pt.featureError),
          csv(pt.finalKernelError),
          csv(pt.compression), csv(pt.compressionAtTenPercent ?? .nan), csv(pt.kernelChange),
          "\(pt.network.steps)",
          "\(pt.network.rejections)", pt.network.stopReason.rawValue, csv(pt.network.wallSeconds),
          csv(pt.network.minMargin), pt.initialKernel.stopReason.rawValue, csv(pt.initialKernel.minMargin),
          csv(pt.initialKernel.wallSeconds), pt.finalKernel.stopReason.rawValue,
          csv(pt.finalKernel.minMargin),
          csv(pt.finalKernel.wallSeconds), csv(pt.lazyError ?? .nan),
          pt.lazyNetwork.map { "\($0.steps)" } ?? "",
          pt.lazyNetwork?.stopReason.rawValue ?? "", csv(pt.lazyNetwork?.wallSeconds ?? .nan),
          csv(pt.lazyNetwork?.minMargin ?? .nan),
        ]
      })
    try out.writeCSV(
      "kernel-points.csv",
      header: [
        "p", "seed", "key", "eps_initial_ntk", "network_trained", "initial_kernel_stop",
        "initial_kernel_min_margin", "initial_kernel_seconds",
      ],
      rows: study.results.map { r in
        [
          "\(r.size)", "\(r.seed)", r.key, csv(r.initialKernelError), r.point == nil ? "0" : "1",
          r.initialKernel.stopReason.rawValue, csv(r.initialKernel.minMargin),
          csv(r.initialKernel.wallSeconds),
        ]
      })
    try out.writeCSV(
      "compression.csv", header: ["p", "seed", "lambda", "lambda_star", "lambda_prediction_sqrt_0.135p"],
      rows: points.map { pt in
        [
          "\(pt.size)", "\(pt.seed)", csv(pt.compression), csv(pt.compressionAtTenPercent ?? .nan),
          csv(LearningCurveStudy.compressionPrediction(size: pt.size)),
        ]
      })
    try out.writeCSV(
      "fits.csv",
      header: [
        "method", "slope", "slope_se", "prefactor", "seed_slope_mean", "seed_slope_se", "predicted_slope",
        "points",
      ],
      rows: study.fits.map { f in
        [
          f.method, csv(f.slope), csv(f.slopeStandardError), csv(f.fit.prefactor),
          csv(f.seedSlopes.isEmpty ? .nan : f.seedSlopes.reduce(0, +) / Double(f.seedSlopes.count)),
          csv(f.seedSlopeError), csv(f.predictedSlope ?? .nan), "\(f.pointsUsed)",
        ]
      })
    try writeLocalSlopes(study, to: out)
    var reasons: [String: Int] = [:]
    for pt in points {
      reasons["network-" + pt.network.stopReason.rawValue, default: 0] += 1
      if let lazy = pt.lazyNetwork { reasons["lazy-network-" + lazy.stopReason.rawValue, default: 0] += 1 }
      reasons["kernel-" + pt.finalKernel.stopReason.rawValue, default: 0] += 1
    }
    for r in study.results { reasons["kernel-" + r.initialKernel.stopReason.rawValue, default: 0] += 1 }
    let total = ["total": Date().timeIntervalSince(started)]
    var summary = StripeCurvesSummary(
      fits: study.fits, predictedLazyExponent: LearningCurveStudy.lazyExponent(dimension: c.dimension),
      predictedFeatureExponent: LearningCurveStudy.featureExponent(
        dimension: c.dimension, informative: c.task.informativeDimensions),
      compressionPrefactorPrediction: 0.13514.squareRoot(), stopReasons: reasons, timings: total)
    if let execution {
      summary.tasks = study.results.count
      summary.execution = execution
    }
    try RunRecord(
      command: "stripe curves", configuration: c, started: started, timings: total, arguments: arguments,
      summary: summary, notes: StripeProvenance.notes
    ).write(to: out.url)
  }

  /// `local-slopes.csv`: for every curve, the slope between consecutive p (window 2) and the sliding fit
  /// over 3 sizes (window 3), with seed error bars and the predicted slope (``LocalSlopes``).
  static func writeLocalSlopes(_ study: LearningCurveStudy, to out: StripeOutputDirectory) throws {
    var rows: [[String]] = []
    for (method, samples, predicted) in LearningCurveStudy.curves(
      study.configuration, results: study.results)
    {
      for window in [2, 3] {
        for e in try LocalSlopes(samples, window: window).estimates {
          rows.append([
            method, "\(window)", "\(e.lower)", "\(e.upper)", csv(e.centre), csv(e.slope), csv(e.seedMean),
            csv(e.seedStandardError), "\(e.seedCount)", csv(predicted),
          ])
        }
      }
    }
    try out.writeCSV(
      "local-slopes.csv",
      header: [
        "method", "window", "p_lower", "p_upper", "p_centre", "slope", "seed_slope_mean", "seed_slope_se",
        "seeds", "predicted_slope",
      ], rows: rows)
  }
}
