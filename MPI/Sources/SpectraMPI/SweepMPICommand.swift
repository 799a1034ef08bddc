// `spectra-mpi sweep`: a sweep's points handed to the ranks through the existing shards, then one merge.
import ArgumentParser
import Foundation
import MPIBinding
import Spectra

/// Hands the points of a sweep to the ranks through the shard machinery (stable point keys, atomic point
/// files, resume), then merges:
///
/// ```
/// rank 0:      spectra sweep run … --out DIR --shard 1/R
/// rank r ≥ 1:  spectra sweep run … --out DIR/shards/R<R>-<r+1> --shard r+1/R     (a directory each: a
///              sweep directory is locked by the run writing it)
/// then, when every rank has finished, rank 0:  spectra sweep merge DIR DIR/shards/R<R>-2 … DIR/shards/R<R>-R
/// ```
/// A rerun with the same R resumes every shard where it stopped and merges again (duplicates are
/// skipped); with another R, rank 0 skips the points DIR already holds and the others recompute theirs.
/// A shard that fails (non-zero exit) aborts the job after the others have finished, naming the failed
/// ranks; the points already written stay.
struct SweepMPICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract:
      "Run a sweep with its points handed to the MPI ranks (shard r+1 of R each), then merge into --out.",
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
      let directories = (0..<comm.size).map { r in
        r == 0 ? out : URL(fileURLWithPath: out).appendingPathComponent("shards/R\(comm.size)-\(r + 1)").path
      }
      let shard =
        ["sweep", "run"] + arguments + [
          "--out", directories[comm.rank], "--shard", "\(comm.rank + 1)/\(comm.size)",
        ]
      if comm.rank == 0 {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      }
      comm.barrier()
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
        let merged = try Self.execute(binary, ["sweep", "merge"] + directories)
        if merged != 0 {
          throw ConfigurationError(field: "sweep", "spectra sweep merge \(out) exited \(merged)")
        }
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
