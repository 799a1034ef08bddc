// `spectra stripe merge`: unites the task files of `stripe curves` shard directories and rebuilds the tables.
import ArgumentParser
import Foundation
import Spectra
import Stripe

/// `spectra stripe merge INTO FROM…`: copies the finished tasks of each FROM directory into INTO (creating
/// it from the first plan when needed; plans must agree on everything but sizes and seeds), then rebuilds
/// INTO's points.csv, kernel-points.csv, fits.csv, local-slopes.csv and run.json from all its tasks. A task
/// already present in INTO is kept (tasks are deterministic, so duplicates differ only in timings).
struct StripeMergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge `stripe curves` directories (e.g. SLURM shards) into one and rebuild its tables.")

  @Argument(help: "The directory to merge into (created if needed; it may already hold tasks).")
  var into: String
  @Argument(help: "The `stripe curves` directories whose tasks are copied in.")
  var from: [String] = []

  func run() throws {
    let started = Date()
    try OutputDirectory.claim(into, option: "the target directory")
    let target = URL(fileURLWithPath: into)
    var plan = try StripeCurvesStore.storedPlan(target)
    var sources: [(StripeCurvesStore, LearningCurveConfiguration)] = []
    for path in from {
      let dir = URL(fileURLWithPath: path)
      guard let other = try StripeCurvesStore.storedPlan(dir) else {
        throw ConfigurationError(
          field: "from", "\(path) holds no curves.json (not a `stripe curves` directory)")
      }
      sources.append((StripeCurvesStore(directory: dir), other))
      if plan == nil { plan = other }
    }
    guard let first = plan else {
      throw ConfigurationError(field: "into", "\(into) holds no curves.json and no FROM directory was given")
    }
    var (store, union) = try StripeCurvesStore.open(target, plan: first)
    var have = try store.finished()
    var copied = 0
    for (source, other) in sources {
      (store, union) = try StripeCurvesStore.open(target, plan: other)  // refuses other settings
      for (key, result) in try source.finished() where have[key] == nil {
        try store.save(result)
        have[key] = result
        copied += 1
      }
    }
    let study = LearningCurveStudy(configuration: union, results: Array(have.values))
    try StripeCurvesReport.write(
      study, to: try StripeOutputDirectory(path: into), started: started, arguments: CommandLine.arguments)
    ProgressReporter.log(
      "stripe merge: \(copied) tasks copied, \(have.count) tasks in \(target.path) (\(study.points.count) with networks)"
    )
  }
}
