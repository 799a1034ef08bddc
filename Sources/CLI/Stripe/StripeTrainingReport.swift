// One training run with its NTK analyses (KernelEvolutionStudy), written as CSV and JSON.
import Foundation
import Spectra
import Stripe

/// Writes one training run (``KernelEvolutionStudy``) to a directory.
enum StripeTrainingReport {
  /// Runs the study and writes `run.json`, `checkpoints.csv`, `margins.csv`, `weights.csv`,
  /// and `kernels/<label>-spectrum.csv`, `kernels/<label>-eigenvectors.csv`.
  static func run(
    _ c: KernelEvolutionConfiguration, splits: TaskSplits? = nil, to out: StripeOutputDirectory,
    arguments: [String]
  ) throws {
    let started = Date()
    let study = try KernelEvolutionStudy.run(c, splits: splits, progress: StripeProvenance.progress)
    try writeCheckpoints(study.training, dimension: c.dimension, to: out)
    try writeMargins(study.training, splits: study.splits, to: out)
    try writeWeights(study.training, to: out)
    let kernelsDir = try out.subdirectory("kernels")
    for a in study.kernels {
      try writeSpectrum(a, to: kernelsDir)
      try writeEigenvectors(a, test: study.splits.test, count: c.analysis.eigenvectorCount, to: kernelsDir)
    }
    try RunRecord(
      command: "stripe train", configuration: c, started: started,
      timings: ["total": Date().timeIntervalSince(started)], arguments: arguments, summary: study.summary,
      notes: StripeProvenance.notes
    ).write(to: out.url)
  }

  static func writeCheckpoints(_ r: NetworkTrainingResult, dimension d: Int, to out: StripeOutputDirectory)
    throws
  {
    var header = [
      "step", "time", "dt", "train_loss", "test_loss", "train_error", "test_error", "active", "min_margin",
      "max_margin", "lambda",
    ]
    header += (1...d).map { "w_\($0)" } + (1...d).map { "dw_\($0)" }
    header += ["beta_rms", "dbeta_rms", "bias_rms", "dbias_rms"]
    let rows = r.checkpoints.map { cp -> [String] in
      var row = [
        "\(cp.step)", csv(cp.time), csv(cp.stepSize), csv(cp.trainLoss), csv(cp.testLoss), csv(cp.trainError),
        csv(cp.testError), "\(cp.activeCount)", csv(cp.minMargin), csv(cp.maxMargin),
        csv(cp.weights.compression),
      ]
      row += cp.weights.coordinateRMS.map(csv) + cp.weights.coordinateChangeRMS.map(csv)
      row += [cp.weights.betaRMS, cp.weights.betaChangeRMS, cp.weights.biasRMS, cp.weights.biasChangeRMS].map(
        csv)
      return row
    }
    try out.writeCSV("checkpoints.csv", header: header, rows: rows)
  }

  static func writeMargins(_ r: NetworkTrainingResult, splits: TaskSplits, to out: StripeOutputDirectory)
    throws
  {
    let x = splits.train.inputs
    let rows = (0..<splits.train.count).map { mu in
      [csv(x[mu, 0]), csv(splits.train.labels[mu]), csv(r.trainOutputs[mu] * splits.train.labels[mu])]
    }
    try out.writeCSV("margins.csv", header: ["x1", "y", "margin"], rows: rows)
  }

  static func writeWeights(_ r: NetworkTrainingResult, to out: StripeOutputDirectory) throws {
    let d = r.network.dimension
    func perp(_ m: Matrix, _ n: Int) -> Double {
      ((1..<d).reduce(0) { $0 + m[n, $1] * m[n, $1] } / Double(d - 1)).squareRoot()
    }
    let rows = (0..<r.network.width).map { n in
      [
        "\(n)", csv(r.initial.omega[n, 0]), csv(perp(r.initial.omega, n)), csv(r.network.omega[n, 0]),
        csv(perp(r.network.omega, n)), csv(r.initial.beta[n]), csv(r.network.beta[n]),
      ]
    }
    try out.writeCSV(
      "weights.csv",
      header: [
        "neuron", "omega1_init", "omega_perp_rms_init", "omega1_final", "omega_perp_rms_final", "beta_init",
        "beta_final",
      ],
      rows: rows)
  }

  static func writeSpectrum(_ a: KernelSnapshotAnalysis, to out: StripeOutputDirectory) throws {
    let rows = a.pca.eigenvalues.indices.map { r -> [String] in
      [
        "\(r + 1)", csv(a.pca.eigenvalues[r]), csv(a.pca.projections[r]),
        csv(a.pca.projections[r] * a.pca.projections[r] / a.pca.labelNormSquared),
        csv(a.pca.cumulativeProjection[r]),
        r < a.mutualInformationBinned.count ? csv(a.mutualInformationBinned[r]) : "",
        r < a.mutualInformationNearestNeighbour.count ? csv(a.mutualInformationNearestNeighbour[r]) : "",
      ]
    }
    try out.writeCSV(
      "\(a.label)-spectrum.csv",
      header: [
        "rank", "eigenvalue", "projection", "label_fraction", "cumulative", "mi_binned_bits", "mi_knn_bits",
      ],
      rows: rows)
  }

  static func writeEigenvectors(
    _ a: KernelSnapshotAnalysis, test: LabelledInputs, count: Int, to out: StripeOutputDirectory
  ) throws {
    let n = a.pca.topEigenvectors.rows
    let rows = (0..<n).map { mu -> [String] in
      [csv(test.inputs[mu, 0]), csv(test.labels[mu])] + (0..<count).map { csv(a.pca.topEigenvectors[mu, $0]) }
    }
    try out.writeCSV(
      "\(a.label)-eigenvectors.csv", header: ["x1", "y"] + (1...count).map { "phi_\($0)" }, rows: rows)
  }
}
