// The list of subcommands of `spectra`, one line each.
import ArgumentParser

/// Every subcommand of the tool, in the order `--help` lists them.
///
/// Naming rule: every command is a top-level `struct <Name>Command: ParsableCommand` in a file of the same
/// name (`SpectrumCommand`, `SweepRunCommand` for `sweep run`); the root is `SpectraCommand`.
enum SubcommandRegistry {
  static let all: [any ParsableCommand.Type] = [
    // Add one line per subcommand.
    SpectrumCommand.self,
    TheoryCommand.self,
    SweepCommand.self,
    ScalingCommand.self,
    ReproduceCommand.self,
    TrainCommand.self,
    LearningRateSweepCommand.self,
    StripeCommand.self,
    EnvironmentCommand.self,
  ]
}
