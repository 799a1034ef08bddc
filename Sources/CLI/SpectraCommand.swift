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

  /// Re-executes itself with a known OpenBLAS kernel when OpenBLAS fell back to its generic one
  /// (``BLASCoreSelection``), installs the SIGINT/SIGTERM handlers (``Interruption``), then parses, validates and runs a subcommand;
  /// a ``ConfigurationError`` found while running exits with ``ExitStatus/badInput``, an ``OutputError``
  /// prints its path and reason and exits 1, everything else as ArgumentParser does.
  static func main() {
    BLASCoreSelection.reexecuteIfGenericFallback()
    Interruption.install()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as ConfigurationError {
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      Foundation.exit(ExitStatus.badInput)
    } catch let error as RefusedValue {
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      Foundation.exit(ExitStatus.usage)
    } catch let error as NonFiniteOutputError {
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      Foundation.exit(1)
    } catch let error as OutputError {
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      Foundation.exit(1)
    } catch {
      exit(withError: error)
    }
  }
}
