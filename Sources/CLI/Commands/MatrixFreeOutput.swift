// The files a matrix-free `spectra spectrum --out DIR` writes: top-k eigenvalues, the SLQ density, JSON.
import FIM
import Foundation
import Spectra

/// The matrix-free counterpart of ``SpectrumOutput``, same file names:
///
/// ```
/// eigenvalues.csv   index, eigenvalue, residual      the top-k, ascending; index in the full ascending dual
///                                                    spectrum (n − k … n − 1), residual ‖A·u − θ·u‖₂
/// density.csv       (slq, density) # zero-mode estimate and W₁ bound, then
///                   lower, upper, centre, density, density_lower, density_upper   (density ∓ 2·SE over probes)
/// theory.csv, spectrum.json, run.json                as the dense path
/// ```
/// The density is normalised over the operator dimension D like the dense one: a dual eigenvalue fraction
/// w in a bin of width Δ contributes w·C′N/(D·Δ).
struct MatrixFreeOutput {
  let report: MatrixFreeReport
  let bins: Int
  let binning: DensityBinning

  func write(to dir: URL, started: Date) throws {
    let result = report.result
    if let top = result.top {
      var eig = CSVTable(columns: ["index", "eigenvalue", "residual"])
      let k = top.eigenvalues.count
      for i in 0..<k {
        let j = k - 1 - i
        eig.append([
          .integer(result.size - k + i), .number(top.eigenvalues[j]), .number(top.residualNorms[j]),
        ])
      }
      try AtomicFile.write(eig.csv, to: dir.appendingPathComponent("eigenvalues.csv"))
    }
    if let density = result.density {
      try AtomicFile.write(densityCSV(density), to: dir.appendingPathComponent("density.csv"))
    }
    if let theory = report.theory {
      try AtomicFile.write(theory.table.csv, to: dir.appendingPathComponent("theory.csv"))
    }
    try AtomicFile.write(JSONOutput.encode(report), to: dir.appendingPathComponent("spectrum.json"))
    var record = RunRecord(
      command: "spectrum", configuration: report.configuration, started: started,
      timings: ["metric": report.seconds, "total": Date().timeIntervalSince(started)])
    record.plan = PlanJSON(report.plan, measuredPeak: ProcessMemory.peakResident)
    try record.write(to: dir)
  }

  /// Per-probe bin masses (deflated eigenvalues as point masses 1/n, the rest by the probe's Gauss rule),
  /// their mean and ∓2·SE, over bins spanning the nonzero nodes.
  func densityCSV(_ d: MatrixFreeSpectrum.Density) throws -> String {
    let result = report.result
    let n = Double(result.size)
    let dimension = Double(result.dimension)
    let largest = max(d.nodes.max() ?? 0, d.deflatedEigenvalues.max() ?? 0)
    let threshold = MetricDual.zeroThreshold(largest: largest)
    let positive = (d.nodes + d.deflatedEigenvalues).filter { $0 > threshold }
    var lo = positive.min() ?? 1
    var hi = positive.max() ?? 1
    if hi <= lo {
      lo /= 2
      hi *= 2
    }
    let spec: HistogramBinning =
      binning == .log
      ? .logarithmic(lower: lo, upper: hi, bins: bins) : .linear(lower: lo, upper: hi, bins: bins)
    let edges = try spec.edges()
    func bin(_ x: Double) -> Int? {
      guard x > threshold, x >= edges[0], x <= edges[edges.count - 1] else { return nil }
      return min(edges.lastIndex { $0 <= x }!, bins - 1)
    }
    let deflatedShare = Double(d.deflatedEigenvalues.count) / n
    let perProbe: [[Double]] = d.probes.map { rule in
      var mass = [Double](repeating: 0, count: bins)
      for x in d.deflatedEigenvalues { if let b = bin(x) { mass[b] += 1 / n } }
      for (x, w) in zip(rule.nodes, rule.weights) { if let b = bin(x) { mass[b] += (1 - deflatedShare) * w } }
      return mass
    }
    let probes = Double(max(perProbe.count, 1))
    var table = CSVTable(columns: ["lower", "upper", "centre", "density", "density_lower", "density_upper"])
    for b in 0..<bins {
      let masses = perProbe.map { $0[b] }
      let mean = masses.reduce(0, +) / probes
      let variance = masses.count > 1 ? masses.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (probes - 1) : 0
      let se = (variance / probes).squareRoot()
      let width = edges[b + 1] - edges[b]
      let scale = n / (dimension * width)
      let centre = binning == .log ? (edges[b] * edges[b + 1]).squareRoot() : (edges[b] + edges[b + 1]) / 2
      table.append([
        .number(edges[b]), .number(edges[b + 1]), .number(centre), .number(mean * scale),
        .number((mean - 2 * se) * scale), .number((mean + 2 * se) * scale),
      ])
    }
    let zeroWeight = (d.massNearZero * n + Double(result.exactZeroCount)) / dimension
    let header =
      "# total=\(result.dimension) exact_zero_count=\(result.exactZeroCount) zero_weight_estimate=\(zeroWeight) "
      + "zero_weight_standard_error=\(d.massNearZeroStandardError * n / dimension) zero_tolerance=\(threshold) "
      + "wasserstein_bound=\(d.wassersteinBound) failure_probability=\(d.failureProbability) "
      + "probes=\(d.probes.count)\n"
    return header + table.csv
  }
}
