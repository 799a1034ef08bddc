// Runs a sweep plan into a directory from inside the tool (the `reproduce` figures use it).
import FIM
import Foundation

/// Runs a plan with the same store, keys and rows as `spectra sweep` (so a figure's table can be resumed,
/// extended or re-fitted with the command-line tools).
enum SweepRunner {
  @discardableResult
  static func run(_ plan: SweepPlan, into dir: URL, label: String) throws -> SweepStore {
    try plan.validate()
    let store = try SweepStore.open(dir, plan: plan)
    let finished = try store.finishedRecords()
    let todo = plan.points.filter { finished[$0.key] == nil }
    var progress = ProgressReporter(total: todo.count, label: label)
    for point in todo {
      try store.save(PointMeasurement.measure(point, plan: plan))
      progress.step(point.key)
    }
    try store.rebuildTable()
    return store
  }
}
