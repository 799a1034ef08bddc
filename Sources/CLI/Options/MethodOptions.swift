// How to compute a spectrum and within what memory: --method, the matrix-free settings, --memory-budget,
// --dry-run; shared by spectrum and sweep.
import ArgumentParser
import FIM
import Spectra

/// `--method auto|dense|lanczos|slq|density|moments`, or auto.
enum MethodChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case auto, dense, lanczos, slq, density, moments

  /// The method, or nil for auto.
  var method: SpectrumMethod? { SpectrumMethod(rawValue: rawValue) }
}

/// The planner's options (``MemoryPlan``):
///
/// ```
/// --method auto           dense when its estimate fits the budget, else lanczos (top-k + exact m, s),
///                         or slq when a density is written (--out); refused when nothing fits;
///                         density (top-k + SLQ, no exact m, s) only when asked for
/// --top-k K               top eigenvalues of the matrix-free methods (default C′, the outliers)
/// --probes, --lanczos-steps   SLQ probes and steps per probe (20, 80)
/// --tolerance             relative residual tolerance of the top-k pairs (1e-8)
/// --memory-budget SIZE    8G, 512M, 1.5GiB or bytes (default: cgroup limit, else MemAvailable)
/// --dry-run               print the plan (each method's estimate with its breakdown), compute nothing
/// ```
struct MethodOptions: ParsableArguments {
  @Option(help: "auto picks dense when it fits the memory budget, else a matrix-free method.")
  var method: MethodChoice = .auto
  @Option(
    name: .customLong("top-k"), parsing: .unconditional,
    help: "Top eigenvalues computed by the matrix-free methods (default: C, the outliers).")
  var topK: Int?
  @Option(
    name: .customLong("block-size"), parsing: .unconditional,
    help: """
      Columns per block-Lanczos block of the top-k (default 1: fewest products when the top eigenvalues \
      are distinct, as a random network's are; max(C, 4) for the read-out block --block L, whose \
      eigenvalues repeat C times). Set it to at least the multiplicity of an exactly repeated eigenvalue \
      (e.g. a network with a zero read-out layer): one vector per block finds one copy.
      """)
  var blockSize: Int?
  @Option(parsing: .unconditional, help: "SLQ probe vectors (default 20).")
  var probes: Int?
  @Option(
    name: .customLong("lanczos-steps"), parsing: .unconditional,
    help: "Lanczos steps per SLQ probe (default 80).")
  var lanczosSteps: Int?
  @Option(
    parsing: .unconditional, help: "Relative residual tolerance of the top-k eigenpairs (default 1e-8).")
  var tolerance: Double?
  @Option(
    name: .customLong("memory-budget"),
    help: ArgumentHelp(
      "Memory the run may use: 8G, 512M, 1.5GiB or bytes (default: cgroup limit, else MemAvailable).",
      valueName: "size"))
  var memoryBudget: String?
  @Flag(name: .customLong("dry-run"), help: "Print the plan (each method's memory estimate) and exit.")
  var dryRun = false

  func validate() throws {
    for (name, value) in [
      ("--top-k", topK), ("--block-size", blockSize), ("--probes", probes), ("--lanczos-steps", lanczosSteps),
    ] {
      if let v = value, v <= 0 { throw ValidationError("\(name) must be positive, got \(v)") }
    }
    if let t = tolerance, !(t > 0 && t < 1) {
      throw ValidationError("--tolerance must be in (0, 1), got \(t)")
    }
    if let text = memoryBudget {
      do { _ = try MemoryBudget.parse(text) } catch { throw ValidationError(error.message) }
    }
  }

  /// The budget: --memory-budget, else what the machine reports.
  func budget() throws -> MemoryBudget { try MemoryBudget.resolve(option: memoryBudget) }

  /// The matrix-free settings for `request` on `architecture`; `network`, when it is loaded already, also
  /// decides whether its weights repeat the outliers (`MetricRequest.repeatsOutliers(in:)`).
  func settings(for request: MetricRequest, architecture: NetworkArchitecture, network: Network? = nil)
    -> MatrixFreeSettings
  {
    MatrixFreeSettings(
      blocks: request.outputIndex == nil ? architecture.outputs : 1, topK: topK, blockSize: blockSize,
      probes: probes, lanczosSteps: lanczosSteps, tolerance: tolerance,
      repeatedOutliers: network.map { request.repeatsOutliers(in: $0) }
        ?? request.repeatsOutliers(in: architecture))
  }

  /// The plan for `request` on `architecture` (of `network`, when it is loaded already) with `samples`
  /// inputs.
  func plan(
    architecture: NetworkArchitecture, samples: Int, request: MetricRequest, wantsDensity: Bool,
    overlaps: Bool, network: Network? = nil
  ) throws -> MemoryPlan {
    try request.validate(for: architecture)  // the estimates index layers by the request
    return MemoryPlan(
      architecture: architecture, samples: samples, request: request, method: method.method,
      budget: try budget(), settings: settings(for: request, architecture: architecture, network: network),
      wantsDensity: wantsDensity, overlaps: overlaps)
  }
}
