// `spectra-mpi sweep`: a sweep's points handed to the ranks through the existing shards, then one merge.
import ArgumentParser
import Foundation
import MPIBinding
import Spectra

/// Runs `spectra sweep run … --out DIR --shard r+1/R` on rank r (the shard machinery's stable point keys,
/// atomic point files and resume make the ranks' writes disjoint and a rerun resume), then, after every
/// rank has finished, `spectra sweep merge DIR` on rank 0. A shard that fails (non-zero exit) aborts the
/// job after the others have finished their points, naming the failed ranks; the points already written
/// stay (a rerun resumes them).
struct SweepMPICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a sweep with its points handed to the MPI ranks (shard r+1 of R each), then merge.",
    discussion: """
      Every argument after the options goes to `spectra sweep run` (e.g. --file sweep.json --widths \
      100,200). The spectra binary is --spectra, else $SPECTRA, else `spectra` on PATH.
      """)

  @Option(help: ArgumentHelp("The sweep's output directory (shared by all ranks).", valueName: "dir"))
  var out: String
  @Option(help: ArgumentHelp("The single-process spectra binary.", valueName: "path"))
  var spectra: String?
  @Argument(parsing: .captureForPassthrough, help: "Arguments of `spectra sweep run`.")
  var arguments: [String] = []

  func validate() throws {
    if arguments.contains(where: { $0 == "--shard" || $0.hasPrefix("--shard=") || $0 == "--out" }) {
      throw ValidationError("spectra-mpi sweep sets --out and --shard itself; do not pass them")
    }
  }

  func run() throws {
    MPIRun.collective("sweep") { comm in
      let binary = spectra ?? ProcessInfo.processInfo.environment["SPECTRA"] ?? "spectra"
      let shard = ["sweep", "run"] + arguments + ["--out", out, "--shard", "\(comm.rank + 1)/\(comm.size)"]
      let status = try Self.execute(binary, shard)
      let failures = comm.sumAll((0..<comm.size).map { $0 == comm.rank && status != 0 ? 1.0 : 0.0 })
      let failed = failures.indices.filter { failures[$0] != 0 }
      guard failed.isEmpty else {
        throw ConfigurationError(
          field: "sweep",
          "the shards of ranks \(failed.map(String.init).joined(separator: ", ")) failed; the points written stay in \(out) (rerun to resume)"
        )
      }
      if comm.rank == 0 {
        let merged = try Self.execute(binary, ["sweep", "merge", out])
        if merged != 0 { throw ConfigurationError(field: "sweep", "spectra sweep merge \(out) exited \(merged)") }
      }
    }
  }

  /// Runs `binary arguments` with this process's standard streams; returns its exit status.
  static func execute(_ binary: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    if binary.contains("/") {
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [binary] + arguments
    }
    try process.run()
    process.waitUntilExit()
    return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
  }
}
