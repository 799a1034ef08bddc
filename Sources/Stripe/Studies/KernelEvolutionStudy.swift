// One training run with the NTK analysed at initialisation, at loss fractions and at the end.
import Foundation
import Spectra

/// How the NTK of one network evolves in training: one feature-regime (or lazy) run, and the analysis of
/// its NTK at initialisation, at loss fractions and at the end.
///
/// ```
/// train:    gradient flow of F = α(f − f₀) on the hinge loss until every margin is ≥ 1 (or a limit)
/// analyse:  at init, at each loss fraction a_k and at the end, the NTK's kernel PCA on test points,
///           the MI of its top eigenvectors with the labels, and a kernel machine trained on the
///           independent kernel set (test error)
/// ```
///
/// Source: shared/science/stripe.md §2.2–2.5, §3.2, §4.2–4.3
public struct KernelEvolutionStudy: Sendable {
  /// The configuration.
  public let configuration: KernelEvolutionConfiguration
  /// The training, kernel and test sets.
  public let splits: TaskSplits
  /// The network training.
  public let training: NetworkTrainingResult
  /// The NTK analyses in order: `init`, `loss-<a_k>` as reached, `final`.
  public let kernels: [KernelSnapshotAnalysis]
  /// The summary recorded in run.json.
  public let summary: KernelEvolutionSummary

  /// Runs the study on `splits`, or on the Gaussian task of the configuration when `nil`.
  ///
  /// - Parameters:
  ///   - c: the study's configuration (network, task, training and analysis settings).
  ///   - given: the training, kernel and test sets; `nil` samples them from the configuration's task.
  ///   - progress: receives one line per stage (training, each NTK analysis).
  /// - Throws: `ConfigurationError` for an invalid configuration or data set.
  /// - Complexity: network training, then per analysed state two NTK Grams (p_K²·h and p_PCA²·h), a
  ///   p_PCA-point eigendecomposition, a test cross kernel (p_te·p_K·h) and a kernel flow.
  public static func run(
    _ c: KernelEvolutionConfiguration, splits given: TaskSplits? = nil, progress: ((String) -> Void)? = nil
  ) throws(ConfigurationError) -> KernelEvolutionStudy {
    let started = Date()
    var timings: [String: Double] = [:]
    let splits: TaskSplits
    if let given {
      splits = given
    } else {
      splits = try TaskSplits(
        task: c.task, dimension: c.dimension, train: c.trainCount, kernel: c.kernelCount, test: c.testCount,
        seed: c.seed)
    }
    let net0 = try ShallowNetwork.initial(
      width: c.width, dimension: c.dimension, biasScale: c.biasScale, biasVariance: c.biasVariance,
      stream: RandomStream(seed: c.seed).child(3))
    progress?("training p=\(c.trainCount) h=\(c.width) d=\(c.dimension) α√h=\(c.alphaSqrtH)")
    let trained = try NetworkTraining.run(
      net0, train: splits.train, test: splits.test, options: c.networkTrainingOptions,
      informative: c.task.informativeDimensions, progress: progress)
    timings["network"] = trained.summary.wallSeconds
    progress?(
      "network: \(trained.summary.stopReason.rawValue) after \(trained.summary.steps) steps, \(String(format: "%.1f", trained.summary.wallSeconds)) s"
    )
    var states: [(String, Int, Double, ShallowNetwork)] = [("init", 0, 0, net0)]
    for s in trained.snapshots { states.append(("loss-\(s.fraction)", s.step, s.time, s.network)) }
    states.append(("final", trained.summary.steps, trained.summary.time, trained.network))
    var kernels: [KernelSnapshotAnalysis] = []
    for (label, step, time, network) in states {
      let t0 = Date()
      let a = try KernelSnapshotAnalysis(
        label: label, step: step, time: time, network: network, kernelTrain: splits.kernel, test: splits.test,
        options: c.analysis, integrator: c.kernelIntegrator, maxSteps: c.maxSteps,
        maxWallSeconds: c.maxWallSeconds, marginTolerance: c.marginTolerance)
      timings["kernel-\(label)"] = Date().timeIntervalSince(t0)
      progress?(
        "NTK \(label): kernel test error \(a.kernelTestError) (\(a.kernelSummary.stopReason.rawValue), \(a.kernelSummary.steps) steps)"
      )
      kernels.append(a)
    }
    timings["total"] = Date().timeIntervalSince(started)
    let summary = KernelEvolutionSummary(
      training: trained, kernels: kernels, trainCount: c.trainCount, timings: timings)
    return KernelEvolutionStudy(
      configuration: c, splits: splits, training: trained, kernels: kernels, summary: summary)
  }
}

/// The summary of a ``KernelEvolutionStudy``, recorded in run.json.
public struct KernelEvolutionSummary: Sendable, Encodable {
  /// How the network flow ended.
  public let network: FlowSummary
  /// Training error at the last checkpoint.
  public let finalTrainError: Double
  /// Test error at the last checkpoint.
  public let finalTestError: Double
  /// λ at the last checkpoint.
  public let finalCompression: Double
  /// λ* (see ``NetworkTrainingResult/compressionAtTenPercent``).
  public let compressionAtTenPercent: Double?
  /// The ODE prediction √(0.13514 p) (``LearningCurveStudy/compressionPrediction(size:)``).
  public let compressionPrediction: Double
  /// One record per analysed NTK.
  public let kernels: [KernelRecord]
  /// Wall-clock seconds of the stages.
  public let timings: [String: Double]

  /// The analysis of one NTK.
  public struct KernelRecord: Sendable, Encodable {
    /// `init`, `loss-<a_k>` or `final`.
    public let label: String
    /// Accepted network steps at the snapshot.
    public let step: Int
    /// Flow time at the snapshot.
    public let time: Double
    /// Test error of the kernel machine with this NTK.
    public let kernelTestError: Double
    /// How the kernel flow ended.
    public let kernel: FlowSummary
    /// The largest eigenvalue of the test Gram matrix.
    public let topEigenvalue: Double
    /// The fraction of ‖y‖² on the top eigenvector, (φ₁·y)²/‖y‖².
    public let topProjectionFraction: Double
  }

  init(
    training r: NetworkTrainingResult, kernels: [KernelSnapshotAnalysis], trainCount: Int,
    timings: [String: Double]
  ) {
    let last = r.checkpoints.last
    network = r.summary
    finalTrainError = last?.trainError ?? .nan
    finalTestError = last?.testError ?? .nan
    finalCompression = last?.weights.compression ?? .nan
    compressionAtTenPercent = r.compressionAtTenPercent
    compressionPrediction = LearningCurveStudy.compressionPrediction(size: trainCount)
    self.kernels = kernels.map { a in
      KernelRecord(
        label: a.label, step: a.step, time: a.time, kernelTestError: a.kernelTestError,
        kernel: a.kernelSummary, topEigenvalue: a.pca.eigenvalues[0],
        topProjectionFraction: a.pca.projections[0] * a.pca.projections[0] / a.pca.labelNormSquared)
    }
    self.timings = timings
  }
}
