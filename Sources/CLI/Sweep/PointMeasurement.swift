// One sweep point: sample the network and inputs, measure each metric, compare with theory, make table rows.
import FIM
import Foundation
import Spectra

/// Measures every metric of a sweep at one point and returns its table rows (one per metric).
///
/// Seeds: the weights use the point's seed; the inputs use `dataSeed = 1_000_000 + seed`, so the weights
/// and data streams never coincide and any row can be regenerated with `spectra spectrum --seed S
/// --data-seed D`. The method of each row is dense unless the plan has a ``SweepMethod`` (then
/// ``SweepMethod/plan(architecture:samples:request:budget:)`` chooses); the columns after `seconds`
/// (``appendedColumns``) say which method ran, its accuracy settings and the bulk comparison.
enum PointMeasurement {
  /// The columns up to `seconds`, in the order of sweeps made before methods and bulk columns existed.
  static let baseColumns = [
    "metric", "activation", "sigma_w2", "sigma_b2", "parameterisation", "L", "C", "N", "M", "M0", "P",
    "dimension", "seed", "data_seed", "m", "s", "lambda_max", "top_c_mean", "lambda_min", "health_passed",
    "theory", "theory_applicable", "pred_m", "pred_s", "pred_lambda_max", "pred_lambda_max_lower",
    "pred_lambda_max_upper", "rel_err_m", "rel_err_s", "rel_err_lambda_max", "rel_err_top_c_mean",
    "exp_m", "exp_s", "exp_lambda_max", "seconds",
  ]
  /// The appended columns (docs/sweep.md): the method and its settings, then the bulk comparison.
  static let appendedColumns = MethodCells.columns + BulkCells.columns
  /// Every column of a row.
  static let columns = baseColumns + appendedColumns

  static func dataSeed(_ seed: UInt64) -> UInt64 { 1_000_000 &+ seed }

  /// The rows of `point`: one per metric, each by the method its plan chooses within `budget` (nil: the
  /// machine's, ``MemoryBudget/resolve(option:optionName:root:)``; unused by a dense sweep).
  static func measure(_ point: SweepPlan.Point, plan: SweepPlan, budget: MemoryBudget? = nil) throws
    -> PointRecord
  {
    let arch = try plan.architecture(at: point)
    let net = Network.sample(arch, seed: point.seed)
    let inputs = try GaussianInputs.sample(
      samples: point.samples, width: arch.inputWidth, seed: dataSeed(point.seed))
    var rows: [[CellValue]] = []
    for name in plan.fixed.metrics {
      let request = try MetricRequest(name: name)
      let context = Context(point: point, name: name, request: request, network: net, inputs: inputs)
      guard let method = plan.fixed.method else {
        let estimate = MemoryEstimate.dense(
          architecture: arch, samples: point.samples, request: request, overlaps: false)
        rows.append(try dense(context, cells: MethodCells(dense: "dense", estimate: estimate.peak)))
        continue
      }
      let memoryPlan = method.plan(
        architecture: arch, samples: point.samples, request: request,
        budget: try budget ?? MemoryBudget.resolve(option: nil))
      let chosen = try memoryPlan.method(command: "sweep \(point.key) \(name)")
      let estimate = memoryPlan.estimate(chosen).peak
      if chosen == .dense {
        rows.append(try dense(context, cells: MethodCells(dense: method.method, estimate: estimate)))
      } else {
        rows.append(
          try matrixFree(
            context, method: chosen, settings: memoryPlan.settings, requested: method.method,
            estimate: estimate))
      }
    }
    return PointRecord(key: point.key, columns: columns, rows: rows)
  }

  /// What one row is measured on.
  struct Context {
    let point: SweepPlan.Point
    let name: String
    let request: MetricRequest
    let network: Network
    let inputs: Matrix
    var architecture: NetworkArchitecture { network.architecture }
  }

  /// The cells shared by every method: the configuration (`metric` … `data_seed`).
  static func configurationCells(_ c: Context, parameters: Int, dimension: Int) -> [CellValue] {
    let arch = c.architecture
    return [
      .text(c.name), .text(arch.activation.rawValue), .number(arch.sigmaW2), .number(arch.sigmaB2),
      .text(arch.parameterisation.rawValue), .integer(arch.depth), .integer(arch.outputs),
      .integer(c.point.samples), .integer(c.point.width), .integer(arch.inputWidth), .integer(parameters),
      .integer(dimension), .integer(Int(c.point.seed)), .integer(Int(dataSeed(c.point.seed))),
    ]
  }

  /// The theory cells (`theory` … `exp_lambda_max`) of a comparison (nil: no theory at this depth).
  static func theoryCells(_ theory: TheoryComparison?) -> [CellValue] {
    func stat(_ name: String) -> ComparedStatistic? { theory?.statistic(name) }
    let top = stat("lambda_max")
    let scaling = top ?? stat("lambda_max_lower_bound")
    func number(_ x: Double?) -> CellValue { .number(x ?? .nan) }
    func exponent(_ s: ComparedStatistic?) -> CellValue {
      s?.widthExponent.map { .integer($0) } ?? .text("")
    }
    return [
      .text(theory?.matrix ?? "none"), .integer(theory?.applicability.isApplicable == true ? 1 : 0),
      number(stat("m")?.predicted), number(stat("s")?.predicted), number(top?.predicted),
      number(stat("lambda_max_lower_bound")?.predicted), number(stat("lambda_max_upper_bound")?.predicted),
      number(stat("m")?.relativeError), number(stat("s")?.relativeError), number(top?.relativeError),
      number(stat("top_c_mean")?.relativeError), exponent(stat("m")), exponent(stat("s")),
      exponent(scaling),
    ]
  }

  /// A dense row: every eigenvalue (dsyevd), the theory, and the bulk comparison.
  static func dense(_ c: Context, cells: MethodCells) throws -> [CellValue] {
    let t0 = Date()
    let spectrum = try MetricSpectrum(
      network: c.network, inputs: c.inputs, request: c.request, overlaps: false)
    let theory =
      MetricDual.theoryApplies(depth: c.architecture.depth)
      ? try TheoryComparison(spectrum: spectrum, network: c.network, inputs: c.inputs, gaussianInputs: true)
      : nil
    let seconds = Date().timeIntervalSince(t0)
    let st = spectrum.statistics
    let measured: [CellValue] = [
      .number(st.mean), .number(st.secondMoment), .number(st.largest), .number(spectrum.topMean),
      .number(spectrum.health.smallestEigenvalue), .integer(spectrum.health.passed ? 1 : 0),
    ]
    return configurationCells(c, parameters: spectrum.parameterCount, dimension: spectrum.dimension)
      + measured + theoryCells(theory) + [.number(seconds)] + cells.cells
      + BulkCells(spectrum, architecture: c.architecture, samples: c.point.samples).cells
  }
}
