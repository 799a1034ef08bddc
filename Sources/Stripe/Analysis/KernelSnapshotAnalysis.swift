// Analysis of one NTK (at initialisation, at a loss fraction, or at the end): kernel PCA, MI, kernel learning.
import Spectra

/// Options of the analysis of one NTK.
///
/// Source: shared/science/stripe.md §4.2–4.3
public struct KernelAnalysisOptions: Sendable, Equatable, Codable {
  /// Number of test points whose Gram matrix is decomposed (kernel PCA of K_tete).
  public var pcaCount: Int = 1024
  /// Number of top eigenvectors kept for plotting against x₁.
  public var eigenvectorCount: Int = 3
  /// Number of top eigenvectors whose mutual information with the labels is estimated.
  public var mutualInformationCount: Int = 20
  /// Equal-population bins of the plug-in MI estimator.
  public var mutualInformationBins: Int = 10
  /// Neighbours of the Ross kNN MI estimator.
  public var mutualInformationNeighbours: Int = 3

  /// Reference settings.
  public init() {}

  /// Checks ranges.
  ///
  /// - Throws: `ConfigurationError` naming the field.
  public func validate() throws(ConfigurationError) {
    guard pcaCount >= 2 else { throw ConfigurationError(field: "pca-count", "must be ≥ 2, got \(pcaCount)") }
    guard eigenvectorCount >= 1, eigenvectorCount <= pcaCount else {
      throw ConfigurationError(field: "eigenvectors", "must be in 1…\(pcaCount), got \(eigenvectorCount)")
    }
    guard mutualInformationCount >= 1, mutualInformationCount <= pcaCount else {
      throw ConfigurationError(field: "mi-count", "must be in 1…\(pcaCount), got \(mutualInformationCount)")
    }
    guard mutualInformationBins >= 2 else {
      throw ConfigurationError(field: "mi-bins", "must be ≥ 2, got \(mutualInformationBins)")
    }
    guard mutualInformationNeighbours >= 1 else {
      throw ConfigurationError(field: "mi-neighbours", "must be ≥ 1, got \(mutualInformationNeighbours)")
    }
  }
}

/// The analysis of the NTK of one network state.
///
/// Source: shared/science/stripe.md §4.2–4.3, §5.2
public struct KernelSnapshotAnalysis: Sendable {
  /// A label such as `init`, `loss-0.1`, `final`.
  public let label: String
  /// Accepted network steps at the snapshot.
  public let step: Int
  /// Flow time at the snapshot.
  public let time: Double
  /// Kernel PCA of the Gram matrix of the first `pcaCount` test points, with their labels.
  public let pca: KernelPCA
  /// MI (bits) of the top eigenvectors with the labels, plug-in on equal-population bins.
  public let mutualInformationBinned: [Double]
  /// MI (bits) of the top eigenvectors with the labels, Ross kNN estimator.
  public let mutualInformationNearestNeighbour: [Double]
  /// Test error of the kernel machine with this NTK trained on `kernelTrain` (independent set).
  public let kernelTestError: Double
  /// How the kernel flow ended.
  public let kernelSummary: FlowSummary

  /// Analyses the NTK of `network`.
  ///
  /// - Parameters:
  ///   - label: the snapshot's label (``label``), such as `init`, `loss-0.1`, `final`.
  ///   - step: accepted network steps at the snapshot (``step``).
  ///   - time: flow time at the snapshot (``time``).
  ///   - network: the network whose NTK is analysed.
  ///   - kernelTrain: the set the kernel machine is trained on (the independent kernel set).
  ///   - test: test points; the first `pcaCount` are used for the kernel PCA.
  ///   - options: kernel PCA and mutual-information settings (validated first).
  ///   - integrator: how the kernel machine's hinge flow is integrated.
  ///   - maxSteps: the kernel flow's step limit (events, or accepted Euler steps).
  ///   - maxWallSeconds: the kernel flow's wall-clock limit in seconds.
  ///   - marginTolerance: Euler only; relaxes the kernel flow's stop test.
  /// - Throws: `ConfigurationError` for invalid options or when the test set is smaller than `pcaCount`.
  public init(
    label: String, step: Int, time: Double, network: ShallowNetwork, kernelTrain: LabelledInputs,
    test: LabelledInputs, options: KernelAnalysisOptions, integrator: KernelFlowIntegrator = .eventDriven,
    maxSteps: Int = 1_000_000, maxWallSeconds: Double = 600, marginTolerance: Double = 0.01
  ) throws(ConfigurationError) {
    try options.validate()
    guard test.count >= options.pcaCount else {
      throw ConfigurationError(
        field: "pca-count",
        "kernel PCA on \(options.pcaCount) test points needs a test set that large, got \(test.count)")
    }
    self.label = label
    self.step = step
    self.time = time
    let pcaSet = try test.prefix(options.pcaCount)
    let gram = NeuralTangentKernel.gram(network, pcaSet.inputs)
    pca = try KernelPCA(
      gram: gram, labels: pcaSet.labels,
      topCount: max(options.eigenvectorCount, options.mutualInformationCount))
    var binned: [Double] = []
    var knn: [Double] = []
    for r in 0..<options.mutualInformationCount {
      let phi = pca.eigenvector(rank: r)
      binned.append(MutualInformation.binned(phi, labels: pcaSet.labels, bins: options.mutualInformationBins))
      knn.append(
        MutualInformation.nearestNeighbour(phi, labels: pcaSet.labels, k: options.mutualInformationNeighbours)
      )
    }
    mutualInformationBinned = binned
    mutualInformationNearestNeighbour = knn
    let k = NeuralTangentKernel.gram(network, kernelTrain.inputs)
    let machine = try KernelMachine.train(
      gram: k, labels: kernelTrain.labels, integrator: integrator, maxSteps: maxSteps,
      maxWallSeconds: maxWallSeconds,
      marginTolerance: marginTolerance)
    kernelTestError = machine.testError(
      cross: NeuralTangentKernel.cross(network, test.inputs, kernelTrain.inputs), labels: test.labels)
    kernelSummary = machine.summary
  }
}
