// `spectra spectrum` on the matrix-free path: top-k, exact m and s, an SLQ density, as the plan chose.
import FIM
import Foundation
import Spectra

extension SpectrumCommand {
  /// Runs `method`'s modes (``MatrixFreeSettings/modes(for:size:)``) and writes the same outputs as the
  /// dense path: stdout summary or `--json`, and with `--out` eigenvalues.csv (the top-k, with residuals),
  /// density.csv (slq, density: with lower/upper columns), theory.csv, spectrum.json, run.json.
  func runMatrixFree(
    _ method: SpectrumMethod, plan: MemoryPlan, network net: Network, inputs: Matrix, started: Date,
    sampled: Bool
  ) throws {
    let size = (request.outputIndex == nil ? net.architecture.outputs : 1) * inputs.rows
    let t0 = Date()
    let result = try MatrixFreeSpectrum(
      network: net, inputs: inputs, request: request, modes: plan.settings.modes(for: method, size: size),
      progress: IterationProgressPrinter().handler)
    let elapsed = Date().timeIntervalSince(t0)
    let (theory, theoryNote) = try theoryComparison(
      { MeasuredStatistics(result) }, network: net, inputs: inputs, sampled: sampled)
    let report = MatrixFreeReport(
      method: method, result: result, theory: theory, theoryNote: theoryNote,
      configuration: configuration(net.architecture, samples: inputs.rows, sampled: sampled),
      environment: RunEnvironment.current, started: ISO8601DateFormatter().string(from: started),
      seconds: elapsed, plan: plan)
    if let out {
      try MatrixFreeOutput(report: report, bins: bins, binning: binning).write(
        to: URL(fileURLWithPath: out), started: started)
    }
    if let top = result.top, top.converged.contains(false) {
      FileHandle.standardError.write(
        Data(
          "warning: \(top.converged.filter { !$0 }.count) of \(top.eigenvalues.count) top eigenpairs did not reach --tolerance \(top.tolerance)\n"
            .utf8))
    }
    if json {
      try JSONOutput.print(report)
    } else {
      print(report.summary)
    }
  }
}
