// The benchmark suites `spectra-bench` knows, by name; other suites register here as they are written.

/// A named benchmark suite that prints its own report.
struct BenchSuite: Sendable {
  /// The subcommand that runs the suite (e.g. `blas`).
  let name: String
  /// One line for `--help`.
  let summary: String
  /// Runs the suite and prints its report to standard output.
  let run: @Sendable (BenchOptions) throws -> Void
}

/// Every suite, in the order `spectra-bench all` runs them. Add new suites here.
let benchSuites: [BenchSuite] = [
  BenchSuite(name: BLASSuite.name, summary: BLASSuite.summary, run: BLASSuite.run),
  BenchSuite(name: MatrixFreeSuite.name, summary: MatrixFreeSuite.summary, run: MatrixFreeSuite.run),
]
