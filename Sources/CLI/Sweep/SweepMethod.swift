// How a sweep computes each point's spectrum: the dense dual (the default) or a matrix-free method.
import FIM
import Spectra

/// A sweep's method settings, part of its fixed settings (``SweepPlan/Fixed/method``), so a resumed
/// sweep with different settings is refused like any other change of fixed settings.
///
/// ```
/// nil (absent in sweep.json)   dense at every point (the only behaviour before methods; old sweeps)
/// auto                         per point × metric: dense when its estimate fits --memory-budget,
///                              else lanczos (top-k + exact m, s) (``MemoryPlan``, wantsDensity false)
/// lanczos | slq | density | moments   that method at every point (refused when a point does not fit)
/// ```
/// `--method dense` is stored as nil: its settings are ignored (dense has none), so a dense sweep's
/// sweep.json is the same as before methods existed. The budget is not stored: it describes the
/// machine, not the measurement, and every row records the method that ran.
struct SweepMethod: Codable, Equatable {
  /// `auto`, `lanczos`, `slq`, `density` or `moments` (never `dense`: that is nil).
  var method: String
  /// k, the top eigenvalues (nil: C′, the outliers).
  var topK: Int?
  /// SLQ probes (nil: 20).
  var probes: Int?
  /// Lanczos steps per SLQ probe (nil: 80).
  var lanczosSteps: Int?
  /// Relative residual tolerance of the top-k pairs (nil: 1e-8).
  var tolerance: Double?

  /// The settings for `choice` with the given overrides; nil for dense.
  static func make(
    _ choice: MethodChoice, topK: Int?, probes: Int?, lanczosSteps: Int?, tolerance: Double?
  ) -> SweepMethod? {
    choice == .dense
      ? nil
      : SweepMethod(
        method: choice.rawValue, topK: topK, probes: probes, lanczosSteps: lanczosSteps, tolerance: tolerance)
  }

  /// `lanczos (top-k 3, tolerance 1e-10)`, for messages; `dense` for nil.
  static func describe(_ m: SweepMethod?) -> String {
    guard let m else { return "dense" }
    let settings = [
      m.topK.map { "top-k \($0)" }, m.probes.map { "probes \($0)" },
      m.lanczosSteps.map { "lanczos-steps \($0)" }, m.tolerance.map { "tolerance \($0)" },
    ].compactMap { $0 }
    return settings.isEmpty ? m.method : "\(m.method) (\(settings.joined(separator: ", ")))"
  }

  /// The requested method, nil for auto.
  var requested: SpectrumMethod? { SpectrumMethod(rawValue: method) }

  /// Checks every value, naming the field.
  func validate() throws(ConfigurationError) {
    guard MethodChoice(rawValue: method) != nil else {
      throw ConfigurationError(
        field: "method",
        "must be one of \(MethodChoice.allCases.map(\.rawValue).joined(separator: ", ")), got \(method)")
    }
    for (name, value) in [("top-k", topK), ("probes", probes), ("lanczos-steps", lanczosSteps)] {
      if let v = value, v <= 0 { throw ConfigurationError(field: name, "must be positive, got \(v)") }
    }
    if let t = tolerance, !(t > 0 && t < 1) {
      throw ConfigurationError(field: "tolerance", "must be in (0, 1), got \(t)")
    }
  }

  /// The matrix-free settings for `request` on `architecture`.
  func settings(for request: MetricRequest, architecture: NetworkArchitecture) -> MatrixFreeSettings {
    MatrixFreeSettings(
      blocks: request.outputIndex == nil ? architecture.outputs : 1, topK: topK, probes: probes,
      lanczosSteps: lanczosSteps, tolerance: tolerance,
      repeatedOutliers: request.repeatsOutliers(in: architecture))
  }

  /// The plan of one point × metric: each method's estimate against `budget` and the choice.
  ///
  /// - Precondition: `request` is valid for `architecture`.
  func plan(
    architecture: NetworkArchitecture, samples: Int, request: MetricRequest, budget: MemoryBudget
  ) -> MemoryPlan {
    MemoryPlan(
      architecture: architecture, samples: samples, request: request, method: requested, budget: budget,
      settings: settings(for: request, architecture: architecture), wantsDensity: false,
      overlaps: false)
  }
}
