// A sweep row measured matrix-free: top-k λ_max, exact m and s, the theory; the cells a method cannot give empty.
import FIM
import Foundation
import Spectra

extension PointMeasurement {
  /// A matrix-free row (``MatrixFreeSpectrum`` with `method`'s modes).
  ///
  /// ```
  /// m, s            exact (trace and streamed ‖dual‖_F², over D)      lanczos, slq, moments (empty: density)
  /// lambda_max      θ₁ of block Lanczos (residual in lambda_max_residual)   lanczos, slq, density
  /// top_c_mean      mean of the C′ largest θᵢ (when k ≥ C′)            lanczos, slq, density
  /// lambda_min, health_passed   empty: only the dense spectrum has the smallest eigenvalue and the health check
  /// bulk_*          empty: the bulk comparison needs every eigenvalue
  /// ```
  /// A predicted or relative-error cell of a statistic the method did not measure is `nan`, as for a
  /// statistic the theory does not predict.
  static func matrixFree(
    _ c: Context, method: SpectrumMethod, settings: MatrixFreeSettings, requested: String,
    estimate: ByteCount
  ) throws -> [CellValue] {
    let arch = c.architecture
    let size = (c.request.outputIndex == nil ? arch.outputs : 1) * c.inputs.rows
    let t0 = Date()
    let result = try MatrixFreeSpectrum(
      network: c.network, inputs: c.inputs, request: c.request,
      modes: settings.modes(for: method, size: size))
    let theory =
      MetricDual.theoryApplies(depth: arch.depth)
      ? try TheoryComparison(
        measured: MeasuredStatistics(result), network: c.network, inputs: c.inputs, gaussianInputs: true)
      : nil
    let seconds = Date().timeIntervalSince(t0)
    func cell(_ x: Double?) -> CellValue { x.map { .number($0) } ?? .text("") }
    let measured: [CellValue] = [
      cell(result.mean), cell(result.secondMoment), cell(result.largest), cell(result.topMean),
      .text(""), .text(""),
    ]
    let cells = MethodCells(
      method: method, requested: requested, estimate: estimate, result: result, settings: settings)
    return configurationCells(c, parameters: result.parameterCount, dimension: result.dimension)
      + measured + theoryCells(theory) + [.number(seconds)] + cells.cells
      + BulkCells(note: "no full spectrum (\(method.rawValue) computes \(method.answers))").cells
  }
}

/// The appended method cells of a row (docs/sweep.md).
///
/// ```
/// method               the method that ran: dense, lanczos, slq, density, moments
/// method_requested     dense, auto, lanczos, slq, density or moments (auto: the plan chose per point × metric)
/// memory_estimate      the planner's peak-memory estimate of that method, bytes
/// top_k, tolerance     k and the relative residual tolerance of block Lanczos (lanczos, slq, density)
/// top_converged        how many of the k pairs met the tolerance (lanczos, slq, density)
/// lambda_max_residual  ‖K u₁ − θ₁ u₁‖₂: an eigenvalue lies within it of lambda_max (lanczos, slq, density)
/// probes, lanczos_steps, slq_w1_bound   SLQ probes, steps and the a-priori W₁ bound (slq, density)
/// ```
/// Empty where the method has no such setting (dense, moments).
struct MethodCells {
  static let columns = [
    "method", "method_requested", "memory_estimate", "top_k", "tolerance", "top_converged",
    "lambda_max_residual", "probes", "lanczos_steps", "slq_w1_bound",
  ]
  let cells: [CellValue]

  /// A dense row's cells.
  init(dense requested: String, estimate: ByteCount) {
    cells =
      [.text("dense"), .text(requested), .integer(estimate.bytes)]
      + [CellValue](repeating: .text(""), count: Self.columns.count - 3)
  }

  /// A matrix-free row's cells.
  init(
    method: SpectrumMethod, requested: String, estimate: ByteCount, result: MatrixFreeSpectrum,
    settings: MatrixFreeSettings
  ) {
    var top: [CellValue] = [.text(""), .text(""), .text(""), .text("")]
    if let t = result.top {
      top = [
        .integer(t.eigenvalues.count), .number(t.tolerance), .integer(t.converged.filter { $0 }.count),
        t.residualNorms.first.map { .number($0) } ?? .text(""),
      ]
    }
    var slq: [CellValue] = [.text(""), .text(""), .text("")]
    if let d = result.density, method == .slq || method == .density {
      let steps = result.modes.lazy.compactMap { mode -> Int? in
        if case .density(let steps, _, _, _) = mode { steps } else { nil }
      }.first
      slq = [.integer(d.probes.count), steps.map { .integer($0) } ?? .text(""), .number(d.wassersteinBound)]
    }
    cells = [.text(method.rawValue), .text(requested), .integer(estimate.bytes)] + top + slq
  }
}
