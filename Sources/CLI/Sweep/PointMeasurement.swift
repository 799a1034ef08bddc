// One sweep point: sample the network and inputs, measure each metric, compare with theory, make table rows.
import FIM
import Foundation
import Spectra

/// Measures every metric of a sweep at one point and returns its table rows (one per metric).
///
/// Seeds: the weights use the point's seed; the inputs use `dataSeed = 1_000_000 + seed`, so the weights
/// and data streams never coincide and any row can be regenerated with `spectra spectrum --seed S
/// --data-seed D`.
enum PointMeasurement {
  static let columns = [
    "metric", "activation", "sigma_w2", "sigma_b2", "parameterisation", "L", "C", "N", "M", "M0", "P",
    "dimension", "seed", "data_seed", "m", "s", "lambda_max", "top_c_mean", "lambda_min", "health_passed",
    "theory", "theory_applicable", "pred_m", "pred_s", "pred_lambda_max", "pred_lambda_max_lower",
    "pred_lambda_max_upper", "rel_err_m", "rel_err_s", "rel_err_lambda_max", "rel_err_top_c_mean",
    "exp_m", "exp_s", "exp_lambda_max", "seconds",
  ]

  static func dataSeed(_ seed: UInt64) -> UInt64 { 1_000_000 &+ seed }

  static func measure(_ point: SweepPlan.Point, plan: SweepPlan) throws -> PointRecord {
    let arch = try plan.architecture(at: point)
    let net = Network.sample(arch, seed: point.seed)
    let inputs = try GaussianInputs.sample(
      samples: point.samples, width: arch.inputWidth, seed: dataSeed(point.seed))
    var rows: [[CellValue]] = []
    for name in plan.fixed.metrics {
      let t0 = Date()
      let spectrum = try MetricSpectrum(
        network: net, inputs: inputs, request: try MetricRequest(name: name), overlaps: false)
      let theory =
        MetricDual.theoryApplies(depth: arch.depth)
        ? try TheoryComparison(spectrum: spectrum, network: net, inputs: inputs, gaussianInputs: true) : nil
      let seconds = Date().timeIntervalSince(t0)
      func stat(_ name: String) -> ComparedStatistic? { theory?.statistic(name) }
      let top = stat("lambda_max")
      let scaling = top ?? stat("lambda_max_lower_bound")
      func number(_ x: Double?) -> CellValue { .number(x ?? .nan) }
      func exponent(_ s: ComparedStatistic?) -> CellValue {
        s?.widthExponent.map { .integer($0) } ?? .text("")
      }
      let st = spectrum.statistics
      rows.append([
        .text(name), .text(arch.activation.rawValue), .number(arch.sigmaW2), .number(arch.sigmaB2),
        .text(arch.parameterisation.rawValue), .integer(arch.depth), .integer(arch.outputs),
        .integer(point.samples), .integer(point.width), .integer(arch.inputWidth),
        .integer(spectrum.parameterCount), .integer(spectrum.dimension), .integer(Int(point.seed)),
        .integer(Int(dataSeed(point.seed))), .number(st.mean), .number(st.secondMoment), .number(st.largest),
        .number(spectrum.topMean), .number(spectrum.health.smallestEigenvalue),
        .integer(spectrum.health.passed ? 1 : 0), .text(theory?.matrix ?? "none"),
        .integer(theory?.applicability.isApplicable == true ? 1 : 0), number(stat("m")?.predicted),
        number(stat("s")?.predicted), number(top?.predicted),
        number(stat("lambda_max_lower_bound")?.predicted), number(stat("lambda_max_upper_bound")?.predicted),
        number(stat("m")?.relativeError), number(stat("s")?.relativeError),
        number(top?.relativeError), number(stat("top_c_mean")?.relativeError), exponent(stat("m")),
        exponent(stat("s")), exponent(scaling),
        .number(seconds),
      ])
    }
    return PointRecord(key: point.key, columns: columns, rows: rows)
  }
}
