// `spectra sweep merge`: unites the points of shard directories into one and rebuilds its table.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// `spectra sweep merge`: unites the points of shard directories into one and rebuilds its table.
struct SweepMergeCommand: ParsableCommand {
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
      let plan = try? JSONOutput.decoder.decode(SweepPlan.self, from: data)
    else { throw ConfigurationError(field: "into", "\(planURL.path) is missing or not a sweep plan") }
    let store = try SweepStore.open(target, plan: plan)
    var have = try store.finishedRecords()
    var copied = 0
    for path in from {
      let dir = URL(fileURLWithPath: path)
      guard let d = try? Data(contentsOf: dir.appendingPathComponent("sweep.json")),
        let other = try? JSONOutput.decoder.decode(SweepPlan.self, from: d)
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
    ProgressReporter.log(
      "sweep merge: \(copied) points copied, \(have.count) points, \(rows) rows in \(store.tableURL.path)")
  }
}
