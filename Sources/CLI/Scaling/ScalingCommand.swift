// `spectra scaling`: power-law fits of a sweep table, printed beside the theory's exponents.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// Reads a sweep's `results.csv`, fits each statistic against M (or N, L), and writes the fit table.
struct ScalingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scaling",
    abstract: "Fit power laws of m, s, λ_max and the top-C mean against M (or N, L) from a sweep table.",
    discussion: """
      Prints, per group of rows (same metric, activation, variances, L, C, N, …), the fitted exponent with \
      its standard error and seed-bootstrap interval beside the theory's exponent and prefactor (the same \
      fit applied to the predictions: −1, 0, +1 for the regression FIM against M), and the decay rate of \
      the relative error. With --out, writes fits.csv, finite-size.csv and run.json.
      """)

  @Argument(help: "A sweep results.csv, or a sweep directory holding one.")
  var table: String
  @Option(help: "The column to fit against: M, N or L.")
  var against: String = "M"
  @Option(help: "Output directory for fits.csv, finite-size.csv and run.json.")
  var out: String?
  @Option(help: "Confidence level of the bootstrap intervals.")
  var level: Double = 0.9
  @Option(help: "Bootstrap replicates.")
  var replicates: Int = 2000
  @Option(help: "Seed of the bootstrap resampling.")
  var seed: UInt64 = 0

  func validate() throws {
    guard ["M", "N", "L"].contains(against) else {
      throw ValidationError("--against must be M, N or L, got \(against)")
    }
    guard level > 0, level < 1 else { throw ValidationError("--level must lie in (0, 1), got \(level)") }
    guard replicates >= 1 else { throw ValidationError("--replicates must be positive, got \(replicates)") }
  }

  func run() throws {
    if let out { try OutputDirectory.claim(out) }
    let started = Date()
    var url = URL(fileURLWithPath: table)
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
      url = url.appendingPathComponent("results.csv")
    }
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw ConfigurationError(field: "table", "cannot read \(url.path): \(error.localizedDescription)")
    }
    let csv: CSVTable
    do { csv = try CSVTable(parsing: text) } catch {
      throw ConfigurationError(field: "table", "\(url.path): \(error.message)")
    }
    let analysis = try ScalingAnalysis(
      table: csv, against: against, level: level, replicates: replicates, seed: seed)
    print(report(analysis))
    if let out {
      let dir = URL(fileURLWithPath: out)
      try AtomicFile.write(
        analysis.fitTable(against: against).csv, to: dir.appendingPathComponent("fits.csv"))
      try AtomicFile.write(
        analysis.finiteSizeTable(against: against).csv, to: dir.appendingPathComponent("finite-size.csv"))
      let record = RunRecord(
        command: "scaling",
        configuration: ScalingConfiguration(
          table: url.path, against: against, level: level, replicates: replicates, seed: seed),
        started: started, timings: ["total": Date().timeIntervalSince(started)])
      try record.write(to: dir)
    }
  }

  func report(_ a: ScalingAnalysis) -> String {
    var lines: [String] = []
    var lastGroup: [String: String]? = nil
    for f in a.fits {
      if f.group != lastGroup {
        let g = ScalingAnalysis.groupColumns.filter { $0 != against }.map { "\($0)=\(f.group[$0] ?? "")" }
        lines.append("")
        lines.append(g.joined(separator: " "))
        lines.append(
          "  statistic    exponent ± se      \(Int(level * 100)) % bootstrap     theory exp.  prefactor (theory)        |rel.err| ∝ \(against)^c"
        )
        lastGroup = f.group
      }
      let ci =
        f.bootstrap.map { String(format: "[%+.3f, %+.3f]", $0.exponent.lower, $0.exponent.upper) }
        ?? "(1 seed)"
      let th = f.theory.map { String(format: "%+.3f", $0.exponent) } ?? "—"
      let pre =
        String(format: "%.4g", f.fit.prefactor)
        + (f.theory.map { String(format: " (%.4g)", $0.prefactor) } ?? "")
      let decay =
        f.errorDecay.map { String(format: "c = %+.2f ± %.2f", $0.exponent, $0.exponentStandardError) } ?? "—"
      lines.append(
        "  " + f.statistic.padding(toLength: 11, withPad: " ", startingAt: 0)
          + String(format: "  %+.3f ± %.3f   ", f.fit.exponent, f.fit.exponentStandardError)
          + ci.padding(toLength: 20, withPad: " ", startingAt: 0)
          + th.padding(toLength: 13, withPad: " ", startingAt: 0)
          + pre.padding(toLength: 26, withPad: " ", startingAt: 0) + decay)
    }
    if a.fits.isEmpty { lines.append("no group has two or more distinct values of \(against) to fit") }
    return lines.joined(separator: "\n")
  }
}

/// What `run.json` records for a scaling analysis.
struct ScalingConfiguration: Encodable {
  let table: String
  let against: String
  let level: Double
  let replicates: Int
  let seed: UInt64
}
