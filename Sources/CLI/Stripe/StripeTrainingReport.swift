// One feature-regime training run with checkpoints, running NTKs and kernel PCA, written to a directory.
import FIM
import Foundation
import Spectra

/// The configuration of `spectra stripe train`, recorded in run.json.
struct StripeTrainingConfiguration: Codable, Sendable {
  var task: InvariantTask
  var dimension: Int
  var width: Int
  var alphaSqrtH: Double
  var alpha: Double
  var trainCount: Int
  var kernelCount: Int
  var testCount: Int
  var seed: UInt64
  var dataSeedStreams = "test = child 0, kernel = child 1, train = child 2 of the seed; network = child 3"
  var biasScale: Double
  var biasVariance: Double
  var lossFractions: [Double]
  var networkControl: AdaptiveEulerControl
  var networkIntegrator: NetworkFlowIntegrator = .slidingMode
  var slidingBand: Double = 1e-2
  var kernelIntegrator: KernelFlowIntegrator
  var analysis: KernelAnalysisOptions
  var maxWallSeconds: Double
  var maxSteps: Int
  /// A separate step limit for the network flow (`nil`: `maxSteps`), for reproducible reduced runs.
  var networkMaxSteps: Int? = nil
  var marginTolerance: Double = 0
  var timeConvention = "L = (1/(αp)) Σ max(0, 1 − yF) (reference-code convention)"
  /// Real-data source (IDX paths) when the data are images rather than Gaussian inputs; `task` and the
  /// compression factor λ (pixel 1 against the others) are then not meaningful.
  var dataset: String? = nil
}

/// Summary of a training report, recorded in run.json.
struct StripeTrainingSummary: Codable {
  let network: FlowSummary
  let finalTrainError: Double
  let finalTestError: Double
  let finalCompression: Double
  let compressionAtTenPercent: Double?
  let compressionPrediction: Double
  let kernels: [KernelRecord]
  let timings: [String: Double]

  struct KernelRecord: Codable {
    let label: String
    let step: Int
    let time: Double
    let kernelTestError: Double
    let kernel: FlowSummary
    let topEigenvalue: Double
    let topProjectionFraction: Double
  }
}

/// Runs and writes one training report.
enum StripeTrainingReport {
  /// Trains, analyses the NTKs and writes `run.json`, `checkpoints.csv`, `margins.csv`, `weights.csv`,
  /// and `kernels/<label>-spectrum.csv`, `kernels/<label>-eigenvectors.csv`.
  static func run(
    _ c: StripeTrainingConfiguration, splits given: TaskSplits? = nil, to out: StripeOutputDirectory,
    arguments: [String]
  ) throws {
    let started = Date()
    var timings: [String: Double] = [:]
    let splits =
      try given
      ?? TaskSplits(
        task: c.task, dimension: c.dimension, train: c.trainCount, kernel: c.kernelCount, test: c.testCount,
        seed: c.seed)
    let net0 = try ShallowNetwork.initial(
      width: c.width, dimension: c.dimension, biasScale: c.biasScale, biasVariance: c.biasVariance,
      stream: RandomStream(seed: c.seed).child(3))
    var options = NetworkTrainingOptions(alpha: c.alpha)
    options.control = c.networkControl
    options.integrator = c.networkIntegrator
    options.slidingBand = c.slidingBand
    options.lossFractions = c.lossFractions
    options.maxSteps = c.networkMaxSteps ?? c.maxSteps
    options.maxWallSeconds = c.maxWallSeconds
    options.marginTolerance = c.marginTolerance
    StripeProvenance.progress("training p=\(c.trainCount) h=\(c.width) d=\(c.dimension) α√h=\(c.alphaSqrtH)")
    let trained = try NetworkTraining.run(
      net0, train: splits.train, test: splits.test, options: options,
      informative: c.task.informativeDimensions, progress: StripeProvenance.progress)
    timings["network"] = trained.summary.wallSeconds
    StripeProvenance.progress(
      "network: \(trained.summary.stopReason.rawValue) after \(trained.summary.steps) steps, \(String(format: "%.1f", trained.summary.wallSeconds)) s"
    )
    try writeCheckpoints(trained, dimension: c.dimension, to: out)
    try writeMargins(trained, splits: splits, to: out)
    try writeWeights(trained, to: out)

    var states: [(String, Int, Double, ShallowNetwork)] = [("init", 0, 0, net0)]
    for s in trained.snapshots { states.append(("loss-\(s.fraction)", s.step, s.time, s.network)) }
    states.append(("final", trained.summary.steps, trained.summary.time, trained.network))
    let kernelsDir = try out.subdirectory("kernels")
    var records: [StripeTrainingSummary.KernelRecord] = []
    for (label, step, time, network) in states {
      let t0 = Date()
      let a = try KernelSnapshotAnalysis(
        label: label, step: step, time: time, network: network, kernelTrain: splits.kernel, test: splits.test,
        options: c.analysis, integrator: c.kernelIntegrator, maxSteps: c.maxSteps,
        maxWallSeconds: c.maxWallSeconds,
        marginTolerance: c.marginTolerance)
      timings["kernel-\(label)"] = Date().timeIntervalSince(t0)
      StripeProvenance.progress(
        "NTK \(label): kernel test error \(a.kernelTestError) (\(a.kernelSummary.stopReason.rawValue), \(a.kernelSummary.steps) steps)"
      )
      try writeSpectrum(a, to: kernelsDir)
      try writeEigenvectors(a, test: splits.test, count: c.analysis.eigenvectorCount, to: kernelsDir)
      records.append(
        .init(
          label: label, step: step, time: time, kernelTestError: a.kernelTestError, kernel: a.kernelSummary,
          topEigenvalue: a.pca.eigenvalues[0],
          topProjectionFraction: a.pca.projections[0] * a.pca.projections[0] / a.pca.labelNormSquared))
    }
    let last = trained.checkpoints.last
    timings["total"] = Date().timeIntervalSince(started)
    let summary = StripeTrainingSummary(
      network: trained.summary, finalTrainError: last?.trainError ?? .nan,
      finalTestError: last?.testError ?? .nan,
      finalCompression: last?.weights.compression ?? .nan,
      compressionAtTenPercent: trained.compressionAtTenPercent,
      compressionPrediction: LearningCurveStudy.compressionPrediction(size: c.trainCount), kernels: records,
      timings: timings)
    let record = StripeRunRecord(
      command: "stripe train", arguments: arguments, started: started, configuration: c, summary: summary)
    try out.writeJSON(record, to: "run.json")
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
