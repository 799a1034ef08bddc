// The `spectra` command-line tool: a root command that only holds configuration and subcommands.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// The root of the `spectra` command-line tool.
@main
struct SpectraCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectra",
    abstract: "Spectra of random deep networks (FIM, NTK, input metric) against mean-field theory.",
    discussion: ExitStatus.summary,
    version: ToolVersion.string,
    subcommands: SubcommandRegistry.all
  )

  /// Parses, validates and runs a subcommand; a ``ConfigurationError`` found while running exits with
  /// ``ExitStatus/badInput``, everything else as ArgumentParser does.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as ConfigurationError {
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      Foundation.exit(ExitStatus.badInput)
    } catch {
      exit(withError: error)
    }
  }
}
