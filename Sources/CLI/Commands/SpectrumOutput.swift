// The files `spectra spectrum --out DIR` writes: eigenvalues, density (zero mode apart), theory, JSON, run.json.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// Histogram binning of `density.csv`.
enum DensityBinning: String, ExpressibleByArgument, CaseIterable, Sendable {
  case log
  case linear
}

/// Writes a spectrum's plot data into a directory:
///
/// ```
/// eigenvalues.csv   index, eigenvalue            (all dual eigenvalues, ascending)
/// density.csv       # zero-mode header line, then lower, upper, centre, density, count
/// theory.csv        name, measured, predicted, relative_error, width_exponent
/// bulk-theory.csv   x, density, cdf of the predicted bulk (fisher/ntk with linear output, when it applies)
/// spectrum.json     the same object as --json
/// run.json          configuration, seeds, versions, BLAS threads, timings
/// ```
///
/// The density counts all D eigenvalues of the operator: the `D − n` exact zeros beyond the n dual
/// eigenvalues, and dual eigenvalues below ``MetricDual/zeroThreshold(largest:)`` (numerical zeros), form the zero mode, reported in
/// the header line rather than as a bin.
struct SpectrumOutput {
  let report: SpectrumReport
  let bins: Int
  let binning: DensityBinning

  func write(to dir: URL, started: Date) throws {
    let values = report.result.eigenvalues
    var eig = CSVTable(columns: ["index", "eigenvalue"])
    for (i, v) in values.enumerated() { eig.append([.integer(i), .number(v)]) }
    try AtomicFile.write(eig.csv, to: dir.appendingPathComponent("eigenvalues.csv"))

    let histogram = try Self.histogram(
      values, dimension: report.result.dimension, bins: bins, binning: binning)
    try AtomicFile.write(histogram.csvWithZeroModeHeader, to: dir.appendingPathComponent("density.csv"))

    if let theory = report.theory {
      try AtomicFile.write(theory.table.csv, to: dir.appendingPathComponent("theory.csv"))
    }
    if let law = report.bulk?.law, let prediction = report.bulkPrediction {
      try BulkTheoryOutput(law: law, prediction: prediction).write(to: dir, json: false)
    }
    try AtomicFile.write(JSONOutput.encode(report), to: dir.appendingPathComponent("spectrum.json"))
    var record = RunRecord(
      command: "spectrum", configuration: report.configuration, started: started,
      timings: ["metric": report.seconds, "total": Date().timeIntervalSince(started)])
    record.plan = report.plan.map { PlanJSON($0, measuredPeak: ProcessMemory.peakResident) }
    try record.write(to: dir)
  }

  /// The relative spread below which the positive eigenvalues count as coinciding (one bin of a factor 4).
  static let coincidence = 1e-9

  /// The density of an operator of dimension `dimension` known through its dual eigenvalues `dual`.
  static func histogram(_ dual: [Double], dimension: Int, bins: Int, binning: DensityBinning) throws
    -> SpectralHistogram
  {
    // A dual larger than the operator (C·N > D) carries C·N − D extra zeros: keep its D largest.
    let values = MetricDual.operatorEigenvalues(dual, dimension: dimension)
    let tolerance = MetricDual.zeroThreshold(largest: values.max() ?? 0)
    let positive = values.filter { $0 > tolerance }
    // Span the nonzero eigenvalues [smallest positive, largest], linear or log bins alike; widen a degenerate
    // span (all equal, or equal to within 1e-9 relative, where bins would be narrower than rounding) to a
    // factor 2 either side.
    var lo = positive.min() ?? 1
    var hi = positive.max() ?? 1
    if !(hi - lo > coincidence * hi) {
      lo /= 2
      hi *= 2
    }
    let spec: HistogramBinning
    switch binning {
    case .log: spec = .logarithmic(lower: lo, upper: hi, bins: bins)
    case .linear: spec = .linear(lower: lo, upper: hi, bins: bins)
    }
    return try SpectralHistogram(
      eigenvalues: values, exactZeros: dimension - values.count, zeroTolerance: tolerance, binning: spec)
  }
}
