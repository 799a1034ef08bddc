// `spectra reproduce`: the main job; regenerates the data of every figure into notebooks-data/<figure>/.
import ArgumentParser
import Foundation
import Spectra

/// Regenerates the data behind every figure of the two seed papers, at a size that finishes in minutes on
/// 2 cores (`--full` for the papers' sizes).
struct ReproduceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reproduce",
    abstract:
      "Regenerate the data of every figure into <out>/<figure>/ (reduced sizes; --full for the papers').",
    discussion: "Figures:\n"
      + FigureRegistry.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

  @Option(help: "The root directory of the figures' data.")
  var out: String = "notebooks-data"
  @Flag(help: "Run at the papers' sizes (hours on 2 cores).")
  var full = false
  @Option(help: "Only these figures (comma-separated names).")
  var only: String?
  @Option(help: "Seed offset of every figure.")
  var seed: UInt64 = 0
  @Flag(help: "List the figures and exit.")
  var list = false

  func selected() throws -> [Figure] {
    guard let only else { return FigureRegistry.all }
    let names = try parseList(only, "--only") { $0 }
    return try names.map { name in
      guard let f = FigureRegistry.all.first(where: { $0.name == name }) else {
        throw ValidationError(
          "unknown figure \"\(name)\"; expected one of: \(FigureRegistry.all.map(\.name).joined(separator: ", "))"
        )
      }
      return f
    }
  }

  func validate() throws { _ = try selected() }

  func run() throws {
    if list {
      for f in FigureRegistry.all { print("\(f.name)\t\(f.summary)") }
      return
    }
    let figures = try selected()
    try OutputDirectory.claim(out)
    let root = URL(fileURLWithPath: out)
    let start = Date()
    ProgressReporter.log(
      "reproduce: \(figures.count) figures → \(root.path) (\(full ? "full" : "reduced") sizes)")
    for (i, f) in figures.enumerated() {
      let t0 = Date()
      ProgressReporter.log("[\(i + 1)/\(figures.count)] \(f.name): \(f.summary)")
      let dir = root.appendingPathComponent(f.name)
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try f.generate(FigureContext(directory: dir, full: full, seed: seed))
      ProgressReporter.log(
        "[\(i + 1)/\(figures.count)] \(f.name) done in \(ProgressReporter.format(Date().timeIntervalSince(t0)))"
      )
    }
    ProgressReporter.log("reproduce: all done in \(ProgressReporter.format(Date().timeIntervalSince(start)))")
  }
}

/// Every figure of the `reproduce` job, in order.
enum FigureRegistry {
  static let all: [Figure] = [
    DensityFigures.fimDensity, ScalingFigures.statsVsWidth, ScalingFigures.sampleSize,
    DensityFigures.ntkSpectra,
    BulkFigures.convergence,
    DensityFigures.inputMetric, TrainingFigures.training, TrainingFigures.learningRateSweep,
    StripeFigures.stripe,
    StripeFigures.stripeParity,
  ]
}
