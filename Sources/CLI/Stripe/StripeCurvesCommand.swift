// `spectra stripe curves`: learning curves of the init-NTK kernel, the feature network and the final-NTK kernel.
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// Learning curves ε(p) and λ(p) over training sizes and seeds, task by task (one task per p × seed),
/// resumable and shardable; `--full` is the issue-18 preset for a SLURM array.
struct StripeCurvesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "curves",
    abstract: "Learning curves ε(p) (init NTK, feature net, final NTK) and λ(p) with fits and local slopes.",
    discussion: """
      One task per p × seed, saved atomically as OUT/points/KEY.json (KEY such as p004096-seed2); a rerun \
      skips finished tasks, --shard k/n runs every n-th task, and `spectra stripe merge` unites shard \
      directories. Before any work the per-task memory and time estimates are printed and checked against \
      the memory budget. --full: p = 128…16384 with networks, kernels alone up to p = 32768, seeds 1–4, \
      p_te = 8192 (scripts/slurm-stripe.sbatch runs it as a SLURM array).
      """)

  @OptionGroup var model: StripeModelOptions

  @Option(help: "Comma-separated training sizes p (default 128,…,2048; with --full 128,…,32768).")
  var sizes: String?

  @Option(help: "Comma-separated seeds (default 1,2,3; with --full 1,2,3,4).")
  var seeds: String?

  @Option(help: "Test-set size (default 4096; with --full 8192).")
  var test: Int?

  @Flag(help: "The large-p preset of issue 18 (d = 5 unless --dimension is given).")
  var full = false

  @Option(
    name: .customLong("network-max-size"),
    help: "Train networks only up to this p; larger p run the init-NTK kernel alone (--full: 16384).")
  var networkMaxSize: Int?

  @Option(
    name: .customLong("lazy-alpha-sqrt-h"),
    help:
      "Also train a lazy-regime network at this α√h beside the feature one: the `lazy` curve, which approaches the init-NTK kernel's as α√h grows (default: none; --full: 10000)."
  )
  var lazyAlphaSqrtH: Double?

  @Option(help: "Run only shard k of n (1-based), e.g. 3/40: the tasks whose index ≡ k−1 (mod n).")
  var shard: String?

  @Option(
    name: .customLong("memory-budget"),
    help: "Memory the run may use (e.g. 8G); default: the cgroup limit, else MemAvailable.")
  var memoryBudget: String?

  @Flag(
    name: .customLong("estimate-only"),
    help:
      "Print this shard's tasks with their memory and time estimates (CSV on stdout) and exit 0 without running."
  )
  var estimateOnly = false

  func validate() throws {
    do {
      let c = try curveConfiguration()
      try c.validate()
      if let shard { _ = try SweepRunCommand.parseShard(shard) }
      if let memoryBudget { _ = try MemoryBudget.parse(memoryBudget) }
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }

  /// The configuration from the options and the preset.
  func curveConfiguration() throws -> LearningCurveConfiguration {
    var c = LearningCurveConfiguration()
    c.task = model.task
    c.dimension = model.dimension
    c.width = model.width
    c.alphaSqrtH = model.alphaSqrtH
    let defaultSizes = full ? "128,256,512,1024,2048,4096,8192,16384,32768" : "128,256,512,1024,2048"
    c.sizes = try parseList(sizes ?? defaultSizes, "--sizes") { Int($0) }
    guard c.sizes.allSatisfy({ $0 >= 2 }) else {
      throw ValidationError("--sizes: each p must be ≥ 2, got \"\(sizes ?? "")\"")
    }
    c.seeds = try parseList(seeds ?? (full ? "1,2,3,4" : "1,2,3"), "--seeds") { UInt64($0) }
    c.testCount = test ?? (full ? 8192 : 4096)
    guard c.testCount >= 1 else { throw ValidationError("--test must be ≥ 1, got \(c.testCount)") }
    c.networkMaxSize = networkMaxSize ?? (full ? 16384 : nil)
    c.lazyAlphaSqrtH = lazyAlphaSqrtH ?? (full ? 10_000 : nil)
    c.biasScale = model.biasScale
    c.biasVariance = model.biasVariance
    c.networkControl = model.networkControl
    c.networkIntegrator = model.integrator
    c.slidingBand = model.slidingBand
    c.kernelIntegrator = model.kernelIntegrator
    c.maxWallSeconds = model.maxWall
    c.maxSteps = model.maxSteps
    c.marginTolerance = model.marginTolerance
    return c
  }

  func run() throws {
    let started = Date()
    let c = try curveConfiguration()
    let (k, n) = try shard.map(SweepRunCommand.parseShard) ?? (1, 1)
    let budget = try MemoryBudget.resolve(option: memoryBudget)
    let mine = LearningCurveStudy.tasks(c, shard: k, of: n)
    let plan = StripeCurvesEstimate(configuration: c, tasks: mine)
    plan.log(shard: "\(k)/\(n)", budget: budget)
    if estimateOnly {
      // A plan made on a login node for a cluster: say what would not fit here, but exit 0.
      print(plan.table)
      do { try plan.check(budget) } catch let error as ConfigurationError {
        StripeProvenance.progress("curves: on this machine: \(error.description)")
      }
      return
    }
    try plan.check(budget)
    try OutputDirectory.claim(model.out)
    model.applyThreads()
    let out = try StripeOutputDirectory(path: model.out)
    let (store, stored) = try StripeCurvesStore.open(out.url, plan: c)
    let done = try store.finished()
    let todo = mine.filter { done[$0.key] == nil }
    StripeProvenance.progress(
      "curves: \(mine.count) tasks in shard \(k)/\(n), \(mine.count - todo.count) already done, \(todo.count) to run → \(out.url.path)"
    )
    for task in todo {
      let t0 = Date()
      let result = try LearningCurveStudy.run(c, task: task)
      try store.save(result)
      let estimate = plan.costs[task.key]
      StripeProvenance.progress(
        "\(task.key) \(LearningCurveStudy.describe(result)); \(String(format: "%.1f", Date().timeIntervalSince(t0))) s "
          + "(estimated \(String(format: "%.0f", estimate?.seconds ?? .nan)) s), peak resident "
          + "\(ProcessMemory.peakResident.map(\.description) ?? "unknown") (estimated \(estimate?.peak.description ?? "?"))"
      )
    }
    let all = try store.finished()
    let study = LearningCurveStudy(configuration: stored, results: Array(all.values))
    let execution = StripeCurvesExecution(
      shard: "\(k)/\(n)", tasksRun: todo.map(\.key),
      tasksSkipped: mine.filter { done[$0.key] != nil }.map(\.key),
      largestEstimatedPeak: plan.largest?.cost.peak ?? .zero,
      measuredPeakResident: ProcessMemory.peakResident,
      memoryBudget: budget.bytes, memoryBudgetSource: budget.source.rawValue)
    try StripeCurvesReport.write(
      study, to: out, started: started, arguments: CommandLine.arguments, execution: execution)
  }
}
