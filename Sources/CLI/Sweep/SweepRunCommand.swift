// `spectra sweep run`: runs or resumes a sweep (one shard of it), point by point, into a directory.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// `spectra sweep [run]`.
struct SweepRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run (or resume) a sweep; flags override the values of --file.",
    discussion: """
      Defaults without --file: --activation relu, --sigma-w2 2, --sigma-b2 0.1, --parameterisation \
      standard, --metrics fisher, --depths 3, --samples 100, --outputs 10, --seeds 0,1, --input-ratio 1, \
      --method dense. With --method auto each point × metric runs dense when its estimate fits \
      --memory-budget, else lanczos; results.csv records the method of every row (docs/sweep.md).
      """)

  @Option(
    help: "A JSON sweep file (keys: \(SweepFile.keys.joined(separator: ", "))); copied into the output.")
  var file: String?
  @OptionGroup var output: OutputOptions
  @OptionGroup var networkOptions: NetworkOptions
  @Option(help: "Run only shard k of n (1-based), e.g. 3/16.")
  var shard: String?
  @Option(
    name: .customLong("memory-budget"),
    help: ArgumentHelp(
      "Memory a point may use: 8G, 512M, 1.5GiB or bytes (default: cgroup limit, else MemAvailable).",
      valueName: "size"))
  var memoryBudget: String?
  @Option(
    help:
      "dense (default), auto (per point: dense when it fits --memory-budget, else lanczos), lanczos, slq, density (top-k + SLQ, no exact m, s) or moments."
  )
  var method: MethodChoice?
  @Option(
    name: .customLong("top-k"), parsing: .unconditional,
    help: "Top eigenvalues computed by the matrix-free methods (default: C, the outliers).")
  var topK: Int?
  @Option(parsing: .unconditional, help: "SLQ probe vectors (default 20).")
  var probes: Int?
  @Option(
    name: .customLong("lanczos-steps"), parsing: .unconditional,
    help: "Lanczos steps per SLQ probe (default 80).")
  var lanczosSteps: Int?
  @Option(
    parsing: .unconditional, help: "Relative residual tolerance of the top-k eigenpairs (default 1e-8).")
  var tolerance: Double?
  @Option(help: "Comma-separated metrics: \(MetricRequest.nameGrammar) (default fisher).")
  var metrics: String?
  @Option(parsing: .unconditional, help: "Comma-separated widths M, e.g. 100,200,400.")
  var widths: String?
  @Option(parsing: .unconditional, help: "Comma-separated depths L (default 3).")
  var depths: String?
  @Option(parsing: .unconditional, help: "Comma-separated sample sizes N (default 100).")
  var samples: String?
  @Option(parsing: .unconditional, help: "Comma-separated output counts C (default 10).")
  var outputs: String?
  @Option(parsing: .unconditional, help: "Seeds: a list or a range, e.g. 0..4 (default 0,1).")
  var seeds: String?
  @Option(
    name: .customLong("input-ratio"), parsing: .unconditional,
    help: "Input width ratio α₀ = M₀/M (default 1).")
  var inputRatio: Double?
  @Option(
    name: .customLong("input-width"), parsing: .unconditional,
    help: "A fixed input width M₀ (overrides --input-ratio).")
  var inputWidth: Int?
  @Option(
    name: .customLong("width-ratios"), parsing: .unconditional,
    help: "Hidden width ratios α₁,…,α_{L−1} (single depth only).")
  var widthRatios: String?

  static let defaults = SweepPlan(
    fixed: .init(
      activation: .relu, sigmaW2: 2, sigmaB2: 0.1, inputRatio: 1, inputWidth: nil, widthRatios: [],
      parameterisation: .standard, metrics: ["fisher"]),
    widths: [], depths: [3], samples: [100], outputs: [10], seeds: [0, 1])

  /// The plan from the file (if any) and the flags.
  func plan() throws -> (SweepPlan, Data?) {
    var plan = Self.defaults
    var fileData: Data? = nil
    if let file {
      do {
        fileData = try Data(contentsOf: URL(fileURLWithPath: file))
      } catch {
        throw ConfigurationError(
          field: "file", "cannot read sweep file \(file): \(error.localizedDescription)")
      }
      plan = try SweepFile.parse(fileData!, path: file, defaults: plan)
    }
    if let v = networkOptions.activation { plan.fixed.activation = v }
    if let v = networkOptions.sigmaW2 { plan.fixed.sigmaW2 = v }
    if let v = networkOptions.sigmaB2 { plan.fixed.sigmaB2 = v }
    if let metrics {
      plan.fixed.metrics = try ListArgument.tokens(metrics, field: "metrics")
    }
    if let widths { plan.widths = try ListArgument.integers(widths, field: "widths") }
    if let depths { plan.depths = try ListArgument.integers(depths, field: "depths") }
    if let samples { plan.samples = try ListArgument.integers(samples, field: "samples") }
    if let outputs { plan.outputs = try ListArgument.integers(outputs, field: "outputs") }
    if let seeds {
      let list = try ListArgument.integers(seeds, field: "seeds")
      if let bad = list.first(where: { $0 < 0 }) {
        throw ConfigurationError(field: "seeds", "must be non-negative, got \(bad)")
      }
      plan.seeds = list.map { UInt64($0) }
    }
    if let inputRatio { plan.fixed.inputRatio = inputRatio }
    if let inputWidth { plan.fixed.inputWidth = inputWidth }
    if let widthRatios {
      plan.fixed.widthRatios = try ListArgument.numbers(widthRatios, field: "width-ratios")
    }
    if let v = networkOptions.parameterisation { plan.fixed.parameterisation = v }
    if method != nil || topK != nil || probes != nil || lanczosSteps != nil || tolerance != nil {
      let current = plan.fixed.method
      let choice = method ?? current.flatMap { MethodChoice(rawValue: $0.method) } ?? .dense
      plan.fixed.method = SweepMethod.make(
        choice, topK: topK ?? current?.topK, probes: probes ?? current?.probes,
        lanczosSteps: lanczosSteps ?? current?.lanczosSteps, tolerance: tolerance ?? current?.tolerance)
    }
    if plan.widths.isEmpty {
      throw ConfigurationError(field: "widths", "no widths given (--widths or the file's \"widths\")")
    }
    try plan.validate()
    return (plan, fileData)
  }

  static func parseShard(_ text: String) throws(ConfigurationError) -> (Int, Int) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
      throw ConfigurationError(field: "shard", "expected k/n with 1 ≤ k ≤ n, got \"\(text)\"")
    }
    return (k, n)
  }

  func validate() throws {
    do {
      _ = try plan()
      if let shard { _ = try Self.parseShard(shard) }
      if let memoryBudget { _ = try MemoryBudget.parse(memoryBudget) }
    } catch let e as ConfigurationError {
      throw ValidationError(e.description)
    }
  }

  func run() throws {
    try OutputDirectory.claim(output.out)
    let started = Date()
    let (plan, fileData) = try plan()
    let (k, n) = try shard.map(Self.parseShard) ?? (1, 1)
    let dir = URL(fileURLWithPath: output.out)
    let store = try SweepStore.open(dir, plan: plan)
    if let fileData { try AtomicFile.write(fileData, to: dir.appendingPathComponent("sweep-file.json")) }
    let finished = try store.finishedRecords()
    let mine = plan.points(shard: k, of: n)
    let todo = mine.filter { finished[$0.key] == nil }
    let budget = try MemoryBudget.resolve(option: memoryBudget)
    try SweepMemoryCheck.check(todo, plan: plan, budget: budget)
    ProgressReporter.log(
      "sweep: \(mine.count) points in shard \(k)/\(n), \(mine.count - todo.count) already done, \(todo.count) to run → \(dir.path)"
    )
    var progress = ProgressReporter(total: todo.count, label: "sweep")
    for point in todo {
      let record = try PointMeasurement.measure(point, plan: plan, budget: budget)
      try store.save(record)
      if todo.count <= 400 || progress.done % 20 == 0 { try store.rebuildTable() }
      progress.step(point.key)
    }
    let rows = try store.rebuildTable()
    let record = RunRecord(
      command: "sweep",
      configuration: SweepRunConfiguration(plan: plan, shard: "\(k)/\(n)", pointsRun: todo.count),
      started: started, timings: ["total": Date().timeIntervalSince(started)])
    let name = n == 1 ? "run.json" : "run-shard-\(k)-of-\(n).json"
    try AtomicFile.write(JSONOutput.encode(record), to: dir.appendingPathComponent(name))
    ProgressReporter.log("sweep: \(rows) rows in \(store.tableURL.path)")
  }
}

/// What `run.json` records for a sweep.
struct SweepRunConfiguration: Encodable {
  let plan: SweepPlan
  let shard: String
  let pointsRun: Int
  let dataSeedRule = "data_seed = 1000000 + seed"
}
