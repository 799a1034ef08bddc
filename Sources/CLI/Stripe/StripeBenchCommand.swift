// `spectra stripe bench`: per training size, the cost of a gradient evaluation, of the NTK Gram (as a fraction of
// the machine's dgemm rate measured in the same run) and of feature-regime training to convergence (no assertions).
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// Times the stripe kernels at several training sizes p, next to a square dgemm of the same run.
///
/// ```
/// dgemm rate     R = 2n³ / t_gemm                        (n = --gemm-size)
/// Gram fraction  (2·p²·h + p²·d) / t_Gram / R            (two syrk-type products and the X Xᵀ term)
/// per step       t_train / (accepted steps)
/// ```
/// The training run is the `stripe train` default (stripe task, α√h = 0.01, seeds 1) to all margins ≥ 1.
struct StripeBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract:
      "Time the gradient evaluation, the NTK Gram (fraction of dgemm) and feature-regime training at several p.",
    discussion: """
      For each p of --sizes: seconds per forward + gradient evaluation of the integrator's field, the NTK \
      Gram p × p with its rate as a fraction of the dgemm rate measured first in the same run, and with \
      --converge the feature-regime training (α√h = 0.01) to all margins ≥ 1: steps, rejected trials, \
      seconds and seconds per step. Progress goes to stderr. The Gram at p needs about 5·p² doubles \
      (10 GB at p = 16384); training at p = 16384 takes hours (limit it with --max-wall or --max-steps).
      """)

  @Option(
    name: .customLong("sizes"), parsing: .singleValue,
    help: ArgumentHelp("Training sizes p (repeat or comma-separate).", valueName: "p"),
    transform: StripeBenchCommand.parseSizes)
  var sizeLists: [[Int]] = []

  @Option(help: "Hidden width h.")
  var width: Int = 1000

  @Option(help: "Input dimension d.")
  var dimension: Int = 5

  @Option(help: "Repetitions of the gradient evaluation.")
  var repeats: Int = 20

  @Option(name: .customLong("gemm-size"), help: "Size n of the square dgemm that sets the machine's rate.")
  var gemmSize: Int = 2000

  @Flag(help: "Skip the NTK Gram.")
  var noGram = false

  @Flag(help: "Also train the feature-regime network to all margins ≥ 1 at each p.")
  var converge = false

  @Option(help: "Integrator of the --converge run: sliding-mode, sliding-mode-dense or euler.")
  var integrator: NetworkFlowIntegrator = .slidingMode

  @Option(
    name: .customLong("step-rule"),
    help:
      "Sliding-mode step rule of the --converge run: field-outputs (default) or all-outputs (before 2026-11-30)."
  )
  var stepRule: SlidingStepRule = .fieldOutputs

  @Flag(
    name: .customLong("compare-step-rules"),
    help:
      "With --converge (sliding mode): train under both step rules and print the steps, seconds, λ ratio and the agreement of the test signs."
  )
  var compareStepRules = false

  @Option(name: .customLong("max-wall"), help: "Wall-clock limit of each --converge run (seconds).")
  var maxWall: Double = 3600

  @Option(name: .customLong("max-steps"), help: "Step limit of each --converge run.")
  var maxSteps: Int = 1_000_000

  /// The sizes to run (default 1024, 4096, 16384).
  var sizes: [Int] { sizeLists.isEmpty ? [1024, 4096, 16384] : sizeLists.flatMap { $0 } }

  static func parseSizes(_ text: String) throws -> [Int] {
    try text.split(separator: ",").map { part in
      guard let p = Int(part.trimmingCharacters(in: .whitespaces)), p >= 2 else {
        throw ValidationError("--sizes: each p must be an integer ≥ 2, got '\(part)'")
      }
      return p
    }
  }

  func validate() throws {
    guard width >= 1, dimension >= 2, repeats >= 1, gemmSize >= 2, maxSteps >= 1, maxWall > 0 else {
      throw ValidationError(
        "need width ≥ 1, dimension ≥ 2, repeats ≥ 1, gemm-size ≥ 2, max-steps ≥ 1, max-wall > 0")
    }
    _ = try sizeLists.flatMap { $0 }.map { p in
      guard p >= 2 else { throw ValidationError("--sizes: each p must be ≥ 2, got \(p)") }
    }
  }

  func run() throws {
    HeapTuning.keepLargeBlocksInHeap()
    do {
      let n = gemmSize
      let a = RandomStream(seed: 3).gaussianMatrix(rows: n, columns: n)
      var t0 = Date()
      let product = try a.multiplied(by: a)
      let gemmSeconds = Date().timeIntervalSince(t0)
      let rate = 2 * pow(Double(n), 3) / gemmSeconds / 1e9
      print("BLAS threads: \(BLASThreads.count) (\(BLASThreads.coreName))")
      print("dgemm \(n)²: \(String(format: "%.3f", gemmSeconds)) s = \(String(format: "%.1f", rate)) GFLOP/s")
      var checksum = product[0, 0]
      for p in sizes {
        ProgressReporter.log("stripe bench: p = \(p): gradient evaluations")
        let net = try ShallowNetwork.initial(
          width: width, dimension: dimension, stream: RandomStream(seed: 1))
        let data = try LabelledInputs.gaussian(
          task: .stripe, count: p, dimension: dimension, stream: RandomStream(seed: 2))
        let perEvaluation = try NetworkTraining.benchmarkEvaluation(
          net, inputs: data, alpha: 0.1, integrator: integrator, repeats: repeats)
        print(
          "p=\(p) h=\(width) d=\(dimension): forward + gradient (\(integrator.rawValue)) \(String(format: "%.4f", perEvaluation.seconds)) s per evaluation"
        )
        checksum += perEvaluation.checksum
        if !noGram {
          ProgressReporter.log(
            "stripe bench: p = \(p): NTK Gram (about \(String(format: "%.1f", 5 * Double(p * p) * 8 / 1e9)) GB)"
          )
          t0 = Date()
          let theta = NeuralTangentKernel.gram(net, data.inputs)
          let gramSeconds = Date().timeIntervalSince(t0)
          let flops = 2 * Double(p) * Double(p) * Double(width) + Double(p) * Double(p) * Double(dimension)
          let gramRate = flops / gramSeconds / 1e9
          print(
            "p=\(p): NTK Gram \(String(format: "%.3f", gramSeconds)) s, \(String(format: "%.1f", flops / 1e9)) GFLOP = \(String(format: "%.1f", gramRate)) GFLOP/s = \(String(format: "%.0f", 100 * gramRate / rate)) % of dgemm"
          )
          checksum += theta[0, 0]
        }
        if converge { try convergence(p) }
      }
      print("checksum: \(checksum)")
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }

  /// Trains the `stripe train` default network (stripe, α√h = 0.01) to convergence and prints the cost;
  /// with `--compare-step-rules`, under both sliding-mode step rules, and how far their end points differ.
  private func convergence(_ p: Int) throws {
    let splits = try TaskSplits(
      task: .stripe, dimension: dimension, train: p, kernel: 1, test: 2048, seed: 1)
    let net = try ShallowNetwork.initial(
      width: width, dimension: dimension, stream: RandomStream(seed: 1).child(3))
    let rules = compareStepRules && integrator != .euler ? SlidingStepRule.allCases : [stepRule]
    var results: [NetworkTrainingResult] = []
    for rule in rules {
      var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: 0.01, width: width))
      options.integrator = integrator
      options.control.slidingStepRule = rule
      options.maxWallSeconds = maxWall
      options.maxSteps = maxSteps
      if integrator == .euler { options.marginTolerance = 0.01 }
      let r = try NetworkTraining.run(
        net, train: splits.train, test: splits.test, options: options,
        progress: { ProgressReporter.log("stripe bench: p = \(p) (\(rule.rawValue)): \($0)") })
      let s = r.summary
      let name = integrator == .euler ? integrator.rawValue : "\(integrator.rawValue), \(rule.rawValue)"
      print(
        "p=\(p): feature-regime training (\(name)): \(s.stopReason.rawValue) after \(s.steps) steps + \(s.rejections) rejected trials, \(String(format: "%.1f", s.wallSeconds)) s = \(String(format: "%.2f", 1000 * s.wallSeconds / Double(max(1, s.steps)))) ms per accepted step, min margin \(String(format: "%.4f", s.minMargin)), λ = \(String(format: "%.5g", r.checkpoints.last?.weights.compression ?? .nan))"
      )
      results.append(r)
    }
    guard results.count == 2 else { return }
    let (a, b) = (results[0], results[1])
    let agree = zip(a.testOutputs, b.testOutputs).filter { ($0 > 0) == ($1 > 0) }.count
    let lambda = { (r: NetworkTrainingResult) in r.checkpoints.last?.weights.compression ?? .nan }
    print(
      "p=\(p): \(SlidingStepRule.allCases[0].rawValue) against \(SlidingStepRule.allCases[1].rawValue): λ ratio \(String(format: "%.4f", lambda(a) / lambda(b))), test signs agree on \(agree) of \(a.testOutputs.count), steps \(String(format: "%.2f", Double(b.summary.steps) / Double(max(1, a.summary.steps))))× fewer, wall \(String(format: "%.2f", b.summary.wallSeconds / a.summary.wallSeconds))× faster"
    )
  }
}
