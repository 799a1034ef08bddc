// `spectra stripe train`: one training run with checkpoints, running NTKs and kernel PCA.
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// One feature-regime (or lazy) training run with the NTK analysis at init, loss fractions and end.
struct StripeTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Train one network; record λ(t), NTK spectra, MI and kernel errors.")

  @OptionGroup var model: StripeModelOptions

  @Option(help: "Training-set size p.")
  var train: Int = 1024

  @Option(help: "Independent kernel-set size (kernels are trained on it).")
  var kernel: Int?

  @Option(help: "Test-set size.")
  var test: Int = 2048

  @Option(help: "Seed.")
  var seed: UInt64 = 1

  @Option(name: .customLong("loss-fractions"), help: "Comma-separated loss fractions for running NTKs.")
  var lossFractions: String = "0.5,0.1,0.01"

  @Option(name: .customLong("pca-count"), help: "Test points in the kernel PCA.")
  var pcaCount: Int?

  @Option(name: .customLong("mi-count"), help: "Top eigenvectors whose MI with the labels is estimated.")
  var miCount: Int = 20

  @Option(name: .customLong("mi-bins"), help: "Equal-population bins of the plug-in MI estimator.")
  var miBins: Int = 10

  @Option(
    name: .customLong("memory-budget"),
    help: "Memory the run may use (e.g. 8G); default: the cgroup limit, else MemAvailable.")
  var memoryBudget: String?

  func validate() throws {
    guard train >= 2 else { throw ValidationError("--train must be ≥ 2, got \(train)") }
    guard test >= 2 else { throw ValidationError("--test must be ≥ 2, got \(test)") }
    if let kernel, kernel < 2 { throw ValidationError("--kernel must be ≥ 2, got \(kernel)") }
    let fractions = try parseList(lossFractions, "--loss-fractions") { Double($0) }
    for a in fractions where !(a > 0 && a < 1) {
      throw ValidationError("--loss-fractions: each must be in (0, 1), got \(a)")
    }
    if let pcaCount, pcaCount < 2 || pcaCount > test {
      throw ValidationError("--pca-count must be in 2…\(test), got \(pcaCount)")
    }
    if let memoryBudget {
      do { _ = try MemoryBudget.parse(memoryBudget) } catch { throw ValidationError(error.description) }
    }
  }

  func run() throws {
    let budget = try MemoryBudget.resolve(option: memoryBudget)
    let estimate = try configuration().peakMemoryEstimate
    guard budget.admits(estimate.peak) else {
      throw ConfigurationError(
        field: "memory-budget",
        "stripe train needs about \(estimate.peak) (\(estimate.breakdown)); available: \(budget.bytes) "
          + "(\(budget.source.label)). Lower --train, --kernel, --test, --pca-count or --width, or raise "
          + "--memory-budget if more memory is really available.")
    }
    StripeProvenance.progress(
      "train: peak memory ≈ \(estimate.peak) (\(estimate.breakdown)) of \(budget.bytes) (\(budget.source.label))"
    )
    try OutputDirectory.claim(model.out)
    model.applyThreads()
    let c = try configuration()
    do {
      try StripeTrainingReport.run(
        c, to: try StripeOutputDirectory(path: model.out), arguments: CommandLine.arguments)
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }

  /// The study's configuration from the options.
  func configuration() throws -> KernelEvolutionConfiguration {
    var analysis = KernelAnalysisOptions()
    analysis.pcaCount = pcaCount ?? min(test, 1024)
    analysis.mutualInformationCount = min(miCount, analysis.pcaCount)
    analysis.mutualInformationBins = miBins
    var c = KernelEvolutionConfiguration(
      task: model.task, dimension: model.dimension, width: model.width, alphaSqrtH: model.alphaSqrtH,
      trainCount: train, kernelCount: kernel ?? train, testCount: test, seed: seed)
    c.biasScale = model.biasScale
    c.biasVariance = model.biasVariance
    c.lossFractions = try parseList(lossFractions, "--loss-fractions") { Double($0) }
    c.networkControl = model.networkControl
    c.networkIntegrator = model.integrator
    c.slidingBand = model.slidingBand
    c.kernelIntegrator = model.kernelIntegrator
    c.analysis = analysis
    c.maxWallSeconds = model.maxWall
    c.maxSteps = model.maxSteps
    c.marginTolerance = model.marginTolerance
    return c
  }
}
