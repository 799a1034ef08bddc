// `spectra lr-sweep`: MSE training over a grid of widths and learning rates against η_c = 2/λ_max(F).
import ArgumentParser
import FIM
import Foundation
import Spectra

/// The learning-rate sweep of the AIS paper: divergence of MSE gradient descent against η_c = 2/λ_max.
struct LearningRateSweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lr-sweep",
    abstract: "MSE gradient descent over widths M and rates η: divergence against η_c = 2/λ_max(F).",
    discussion: """
      Starts from the preset (default: reduced); every option given overrides it. For each width M one \
      network (--seed) and one teacher data set are drawn; λ_max(F) is measured at initialisation by the \
      partial eigen-solver (dsyevr, top eigenvalue of the C·N dual K/N) and compared with the mean-field \
      α(κ₁/N + (N−1)κ₂/N)M. Each rate trains from the same initialisation for --steps steps; a run \
      diverged when the loss became non-finite or exceeded --divergence-threshold × the initial loss.

      Output in --out DIR:
        grid.csv      width, rate, lambda_max, critical_rate, lambda_max_theory, critical_rate_theory,
                      initial_loss, final_loss, max_loss_ratio, diverged (0/1), diverged_at (empty if not)
        critical.csv  width, lambda_max, critical_rate, lambda_max_theory, critical_rate_theory,
                      largest_stable_rate, smallest_diverged_rate (observed divergence boundary),
                      largest_monotone_rate, smallest_rising_rate (observed onset of instability: the
                      loss rose above its initial value; above η_c it may recover, the catapult regime)
        run.json      full configuration, seeds, tool version, git commit, BLAS threads
      Plot: python3 notebooks-data/lr-sweep/plot.py DIR
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var training: TrainingOptions
  @OptionGroup var networkOptions: NetworkOptions
  @OptionGroup var shape: ShapeOptions
  @OptionGroup var seeds: SeedOptions
  @Option(help: "Comma-separated hidden widths M.")
  var widths: String?
  @Option(help: "Comma-separated learning rates η (instead of --rate-min/--rate-max/--rate-count).")
  var rates: String?
  @Option(
    name: .customLong("rate-min"), parsing: .unconditional, help: "Smallest rate of a log-spaced grid.")
  var rateMin: Double?
  @Option(
    name: .customLong("rate-max"), parsing: .unconditional, help: "Largest rate of a log-spaced grid.")
  var rateMax: Double?
  @Option(name: .customLong("rate-count"), parsing: .unconditional, help: "Number of log-spaced rates.")
  var rateCount: Int?
  @Option(
    name: .customLong("memory-budget"),
    help: ArgumentHelp(
      "Memory the run may use: 8G, 512M, 1.5GiB or bytes (default: cgroup limit, else MemAvailable).",
      valueName: "size"))
  var memoryBudget: String?

  func validate() throws {
    if let v = rateCount, v <= 0 { throw ValidationError("--rate-count must be positive, got \(v)") }
    for (name, value) in [("--rate-min", rateMin), ("--rate-max", rateMax)] {
      if let v = value, !(v.isFinite && v > 0) {
        throw ValidationError("\(name) must be positive and finite, got \(v)")
      }
    }
    let grid = [rateMin, rateMax].compactMap { $0 }.count + (rateCount == nil ? 0 : 1)
    if grid != 0 && grid != 3 {
      throw ValidationError("--rate-min, --rate-max and --rate-count go together")
    }
    if grid == 3 && rates != nil {
      throw ValidationError("give either --rates or --rate-min/--rate-max/--rate-count")
    }
    if let text = memoryBudget {
      do { _ = try MemoryBudget.parse(text) } catch { throw ValidationError(error.message) }
    }
    if let a = rateMin, let b = rateMax, a > b {
      throw ValidationError("--rate-min \(a) is above --rate-max \(b)")
    }
    for m in try widths.map { try parseList($0, "--widths") { Int($0) } } ?? [] where m <= 0 {
      throw ValidationError("--widths: width must be positive, got \(m)")
    }
    for r in try rates.map { try parseList($0, "--rates") { Double($0) } } ?? []
    where !(r.isFinite && r > 0) {
      throw ValidationError("--rates: learning rate must be positive and finite, got \(r)")
    }
  }

  func run() throws {
    try OutputDirectory.claim(output.out)
    let preset = training.preset
    var config = LearningRateSweep.Configuration.preset(preset)
    if let widths { config.widths = try parseList(widths, "--widths") { Int($0) } }
    if let rates { config.rates = try parseList(rates, "--rates") { Double($0) } }
    if let a = rateMin, let b = rateMax, let n = rateCount {
      config.rates = LearningRateSweep.Configuration.logSpaced(from: a, to: b, count: n)
    }
    if let v = shape.inputWidth { config.inputWidth = v }
    if let v = networkOptions.activation { config.activation = v }
    if let v = networkOptions.sigmaW2 { config.sigmaW2 = v }
    if let v = networkOptions.sigmaB2 { config.sigmaB2 = v }
    if let v = shape.depth { config.depth = v }
    if let v = shape.outputs { config.outputs = v }
    if let v = shape.samples { config.samples = v }
    if let v = training.steps { config.steps = v }
    if let v = training.divergenceThreshold { config.divergenceThreshold = v }
    if let v = networkOptions.parameterisation { config.parameterisation = v }
    if let v = seeds.seed { config.seed = v }
    if let v = training.teacherSeed { config.teacherSeed = v }
    if let v = seeds.dataSeed { config.dataSeed = v }
    try config.validate()
    let widest = try config.architecture(width: config.widths.max()!)
    let memory = try TrainingMemoryCheck.check(
      .learningRateSweep(architecture: widest, samples: config.samples),
      budget: MemoryBudget.resolve(option: memoryBudget))
    try TrainingFigure.runSweep(config, preset: preset, to: URL(fileURLWithPath: output.out), memory: memory)
  }
}
