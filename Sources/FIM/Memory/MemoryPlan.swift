// The planner: every method's estimate against the budget, the method chosen, or a refusal with the numbers.
import Spectra

/// What a spectrum run will do and why: each method's peak-memory estimate, the budget, the choice.
///
/// ```
/// auto:      dense when it fits the budget (and n = C′N ≤ 46 340, LAPACK's 32-bit limit), else the
///            matrix-free method that answers the question: slq when a density is wanted (--out), else
///            lanczos (top-k + exact m, s: every statistic the theory compares); refused when that does not
///            fit either
/// explicit:  that method, refused when it does not fit (density — top-k + SLQ without exact m, s — is
///            only ever explicit)
/// ```
/// A refusal happens before any large allocation: the plan needs only the architecture and N.
public struct MemoryPlan: Sendable, Codable, Equatable {
  /// What the user asked for: `auto` or a method.
  public let requested: String
  /// The method chosen (nil when refused).
  public let chosen: SpectrumMethod?
  /// Why this method (or why none).
  public let reason: String
  /// The budget the estimates were compared with.
  public let budget: MemoryBudget
  /// Every method's estimate, dense first.
  public let estimates: [MemoryEstimate]
  /// The matrix-free settings the estimates assume.
  public let settings: MatrixFreeSettings
  /// Whether a density was wanted (auto then falls back to slq rather than lanczos).
  public let wantsDensity: Bool

  /// Plans `request` on `architecture` with `samples` inputs.
  ///
  /// - Precondition: `request` is valid for `architecture` (``MetricRequest/validate(for:)``).
  ///
  /// - Parameters:
  ///   - request: the metric.
  ///   - architecture: the network's architecture.
  ///   - samples: the number of samples N.
  ///   - budget: the memory the run may use.
  ///   - settings: the matrix-free settings.
  ///   - method: a method, or nil for auto.
  ///   - wantsDensity: a density is wanted (`--out`), so auto's matrix-free choice is slq.
  ///   - overlaps: the dense path computes overlaps (dsyevr with vectors).
  public init(
    architecture: NetworkArchitecture, samples: Int, request: MetricRequest, method: SpectrumMethod?,
    budget: MemoryBudget, settings: MatrixFreeSettings, wantsDensity: Bool, overlaps: Bool = true
  ) {
    var estimates = [
      MemoryEstimate.dense(architecture: architecture, samples: samples, request: request, overlaps: overlaps)
    ]
    for m in SpectrumMethod.allCases where m.isMatrixFree {
      estimates.append(
        .matrixFree(m, architecture: architecture, samples: samples, request: request, settings: settings))
    }
    self.estimates = estimates
    self.budget = budget
    self.settings = settings
    self.wantsDensity = wantsDensity
    requested = method?.rawValue ?? "auto"
    func fits(_ m: SpectrumMethod) -> Bool {
      let e = estimates.first { $0.method == m }!
      return e.impossible == nil && budget.admits(e.peak)
    }
    let dense = estimates[0]
    if let method {
      chosen = fits(method) ? method : nil
      reason = chosen != nil ? "requested; it fits the budget" : "requested, but it does not fit"
    } else if fits(.dense) {
      chosen = .dense
      reason = "the dense dual fits the budget"
    } else {
      let fallback: SpectrumMethod = wantsDensity ? .slq : .lanczos
      let why = dense.impossible ?? "the dense dual needs \(dense.peak)"
      chosen = fits(fallback) ? fallback : nil
      reason =
        chosen != nil
        ? "\(why), over the budget; \(fallback.rawValue) computes \(fallback.answers)"
        : "\(why); \(fallback.rawValue) does not fit either"
    }
  }

  /// The estimate of `method`.
  public func estimate(_ method: SpectrumMethod) -> MemoryEstimate {
    estimates.first { $0.method == method }!
  }

  /// The one-paragraph refusal, for `command`: the estimate of what was needed with its breakdown, the
  /// matrix-free alternative, the budget and its source, and what to change; nil when a method was chosen.
  public func refusal(command: String) -> String? {
    guard chosen == nil else { return nil }
    let dense = estimate(.dense)
    let alternative = estimate(
      requested == "auto" || requested == "dense"
        ? (wantsDensity ? .slq : .lanczos)
        : SpectrumMethod(rawValue: requested)!)
    let denseText =
      dense.impossible.map { "the dense dual cannot be formed (\($0)); it would need \(dense.peak)" }
      ?? "the dense dual needs \(dense.peak) (\(dense.breakdown))"
    let mfText =
      "the matrix-free path (\(alternative.method.rawValue)) \(alternative.peak) (\(alternative.breakdown))"
    let budgetText = "the budget is \(budget.bytes) (\(budget.source.label))"
    var advice: [String] = []
    if budget.admits(alternative.peak), requested == "dense" {
      advice.append("use --method \(alternative.method.rawValue) (or auto)")
    }
    // The density without the exact moments often fits where slq's Gram panels do not.
    let density = estimate(.density)
    if alternative.method == .slq, density.impossible == nil, budget.admits(density.peak) {
      advice.append("use --method density (\(SpectrumMethod.density.answers); \(density.peak))")
    }
    if !budget.admits(alternative.sharedSetup + MemoryEstimate.runtimeBytes) {
      advice.append(
        "the network and inputs alone exceed it: lower --width/--depth/--input-width or --samples")
    } else {
      advice.append("lower --samples or --outputs")
    }
    advice.append("or raise --memory-budget if more memory is really available")
    let todo = advice.joined(separator: ", ")
    return "\(command): \(denseText) and \(mfText); \(budgetText). "
      + todo.prefix(1).uppercased() + todo.dropFirst() + "."
  }

  /// The chosen method, or a `ConfigurationError` (field `command`) carrying ``refusal(command:)``.
  public func method(command: String) throws(ConfigurationError) -> SpectrumMethod {
    if let chosen { return chosen }
    throw ConfigurationError(field: command, String(refusal(command: command)!.dropFirst(command.count + 2)))
  }
}
