// The options that describe a network's activation and initialisation, shared by spectrum, train, lr-sweep
// and sweep.
import ArgumentParser
import FIM

/// `--activation`, `--sigma-w2`, `--sigma-b2`, `--parameterisation`: every value optional, so each command
/// supplies its own defaults (a preset, a sweep's defaults) or requires a value.
///
/// ```
/// W_l ~ N(0, σ_w²/M_{l−1}),  b_l ~ N(0, σ_b²)   (standard; ntk: W ~ N(0, 1), scaled by σ_w/√M_{l−1})
/// ```
/// Source: shared/science/karakida.md §1 and §5.
struct NetworkOptions: ParsableArguments {
  @Option(help: ArgumentHelp(Activation.help, valueName: "name"), transform: Activation.parse)
  var activation: Activation?
  @Option(
    name: .customLong("sigma-w2"), parsing: .unconditional,
    help: "Weight variance σ_w² (W ~ N(0, σ_w²/M_{l−1})), finite and ≥ 0.")
  var sigmaW2: Double?
  @Option(
    name: .customLong("sigma-b2"), parsing: .unconditional, help: "Bias variance σ_b², finite and ≥ 0.")
  var sigmaB2: Double?
  @Option(help: "Weight parameterisation.")
  var parameterisation: Parameterisation?

  func validate() throws {
    for (name, value) in [("--sigma-w2", sigmaW2), ("--sigma-b2", sigmaB2)] {
      if let v = value, !(v.isFinite && v >= 0) {
        throw ValidationError("\(name) must be finite and non-negative, got \(v)")
      }
    }
  }
}

/// `--input-width`, `--depth`, `--outputs`, `--samples`: the sizes of one network and its data, shared by
/// spectrum, train and lr-sweep (the hidden width M is `--width` or a `--widths` list, per command).
struct ShapeOptions: ParsableArguments {
  @Option(
    name: .customLong("input-width"), parsing: .unconditional, help: "Input width M_0 (default: the width M)."
  )
  var inputWidth: Int?
  @Option(parsing: .unconditional, help: "Depth L (number of weight layers).")
  var depth: Int?
  @Option(parsing: .unconditional, help: "Number of outputs C.")
  var outputs: Int?
  @Option(parsing: .unconditional, help: "Number of input samples N.")
  var samples: Int?

  func validate() throws {
    for (name, value) in [
      ("--input-width", inputWidth), ("--depth", depth), ("--outputs", outputs), ("--samples", samples),
    ] {
      if let v = value, v <= 0 { throw ValidationError("\(name) must be positive, got \(v)") }
    }
  }
}

/// `--seed`, `--data-seed`: the random streams of one run (defaults per command: spectrum 1 and 2, train and
/// lr-sweep the preset's).
struct SeedOptions: ParsableArguments {
  @Option(help: "Seed of the network's weights (spectrum default 1; train, lr-sweep: the preset's).")
  var seed: UInt64?
  @Option(
    name: .customLong("data-seed"),
    help: "Seed of the inputs and sampled labels (spectrum default 2; train, lr-sweep: the preset's).")
  var dataSeed: UInt64?
}

/// `--out DIR`: the directory a command writes its tables, JSON and `run.json` into.
struct OutputOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Output directory (created when missing).", valueName: "dir"))
  var out: String
}

extension Activation {
  /// Parses `--activation` by the name grammar (``Activation/init(named:)``), so a bad name or parameter
  /// reaches the user with the library's message (which lists every family) rather than a bare "invalid".
  static func parse(_ argument: String) throws -> Activation { try Activation(named: argument) }
}

extension Parameterisation: ExpressibleByArgument {}
extension MetricRequest.Base: ExpressibleByArgument {}
