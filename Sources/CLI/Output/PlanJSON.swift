// The plan as JSON (spectrum.json, --json, run.json, --dry-run --json) and as a printed table.
import FIM
import Spectra

/// A ``MemoryPlan`` with each estimate's peak, peak phase and verdict spelled out, every key present.
struct PlanJSON: Encodable {
  struct Estimate: Encodable {
    let method: String
    let peakBytes: ByteCount
    let peak: String
    let peakPhase: String
    let fits: Bool
    let impossible: String?
    let terms: [MemoryTerm]
  }
  struct Budget: Encodable {
    let bytes: ByteCount
    let text: String
    let source: String
    let label: String
  }
  let requested: String
  let method: String?
  let reason: String
  let budget: Budget
  let settings: MatrixFreeSettings
  let estimates: [Estimate]
  /// VmHWM at the end of the run (run.json only; nil in --dry-run and spectrum.json).
  let measuredPeakBytes: ByteCount?

  enum CodingKeys: CodingKey {
    case requested, method, reason, budget, settings, estimates, measuredPeakBytes
  }

  init(_ plan: MemoryPlan, measuredPeak: ByteCount? = nil) {
    requested = plan.requested
    method = plan.chosen?.rawValue
    reason = plan.reason
    budget = Budget(
      bytes: plan.budget.bytes, text: plan.budget.bytes.description, source: plan.budget.source.rawValue,
      label: plan.budget.source.label)
    settings = plan.settings
    estimates = plan.estimates.map { e in
      Estimate(
        method: e.method.rawValue, peakBytes: e.peak, peak: e.peak.description,
        peakPhase: e.peakPhase.rawValue,
        fits: e.impossible == nil && plan.budget.admits(e.peak), impossible: e.impossible, terms: e.terms)
    }
    measuredPeakBytes = measuredPeak
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(requested, forKey: .requested)
    try c.encode(method, forKey: .method)
    try c.encode(reason, forKey: .reason)
    try c.encode(budget, forKey: .budget)
    try c.encode(settings, forKey: .settings)
    try c.encode(estimates, forKey: .estimates)
    try c.encode(measuredPeakBytes, forKey: .measuredPeakBytes)
  }

  /// The plan as lines: the budget, each method's peak and breakdown, the choice.
  static func text(_ plan: MemoryPlan, command: String) -> String {
    var lines = ["\(command) plan (--method \(plan.requested))"]
    lines.append("budget: \(plan.budget.bytes) (\(plan.budget.source.label))")
    for e in plan.estimates {
      let fits = e.impossible == nil && plan.budget.admits(e.peak)
      let verdict = e.impossible.map { "impossible: \($0)" } ?? (fits ? "fits" : "over budget")
      lines.append(
        "  \(e.method.rawValue.padding(8)) \(e.peak.description.padding(12)) \(verdict); at \(e.peakPhase.rawValue): \(e.breakdown)"
      )
    }
    lines.append(
      plan.chosen.map { "method: \($0.rawValue) (\(plan.reason))" }
        ?? "method: none: \(plan.refusal(command: command) ?? plan.reason)")
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
