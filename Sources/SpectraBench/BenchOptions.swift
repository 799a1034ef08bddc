// Command-line options of spectra-bench (a deliberately small parser: the bench has no dependencies).
import Foundation

/// What to run and how: `spectra-bench <suite|all> [--repeats N] [--quick] [--numpy-script PATH]
/// [--python EXE] [--skip-numpy]`.
struct BenchOptions: Sendable {
  /// The suites to run.
  var suites: [BenchSuite] = []
  /// Repetitions per measurement; the minimum time is reported.
  var repeats = 5
  /// Small sizes for a smoke test (n = 500/1000 instead of 2000/4000/5000; numpy gets `--quick` too).
  var quick = false
  /// The peer script (`blas_peak.py`); default `<repo root>/../shared/bench/blas_peak.py`.
  var numpyScript: String?
  /// The Python interpreter that runs the peer script.
  var python = "python3"
  /// Skip the numpy peer.
  var skipNumpy = false

  static let usage = """
    usage: spectra-bench <suite|all> [options]

    suites:
    \(benchSuites.map { "  \($0.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))
      all      every suite above

    options:
      --repeats N          repetitions per measurement, minimum reported (default 5)
      --quick              small sizes, a smoke test only
      --numpy-script PATH  the numpy peer (default <repo root>/../shared/bench/blas_peak.py)
      --python EXE         interpreter for the peer (default python3)
      --skip-numpy         do not run the numpy peer

    Build in release mode: swift run -c release spectra-bench blas
    """

  /// Parses `arguments` (without the program name).
  static func parse(_ arguments: [String]) throws(BenchUsageError) -> BenchOptions {
    var o = BenchOptions()
    var i = 0
    func value(_ flag: String) throws(BenchUsageError) -> String {
      i += 1
      guard i < arguments.count else { throw BenchUsageError("\(flag) needs a value") }
      return arguments[i]
    }
    while i < arguments.count {
      let a = arguments[i]
      switch a {
      case "-h", "--help": throw BenchUsageError(nil)
      case "--repeats":
        let v = try value(a)
        guard let r = Int(v), r >= 1 else {
          throw BenchUsageError("--repeats must be a positive integer, got \(v)")
        }
        o.repeats = r
      case "--quick": o.quick = true
      case "--numpy-script": o.numpyScript = try value(a)
      case "--python": o.python = try value(a)
      case "--skip-numpy": o.skipNumpy = true
      case "all": o.suites = benchSuites
      default:
        guard let s = benchSuites.first(where: { $0.name == a }) else {
          throw BenchUsageError(
            "unknown suite or option \"\(a)\"; suites: \(benchSuites.map(\.name).joined(separator: ", ")), all"
          )
        }
        o.suites.append(s)
      }
      i += 1
    }
    guard !o.suites.isEmpty else { throw BenchUsageError("name a suite to run") }
    return o
  }

  /// The peer script's path: the explicit one, or `../shared/bench/blas_peak.py` from the repository
  /// root (the nearest directory at or above the working directory that holds `Package.swift`).
  func resolvedNumpyScript() -> String {
    if let numpyScript { return numpyScript }
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while dir.path != "/" {
      if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { break }
      dir.deleteLastPathComponent()
    }
    return dir.deletingLastPathComponent().appendingPathComponent("shared/bench/blas_peak.py").path
  }
}

/// A command-line mistake (or a request for help when the message is nil).
struct BenchUsageError: Error, Sendable {
  let message: String?
  init(_ message: String?) { self.message = message }
}
