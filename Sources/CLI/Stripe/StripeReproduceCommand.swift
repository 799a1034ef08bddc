// `spectra stripe reproduce`: the reduced stripe study (minutes on 2 cores).
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// The reduced stripe reproduction: learning curves, λ(p) and one NTK analysis run.
struct StripeReproduceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reproduce", abstract: "Reduced stripe study: d = 5, h = 1000, p = 128…2048, several seeds.")

  @Option(help: "Output directory.")
  var out: String

  @Option(help: "Comma-separated seeds.")
  var seeds: String = "1,2"

  @Option(help: "Comma-separated training sizes p.")
  var sizes: String = "128,256,512,1024,2048"

  @Option(help: "Hidden width h.")
  var width: Int = 1000

  @Option(help: "Test-set size.")
  var test: Int = 4096

  @Option(name: .customLong("max-wall"), help: "Wall-clock limit per network or kernel run (seconds).")
  var maxWall: Double = 30

  @Option(name: .customLong("analysis-size"), help: "Training size of the NTK-analysis run.")
  var analysisSize: Int = 1024

  func validate() throws {
    guard width >= 1 else { throw ValidationError("--width must be ≥ 1, got \(width)") }
    guard test >= 2 else { throw ValidationError("--test must be ≥ 2, got \(test)") }
    guard maxWall > 0 else { throw ValidationError("--max-wall must be > 0, got \(maxWall)") }
    guard analysisSize >= 2 else { throw ValidationError("--analysis-size must be ≥ 2, got \(analysisSize)") }
  }

  func run() throws {
    try OutputDirectory.claim(out)
    HeapTuning.keepLargeBlocksInHeap()
    do {
      try StripeReproduction.run(
        directory: out, seeds: try parseList(seeds, "--seeds") { UInt64($0) },
        sizes: try parseList(sizes, "--sizes") { Int($0) }, width: width, testCount: test,
        maxWallSeconds: maxWall,
        analysisSize: analysisSize)
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }
}
