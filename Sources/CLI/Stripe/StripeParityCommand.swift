// `spectra stripe parity`: the one-hidden-layer substitute of the paper's MNIST experiment (IDX images).
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// Parity of the digit (even +1, odd −1) on IDX images with the same network and NTK analysis.
///
/// A reduced substitute for the paper's 16-layer CNN (stripe.md §6, checklist E): the claim tested is
/// qualitative (the final NTK is more informative than the initial one).
struct StripeParityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parity",
    abstract: "Parity task on MNIST/Fashion-MNIST IDX files (gzipped or not) with the NTK analysis.")

  @Option(name: .customLong("images"), help: "Comma-separated image IDX files (pooled).")
  var images: String = StripeParityRun.fashionMNISTImages.joined(separator: ",")

  @Option(name: .customLong("labels"), help: "Comma-separated label IDX files, matching --images.")
  var labels: String = StripeParityRun.fashionMNISTLabels.joined(separator: ",")

  @Option(help: "Hidden width h.")
  var width: Int = 500

  @Option(name: .customLong("alpha-sqrt-h"), help: "α√h of the network.")
  var alphaSqrtH: Double = 1e-2

  @Option(help: "Training-set size p.")
  var train: Int = 1024

  @Option(help: "Test-set size.")
  var test: Int = 1024

  @Option(help: "Seed (class-balanced sampling and initialisation).")
  var seed: UInt64 = 1

  @Option(name: .customLong("max-wall"), help: "Wall-clock limit per network or kernel run (seconds).")
  var maxWall: Double = 300

  @Option(
    name: .customLong("network-max-steps"),
    help: "Step limit of the network flow (a reproducible stop; the wall limit is a safety net).")
  var networkMaxSteps: Int?

  @Option(help: "Output directory.")
  var out: String

  func validate() throws {
    guard width >= 1 else { throw ValidationError("--width must be ≥ 1, got \(width)") }
    guard train >= 2, test >= 2 else { throw ValidationError("--train and --test must be ≥ 2") }
    guard alphaSqrtH > 0 else { throw ValidationError("--alpha-sqrt-h must be > 0, got \(alphaSqrtH)") }
    if let n = networkMaxSteps, n < 1 { throw ValidationError("--network-max-steps must be ≥ 1, got \(n)") }
  }

  func run() throws {
    try OutputDirectory.claim(out)
    HeapTuning.keepLargeBlocksInHeap()
    let imagePaths = try parseList(images, "--images") { $0 }
    let labelPaths = try parseList(labels, "--labels") { $0 }
    guard imagePaths.count == labelPaths.count else {
      throw ValidationError("--images and --labels need the same number of files")
    }
    let parity = StripeParityRun(
      imagePaths: imagePaths, labelPaths: labelPaths, width: width, alphaSqrtH: alphaSqrtH, train: train,
      test: test, seed: seed, maxWallSeconds: maxWall, networkMaxSteps: networkMaxSteps)
    do {
      try parity.write(to: out, arguments: CommandLine.arguments)
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }
}
