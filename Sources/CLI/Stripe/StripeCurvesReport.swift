// Learning curves ε(p) of three methods and λ(p), with power-law fits, written to a directory.
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
}

/// Runs and writes a learning-curve study.
enum StripeCurvesReport {
  /// Runs the study and writes `points.csv`, `compression.csv`, `fits.csv` and `run.json`.
  static func run(_ c: LearningCurveConfiguration, to out: StripeOutputDirectory, arguments: [String]) throws
  {
    let started = Date()
    let study = try LearningCurveStudy.run(c, progress: StripeProvenance.progress)
    let points = study.points
    try out.writeCSV(
      "points.csv",
      header: [
        "p", "seed", "eps_initial_ntk", "eps_feature", "eps_final_ntk", "lambda", "lambda_star",
        "kernel_change",
        "network_steps", "network_rejections", "network_stop", "network_seconds", "network_min_margin",
        "initial_kernel_stop", "initial_kernel_min_margin", "initial_kernel_seconds", "final_kernel_stop",
        "final_kernel_min_margin", "final_kernel_seconds",
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
          csv(pt.finalKernel.wallSeconds),
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
    var reasons: [String: Int] = [:]
    for pt in points {
      reasons["network-" + pt.network.stopReason.rawValue, default: 0] += 1
      reasons["kernel-" + pt.initialKernel.stopReason.rawValue, default: 0] += 1
      reasons["kernel-" + pt.finalKernel.stopReason.rawValue, default: 0] += 1
    }
    let summary = StripeCurvesSummary(
      fits: study.fits, predictedLazyExponent: LearningCurveStudy.lazyExponent(dimension: c.dimension),
      predictedFeatureExponent: LearningCurveStudy.featureExponent(
        dimension: c.dimension, informative: c.task.informativeDimensions),
      compressionPrefactorPrediction: 0.13514.squareRoot(), stopReasons: reasons,
      timings: ["total": Date().timeIntervalSince(started)])
    try RunRecord(
      command: "stripe curves", configuration: c, started: started,
      timings: ["total": Date().timeIntervalSince(started)], arguments: arguments, summary: summary,
      notes: StripeProvenance.notes
    ).write(to: out.url)
  }
}
