// `spectra stripe curves`: learning curves of the init-NTK kernel, the feature network and the final-NTK kernel.
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// Learning curves ε(p) and λ(p) over training sizes and seeds.
struct StripeCurvesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "curves",
    abstract: "Learning curves ε(p) (init NTK, feature net, final NTK) and λ(p) with fits.")

  @OptionGroup var model: StripeModelOptions

  @Option(help: "Comma-separated training sizes p.")
  var sizes: String = "128,256,512,1024,2048"

  @Option(help: "Comma-separated seeds.")
  var seeds: String = "1,2,3"

  @Option(help: "Test-set size.")
  var test: Int = 4096

  func validate() throws {
    let p = try parseList(sizes, "--sizes") { Int($0) }
    guard !p.isEmpty, p.allSatisfy({ $0 >= 2 }) else { throw ValidationError("--sizes: each must be ≥ 2") }
    guard !(try parseList(seeds, "--seeds") { UInt64($0) }).isEmpty else {
      throw ValidationError("--seeds: empty")
    }
    guard test >= 1 else { throw ValidationError("--test must be ≥ 1, got \(test)") }
  }

  func run() throws {
    try OutputDirectory.claim(model.out)
    model.applyThreads()
    var c = LearningCurveConfiguration()
    c.task = model.task
    c.dimension = model.dimension
    c.width = model.width
    c.alphaSqrtH = model.alphaSqrtH
    c.sizes = try parseList(sizes, "--sizes") { Int($0) }
    c.seeds = try parseList(seeds, "--seeds") { UInt64($0) }
    c.testCount = test
    c.biasScale = model.biasScale
    c.biasVariance = model.biasVariance
    c.networkControl = model.networkControl
    c.networkIntegrator = model.integrator
    c.slidingBand = model.slidingBand
    c.kernelIntegrator = model.kernelIntegrator
    c.maxWallSeconds = model.maxWall
    c.maxSteps = model.maxSteps
    c.marginTolerance = model.marginTolerance
    do {
      try StripeCurvesReport.run(
        c, to: try StripeOutputDirectory(path: model.out), arguments: CommandLine.arguments)
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }
}
