// `train` and `lr-sweep` before any large allocation: the peak estimate against --memory-budget.
import FIM
import Foundation
import Spectra

/// Compares a ``TrainingMemoryEstimate`` with the budget (`--memory-budget`, else the cgroup limit, else
/// MemAvailable; ``MemoryBudget/resolve(option:optionName:root:)``) and refuses a run that cannot fit with
/// one message: what is needed (with the peak stage's terms), what is available, and what to change. A
/// refusal is a ``ConfigurationError`` (field `memory-budget`), so the exit status is 65 (``ExitStatus``).
enum TrainingMemoryCheck {
  /// The estimate if it fits `budget`, else the refusal.
  @discardableResult
  static func check(_ estimate: TrainingMemoryEstimate, budget: MemoryBudget) throws(ConfigurationError)
    -> TrainingMemoryJSON
  {
    let peak = estimate.peak
    if estimate.impossible != nil || !budget.admits(peak) {
      let why = estimate.impossible.map { "\($0); " } ?? ""
      throw ConfigurationError(
        field: "memory-budget",
        "\(estimate.command) needs about \(peak) at its peak (\(estimate.peakStage.rawValue): \(estimate.breakdown)); "
          + "\(why)the budget is \(budget.bytes) (\(budget.source.label)). Lower --samples or --outputs (the "
          + "C·N × C·N duals grow with (C·N)²) or --width/--depth (the network and activations), or raise "
          + "--memory-budget if more memory is really available.")
    }
    ProgressReporter.log(
      "\(estimate.command): peak memory about \(peak) (\(estimate.peakStage.rawValue)) of \(budget.bytes) (\(budget.source.label))"
    )
    return TrainingMemoryJSON(estimate: estimate, budget: budget, measuredPeak: nil)
  }
}

/// The `memory` object of a training run's run.json: the estimate, the budget and the measured peak.
///
/// ```
/// { peak, peak_stage, breakdown, budget: {bytes, source}, measured_peak, terms: [{name, bytes, formula, stages}] }
/// ```
struct TrainingMemoryJSON: Encodable {
  let estimate: TrainingMemoryEstimate
  let budget: MemoryBudget
  /// VmHWM at the end of the run (``ProcessMemory/peakResident``), nil before the run or off Linux.
  var measuredPeak: ByteCount?

  /// The same record with the measured peak now.
  func measured() -> TrainingMemoryJSON {
    var copy = self
    copy.measuredPeak = ProcessMemory.peakResident
    return copy
  }

  enum CodingKeys: String, CodingKey {
    case peak, peakStage, breakdown, budget, measuredPeak, terms
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(estimate.peak, forKey: .peak)
    try c.encode(estimate.peakStage, forKey: .peakStage)
    try c.encode(estimate.breakdown, forKey: .breakdown)
    try c.encode(budget, forKey: .budget)
    try c.encodeIfPresent(measuredPeak, forKey: .measuredPeak)
    try c.encode(estimate.terms, forKey: .terms)
  }
}
