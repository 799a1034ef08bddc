// The `spectra` command-line tool: a root command that only holds configuration and subcommands.
import ArgumentParser

/// The root of the `spectra` command-line tool.
@main
struct SpectraCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectra",
    abstract: "Spectra of random deep networks (FIM, NTK, input metric) against mean-field theory.",
    version: ToolVersion.string,
    subcommands: SubcommandRegistry.all
  )
}
