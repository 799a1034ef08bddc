// `spectra sweep`: a resumable, shardable grid over widths, depths, samples, outputs and seeds.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// The `sweep` command group: `run` (default) and `merge`.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Measure spectra over a grid of widths, depths, samples, outputs and seeds, against theory.",
    discussion: """
      Writes DIR/results.csv (one row per point, seed and metric: measured m, s, λ_max, top-C mean, their \
      mean-field predictions and relative errors), DIR/points/KEY.json (one file per finished point), \
      DIR/sweep.json (the plan) and DIR/run.json. Rerunning skips finished points; interrupting loses \
      nothing already finished. --shard k/n runs the k-th of n disjoint slices (e.g. one SLURM array \
      task each; see scripts/slurm-sweep.sbatch); `spectra sweep merge` unites shard directories.
      """,
    subcommands: [SweepRun.self, SweepMerge.self],
    defaultSubcommand: SweepRun.self)
}

/// `spectra sweep [run]`.
struct SweepRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run (or resume) a sweep; flags override the values of --file.")

  @Option(
    help: "A JSON sweep file (keys: \(SweepFile.keys.joined(separator: ", "))); copied into the output.")
  var file: String?
  @Option(help: "Output directory (created; resumed when it already holds this sweep).")
  var out: String
  @Option(help: "Run only shard k of n (1-based), e.g. 3/16.")
  var shard: String?
  @Option(help: ArgumentHelp(Activation.help, valueName: "name"))
  var activation: String?
  @Option(name: .customLong("sigma-w2"), parsing: .unconditional, help: "Weight variance σ_w² (default 2).")
  var sigmaW2: Double?
  @Option(name: .customLong("sigma-b2"), parsing: .unconditional, help: "Bias variance σ_b² (default 0.1).")
  var sigmaB2: Double?
  @Option(help: "Comma-separated metrics: \(SweepMetric.examples) (default fisher).")
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
  @Option(help: "standard or ntk.")
  var parameterisation: Parameterisation?

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
    if let activation { plan.fixed.activation = try Activation(named: activation) }
    if let sigmaW2 { plan.fixed.sigmaW2 = sigmaW2 }
    if let sigmaB2 { plan.fixed.sigmaB2 = sigmaB2 }
    if let metrics {
      plan.fixed.metrics = metrics.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
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
    if let parameterisation { plan.fixed.parameterisation = parameterisation }
    if plan.widths.isEmpty {
      throw ConfigurationError(field: "widths", "no widths given (--widths or the file's \"widths\")")
    }
    try plan.validate()
    for m in plan.fixed.metrics { _ = try SweepMetric(m) }
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
    } catch let e as ConfigurationError {
      throw ValidationError(e.description)
    }
  }

  func run() throws {
    let started = Date()
    let (plan, fileData) = try plan()
    let metrics = try plan.fixed.metrics.map(SweepMetric.init)
    let (k, n) = try shard.map(Self.parseShard) ?? (1, 1)
    let dir = URL(fileURLWithPath: out)
    let store = try SweepStore.open(dir, plan: plan)
    if let fileData { try AtomicFile.write(fileData, to: dir.appendingPathComponent("sweep-file.json")) }
    let finished = try store.finishedRecords()
    let mine = plan.points(shard: k, of: n)
    let todo = mine.filter { finished[$0.key] == nil }
    Progress.log(
      "sweep: \(mine.count) points in shard \(k)/\(n), \(mine.count - todo.count) already done, \(todo.count) to run → \(dir.path)"
    )
    var progress = Progress(total: todo.count, label: "sweep")
    for point in todo {
      let record = try PointMeasurement.measure(point, plan: plan, metrics: metrics)
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
    Progress.log("sweep: \(rows) rows in \(store.tableURL.path)")
  }
}

/// What `run.json` records for a sweep.
struct SweepRunConfiguration: Encodable {
  let plan: SweepPlan
  let shard: String
  let pointsRun: Int
  let dataSeedRule = "data_seed = 1000000 + seed"
  enum CodingKeys: String, CodingKey {
    case plan, shard, pointsRun = "points_run", dataSeedRule = "data_seed_rule"
  }
}

/// `spectra sweep merge`: unites the points of shard directories into one and rebuilds its table.
struct SweepMerge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge sweep directories (e.g. shards) into the first one and rebuild its results.csv.")

  @Argument(help: "The directory to merge into (it may already hold points).")
  var into: String
  @Argument(help: "Further sweep directories whose points are copied in.")
  var from: [String] = []

  func run() throws {
    let target = URL(fileURLWithPath: into)
    let planURL = target.appendingPathComponent("sweep.json")
    guard let data = try? Data(contentsOf: planURL),
      let plan = try? JSONDecoder().decode(SweepPlan.self, from: data)
    else { throw ConfigurationError(field: "into", "\(planURL.path) is missing or not a sweep plan") }
    let store = try SweepStore.open(target, plan: plan)
    var have = try store.finishedRecords()
    var copied = 0
    for path in from {
      let dir = URL(fileURLWithPath: path)
      guard let d = try? Data(contentsOf: dir.appendingPathComponent("sweep.json")),
        let other = try? JSONDecoder().decode(SweepPlan.self, from: d)
      else { throw ConfigurationError(field: "from", "\(path) holds no sweep.json") }
      _ = try SweepStore.open(target, plan: other)  // refuses different fixed settings; unites the axes
      for (key, record) in try SweepStore(directory: dir).finishedRecords() {
        if let existing = have[key] {
          guard existing.columns == record.columns else {
            throw ConfigurationError(field: "from", "point \(key) in \(path) has different columns")
          }
          continue  // a duplicate: already present
        }
        try store.save(record)
        have[key] = record
        copied += 1
      }
    }
    let rows = try store.rebuildTable()
    Progress.log(
      "sweep merge: \(copied) points copied, \(have.count) points, \(rows) rows in \(store.tableURL.path)")
  }
}
