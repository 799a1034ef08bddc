// The exit statuses of `spectra`, one policy for every subcommand (README "Exit status").
import Spectra

/// The exit statuses of `spectra`:
///
/// ```
/// 0    success (also --help, --version)
/// 64   usage: an unknown option, a missing or malformed value, or a value refused by validate()
///      (EX_USAGE, ArgumentParser's ValidationError)
/// 65   bad input found while running: a ConfigurationError from the library, e.g. a network directory,
///      data file or sweep directory that does not fit the request (EX_DATAERR)
/// 1    any other failure: I/O, a numerical failure
/// ```
enum ExitStatus {
  /// Usage and validation errors (EX_USAGE), as ArgumentParser exits for a `ValidationError`.
  static let usage: Int32 = 64
  /// A ``FIM/ConfigurationError`` raised while running (EX_DATAERR).
  static let badInput: Int32 = 65

  /// The policy in one paragraph, for the root command's help.
  static let summary =
    "Exit status: 0 success; \(usage) usage (bad option or value); \(badInput) bad input found while "
    + "running (a network directory, data file or sweep that does not fit); 1 any other failure."
}

/// A value refused by `run()` before any work starts (an unwritable `--out`): printed as `Error: …` and
/// exits ``ExitStatus/usage``, without the usage text ArgumentParser would print for the root command.
struct RefusedValue: Error, CustomStringConvertible {
  /// What was refused and why.
  let description: String

  /// A refusal with its message.
  init(_ description: String) { self.description = description }
}
