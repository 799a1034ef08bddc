// A sweep's size check before any point runs: the dense estimate of every point and metric against the budget.
import FIM
import Foundation
import Spectra

/// The dense peak-memory estimate (``MemoryEstimate/dense(architecture:samples:request:overlaps:)``, no
/// overlaps, as ``PointMeasurement`` measures) of each point × metric to run, compared with the budget
/// before the first point starts. A dense sweep (no ``SweepMethod``) refuses the whole sweep when a point's
/// estimate does not fit, with the largest estimate, the budget and the points over it; a sweep with a
/// method plans every point × metric (``SweepMethod/plan(architecture:samples:request:budget:)``) and
/// refuses when some plan chooses nothing, with that plan's refusal (estimates, budget, what to change).
enum SweepMemoryCheck {
  /// The largest estimate and its point key, metric and estimate.
  struct Largest {
    let key: String
    let metric: String
    let estimate: MemoryEstimate
  }

  /// The largest estimate among `points` (nil for no points).
  static func largest(_ points: [SweepPlan.Point], plan: SweepPlan) throws -> Largest? {
    var best: Largest? = nil
    for point in points {
      let arch = try plan.architecture(at: point)
      for metric in plan.fixed.metrics {
        let request = try MetricRequest(name: metric)
        try request.validate(for: arch)  // the estimate indexes layers by the request
        let e = MemoryEstimate.dense(
          architecture: arch, samples: point.samples, request: request, overlaps: false)
        if best == nil || e.peak > best!.estimate.peak
          || (e.impossible != nil && best!.estimate.impossible == nil)
        {
          best = Largest(key: point.key, metric: metric, estimate: e)
        }
      }
    }
    return best
  }

  /// Throws a ``ConfigurationError`` (field `sweep`, exit 65) when a point does not fit `budget`, naming
  /// the points over it; otherwise logs the largest estimate.
  static func check(_ points: [SweepPlan.Point], plan: SweepPlan, budget: MemoryBudget) throws {
    if let method = plan.fixed.method { return try check(points, plan: plan, method: method, budget: budget) }
    guard let top = try largest(points, plan: plan) else { return }
    var over: [String] = []
    for point in points {
      let arch = try plan.architecture(at: point)
      for metric in plan.fixed.metrics {
        let request = try MetricRequest(name: metric)
        try request.validate(for: arch)  // the estimate indexes layers by the request
        let e = MemoryEstimate.dense(
          architecture: arch, samples: point.samples, request: request, overlaps: false)
        if e.impossible != nil || !budget.admits(e.peak) { over.append("\(point.key) \(metric)") }
      }
    }
    let e = top.estimate
    guard over.isEmpty else {
      let listed =
        over.prefix(5).joined(separator: ", ") + (over.count > 5 ? ", … (\(over.count) in all)" : "")
      throw ConfigurationError(
        field: "sweep",
        "\(over.count) point(s) cannot run densely: \(listed). The largest, \(top.key) \(top.metric), needs "
          + "\(e.peak) (\(e.breakdown))" + (e.impossible.map { "; \($0)" } ?? "")
          + "; the budget is \(budget.bytes) (\(budget.source.label)). Drop those sizes from the grid, or "
          + "raise --memory-budget if more memory is really available.")
    }
    ProgressReporter.log(
      "sweep: largest point \(top.key) \(top.metric) needs about \(e.peak) of \(budget.bytes) (\(budget.source.label))"
    )
  }

  /// The check of a sweep with a method: every point × metric planned; refused (field `sweep`, exit 65)
  /// when some plan chooses nothing, naming the points; otherwise logs how many run by each method.
  static func check(
    _ points: [SweepPlan.Point], plan: SweepPlan, method: SweepMethod, budget: MemoryBudget
  ) throws {
    var counts: [SpectrumMethod: Int] = [:]
    var refused: [(String, MemoryPlan)] = []
    for point in points {
      let arch = try plan.architecture(at: point)
      for metric in plan.fixed.metrics {
        let request = try MetricRequest(name: metric)
        try request.validate(for: arch)
        let p = method.plan(architecture: arch, samples: point.samples, request: request, budget: budget)
        if let chosen = p.chosen {
          counts[chosen, default: 0] += 1
        } else {
          refused.append(("\(point.key) \(metric)", p))
        }
      }
    }
    if let head = refused.first {
      let (first, p) = head
      let listed =
        refused.prefix(5).map(\.0).joined(separator: ", ")
        + (refused.count > 5 ? ", … (\(refused.count) in all)" : "")
      throw ConfigurationError(
        field: "sweep",
        "\(refused.count) point(s) cannot run with --method \(method.method): \(listed). "
          + p.refusal(command: first)!)
    }
    let summary = SpectrumMethod.allCases.compactMap { m in counts[m].map { "\($0) \(m.rawValue)" } }
    ProgressReporter.log(
      "sweep: --method \(method.method): \(summary.joined(separator: ", ")) (point × metric) within \(budget.bytes) (\(budget.source.label))"
    )
  }
}
