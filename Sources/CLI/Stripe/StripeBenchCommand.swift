// `spectra stripe bench`: timings of the stripe kernels next to the machine's dgemm rate (no assertions).
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// Times one network gradient evaluation, the NTK Gram and a square dgemm, and prints them.
struct StripeBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Time a gradient evaluation (p, h, d), the NTK Gram (p_K), and dgemm.")

  @Option(help: "Training size p of the gradient evaluation.")
  var train: Int = 1024

  @Option(help: "Size of the NTK Gram matrix.")
  var gram: Int = 2048

  @Option(help: "Hidden width h.")
  var width: Int = 1000

  @Option(help: "Input dimension d.")
  var dimension: Int = 5

  @Option(help: "Repetitions of the gradient evaluation.")
  var repeats: Int = 50

  @Flag(
    help:
      "Also train the feature-regime network (α√h = 0.01, seed 1) on p points to all margins ≥ 1 and report steps and seconds per step (about 100 s at p = 1024)."
  )
  var converge = false

  @Option(help: "Integrator of the --converge run: sliding-mode or euler.")
  var integrator: NetworkFlowIntegrator = .slidingMode

  @Option(name: .customLong("max-wall"), help: "Wall-clock limit of the --converge run (seconds).")
  var maxWall: Double = 1800

  func validate() throws {
    guard train >= 2, gram >= 2, width >= 1, dimension >= 2, repeats >= 1 else {
      throw ValidationError("sizes must be ≥ 2, width and repeats ≥ 1")
    }
  }

  func run() throws {
    HeapTuning.keepLargeBlocksInHeap()
    do {
      let net = try ShallowNetwork.initial(width: width, dimension: dimension, stream: RandomStream(seed: 1))
      let data = try LabelledInputs.gaussian(
        task: .stripe, count: max(train, gram), dimension: dimension, stream: RandomStream(seed: 2))
      let x = try data.prefix(train)
      let reference = [Double](repeating: 0, count: train)
      var t0 = Date()
      var checksum = 0.0
      for _ in 0..<repeats {
        let e = net.hingeEvaluation(x.inputs, labels: x.labels, alpha: 0.1, reference: reference)
        checksum += e.gradient[0]
      }
      let perEvaluation = Date().timeIntervalSince(t0) / Double(repeats)
      let k = try data.prefix(gram)
      t0 = Date()
      let theta = NeuralTangentKernel.gram(net, k.inputs)
      let gramSeconds = Date().timeIntervalSince(t0)
      let n = 2000
      let a = RandomStream(seed: 3).gaussianMatrix(rows: n, columns: n)
      t0 = Date()
      let product = try a.multiplied(by: a)
      let gemmSeconds = Date().timeIntervalSince(t0)
      let rate = 2 * pow(Double(n), 3) / gemmSeconds / 1e9
      print("BLAS threads: \(BLASThreads.count) (\(BLASThreads.coreName))")
      print("dgemm \(n)²: \(String(format: "%.3f", gemmSeconds)) s = \(String(format: "%.1f", rate)) GFLOP/s")
      print(
        "network forward + gradient, p=\(train) h=\(width) d=\(dimension): \(String(format: "%.4f", perEvaluation)) s per evaluation"
      )
      print(
        "NTK Gram p=\(gram) h=\(width): \(String(format: "%.3f", gramSeconds)) s (2·p²·h = \(String(format: "%.1f", 2 * Double(gram * gram * width) / 1e9)) GFLOP)"
      )
      print("checksums: \(checksum) \(theta[0, 0]) \(product[0, 0])")
      if converge { try convergence() }
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }

  /// Trains the `stripe train` default network (stripe, α√h = 0.01) to convergence and prints the cost.
  private func convergence() throws {
    let splits = try TaskSplits(
      task: .stripe, dimension: dimension, train: train, kernel: 1, test: 256, seed: 1)
    let net = try ShallowNetwork.initial(
      width: width, dimension: dimension, stream: RandomStream(seed: 1).child(3))
    var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: 0.01, width: width))
    options.integrator = integrator
    options.maxWallSeconds = maxWall
    if integrator == .euler { options.marginTolerance = 0.01 }
    let r = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    let s = r.summary
    print(
      "feature-regime training (\(integrator.rawValue)), p=\(train) h=\(width) d=\(dimension): \(s.stopReason.rawValue) after \(s.steps) steps + \(s.rejections) rejected trials, \(String(format: "%.1f", s.wallSeconds)) s = \(String(format: "%.2f", 1000 * s.wallSeconds / Double(max(1, s.steps)))) ms per accepted step, min margin \(String(format: "%.4f", s.minMargin))"
    )
  }
}
