// The list of subcommands of `spectra`, one line each.
import ArgumentParser

/// Every subcommand of the tool, in the order `--help` lists them.
enum SubcommandRegistry {
  static let all: [any ParsableCommand.Type] = [
    // Add one line per subcommand.
    SpectraCommand.Spectrum.self,
    TheoryCommand.self,
    SweepCommand.self,
    ScalingCommand.self,
    ReproduceCommand.self,
    SpectraCommand.Train.self,
    SpectraCommand.LearningRateSweepCommand.self,
    StripeCommand.self,
  ]
}
