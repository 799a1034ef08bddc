// A figure of the `reproduce` job: its name, what it reproduces, and how to regenerate its data.
import Foundation

/// One figure's data generator. Each writes into `notebooks-data/<name>/`, beside its `plot.py`.
struct Figure: Sendable {
  /// Directory name under the output root (e.g. `fim-density`).
  let name: String
  /// What it reproduces (paper, figure, setting).
  let summary: String
  /// Regenerates the data (`full`: the paper's sizes).
  let generate: @Sendable (FigureContext) throws -> Void
}

/// What a figure generator needs: its directory, the size preset and progress reporting.
struct FigureContext: Sendable {
  /// The figure's own directory.
  let directory: URL
  /// Whether to run at the paper's sizes.
  let full: Bool
  /// The seed offset (all figure seeds are derived from it).
  let seed: UInt64

  func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

  func log(_ line: String) { ProgressReporter.log("  \(directory.lastPathComponent): \(line)") }
}
