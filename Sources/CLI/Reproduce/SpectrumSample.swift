// Sampling networks and measuring one metric over seeds: the shared step of the density figures.
import FIM
import Foundation
import Spectra

/// The spectra of one metric over several random networks (seeds), with their theory comparisons.
struct SpectrumSample {
  /// The metric name (as in sweeps).
  let metric: String
  /// One measured spectrum per seed.
  var spectra: [(seed: UInt64, spectrum: MetricSpectrum, theory: TheoryComparison?)] = []

  /// Measures `metric` on networks of `architecture` with `samples` Gaussian inputs for each seed.
  init(metric: String, architecture: NetworkArchitecture, samples: Int, seeds: [UInt64]) throws {
    self.metric = metric
    let request = try MetricRequest(name: metric)
    for seed in seeds {
      let net = Network.sample(architecture, seed: seed)
      let x = try GaussianInputs.sample(
        samples: samples, width: architecture.inputWidth, seed: PointMeasurement.dataSeed(seed))
      let s = try MetricSpectrum(network: net, inputs: x, request: request, overlaps: false)
      let t =
        MetricDual.theoryApplies(depth: architecture.depth)
        ? try TheoryComparison(spectrum: s, network: net, inputs: x, gaussianInputs: true) : nil
      spectra.append((seed, s, t))
    }
  }

  /// The pooled density over all seeds on log bins spanning `[lower, upper]`, zeros reported apart.
  func pooledHistogram(lower: Double, upper: Double, bins: Int) throws -> SpectralHistogram {
    var values: [Double] = []
    var zeros = 0
    for s in spectra {
      let kept = MetricDual.operatorEigenvalues(s.spectrum.eigenvalues, dimension: s.spectrum.dimension)
      values += kept
      zeros += s.spectrum.dimension - kept.count
    }
    let tolerance = MetricDual.zeroThreshold(largest: values.max() ?? 0)
    return try SpectralHistogram(
      eigenvalues: values, exactZeros: zeros, zeroTolerance: tolerance,
      binning: .logarithmic(lower: lower, upper: upper, bins: bins))
  }

  /// The smallest and largest eigenvalues above the numerical-zero tolerance, over all seeds.
  var positiveRange: (Double, Double) {
    let all = spectra.flatMap(\.spectrum.eigenvalues)
    let top = all.max() ?? 1
    let positive = all.filter { $0 > MetricDual.zeroThreshold(largest: top) }
    return (positive.min() ?? top / 2, top)
  }

  /// Appends `metric, <extra…>, seed, index, eigenvalue` rows for every eigenvalue.
  func appendEigenvalues(to table: inout CSVTable, extra: [CSVTable.Cell] = []) {
    for s in spectra {
      for (i, v) in s.spectrum.eigenvalues.enumerated() {
        table.append([.text(metric)] + extra + [.integer(Int(s.seed)), .integer(i), .number(v)])
      }
    }
  }

  /// Appends `metric, <extra…>, seed, statistic, measured, predicted, relative_error` rows.
  func appendTheory(to table: inout CSVTable, extra: [CSVTable.Cell] = []) {
    for s in spectra {
      for c in s.theory?.statistics ?? [] {
        table.append(
          [.text(metric)] + extra + [
            .integer(Int(s.seed)), .text(c.name), .number(c.measured), .number(c.predicted ?? .nan),
            .number(c.relativeError ?? .nan),
          ])
      }
    }
  }

  /// Appends the pooled histogram's bins as `metric, <extra…>, lower, upper, centre, density, count`.
  static func appendDensity(
    _ h: SpectralHistogram, metric: String, extra: [CSVTable.Cell] = [], to t: inout CSVTable
  ) {
    for b in h.bins {
      t.append(
        [.text(metric)] + extra + [
          .number(b.lower), .number(b.upper), .number(b.centre), .number(b.density), .integer(b.count),
        ])
    }
  }

  /// Appends the zero mode as `metric, <extra…>, total, zero_count, zero_weight`.
  static func appendZeroMode(
    _ h: SpectralHistogram, metric: String, extra: [CSVTable.Cell] = [], to t: inout CSVTable
  ) {
    t.append(
      [.text(metric)] + extra + [
        .integer(h.zeroMode.total), .integer(h.zeroMode.count), .number(h.zeroMode.weight),
      ])
  }
}
