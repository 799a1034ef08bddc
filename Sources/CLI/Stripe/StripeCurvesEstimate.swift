// The per-task memory and time estimates of `stripe curves`, printed and checked before any work.
import Foundation
import Spectra
import Stripe

/// The estimates (``LearningCurveCost``) of a shard's tasks, with the Gram rate measured on this machine.
struct StripeCurvesEstimate {
  let configuration: LearningCurveConfiguration
  let tasks: [LearningCurveTask]
  /// Estimates by task key.
  let costs: [String: LearningCurveCost]
  /// The measured NTK Gram rate (flop/s).
  let gramRate: Double

  init(configuration c: LearningCurveConfiguration, tasks: [LearningCurveTask]) {
    configuration = c
    self.tasks = tasks
    gramRate = LearningCurveCost.measureGramRate(width: c.width, dimension: c.dimension)
    var costs: [String: LearningCurveCost] = [:]
    for t in tasks { costs[t.key] = LearningCurveCost.estimate(c, task: t, gramRate: gramRate) }
    self.costs = costs
  }

  /// The task with the largest estimated peak.
  var largest: (task: LearningCurveTask, cost: LearningCurveCost)? {
    tasks.map { ($0, costs[$0.key]!) }.max { $0.1.peak < $1.1.peak }
  }

  /// One line per task: key, kind, estimated peak and time (CSV with a header).
  var table: String {
    var lines = ["key,p,seed,kind,estimated_peak_bytes,estimated_peak,estimated_seconds"]
    for t in tasks {
      let c = costs[t.key]!
      lines.append(
        "\(t.key),\(t.size),\(t.seed),\(t.kernelOnly ? "kernel-only" : "network+kernels"),\(c.peak.bytes),\(c.peak),\(String(format: "%.0f", c.seconds))"
      )
    }
    return lines.joined(separator: "\n")
  }

  /// Logs the estimates on stderr (one line per task, then the totals).
  func log(shard: String, budget: MemoryBudget) {
    StripeProvenance.progress(
      "curves: shard \(shard), \(tasks.count) tasks; estimates before any work (NTK Gram measured at "
        + "\(String(format: "%.1f", gramRate / 1e9)) GFlop/s; flow times extrapolated from the reduced study):"
    )
    for t in tasks {
      let c = costs[t.key]!
      StripeProvenance.progress(
        "  \(t.key): peak ≈ \(c.peak) (\(c.breakdown)), time ≈ \(Self.duration(c.seconds))")
    }
    let total = tasks.reduce(0.0) { $0 + costs[$1.key]!.seconds }
    StripeProvenance.progress(
      "  total ≈ \(Self.duration(total)); largest peak \(largest.map { "\($0.cost.peak) (\($0.task.key))" } ?? "none") of \(budget.bytes) (\(budget.source.label))"
    )
  }

  /// Refuses (``ConfigurationError``, field `memory-budget`, exit 65) when a task does not fit, naming the
  /// tasks, what is needed, what is available and what to change.
  func check(_ budget: MemoryBudget) throws {
    let over = tasks.filter { !budget.admits(costs[$0.key]!.peak) }
    guard !over.isEmpty, let top = largest else { return }
    let listed =
      over.prefix(6).map(\.key).joined(separator: ", ") + (over.count > 6 ? ", … (\(over.count) in all)" : "")
    throw ConfigurationError(
      field: "memory-budget",
      "\(over.count) of \(tasks.count) task(s) do not fit in memory: \(listed). The largest, \(top.task.key), "
        + "needs about \(top.cost.peak) (\(top.cost.breakdown)); available: \(budget.bytes) "
        + "(\(budget.source.label)). Lower the largest --sizes (or --network-max-size for network tasks), "
        + "--test or --width; run those tasks where more memory is available (SLURM --mem); or raise "
        + "--memory-budget if more memory is really available.")
  }

  /// Seconds as `42 s`, `12 min`, `3.5 h`.
  static func duration(_ s: Double) -> String {
    if !s.isFinite { return "unknown" }
    if s < 120 { return String(format: "%.0f s", s) }
    if s < 7200 { return String(format: "%.0f min", s / 60) }
    return String(format: "%.1f h", s / 3600)
  }
}
