// Provenance of every output directory: the `run.json` that lets any number be regenerated.
import Foundation
import Spectra

/// The provenance written as `run.json` beside every output: the full configuration, the seeds, the
/// tool version, the git commit of the tool's source when it can be found, BLAS threads and timings; for a
/// study with a results summary (the stripe studies) also the summary and the study's provenance notes.
///
/// ```
/// { command, arguments, configuration, environment, started, timings,
///   summary?, plan?, memory?, source?, recall_dependencies?, deviations? }
/// ```
struct RunRecord<Configuration: Encodable>: Encodable {
  /// The subcommand that produced the output (e.g. `spectrum`).
  let command: String
  /// The complete command line.
  let arguments: [String]
  /// The complete configuration of the run.
  let configuration: Configuration
  /// Tool and library versions, machine and thread count.
  let environment: RunEnvironment
  /// When the run started (ISO 8601, UTC).
  let started: String
  /// Wall-clock seconds per phase, plus `total`.
  var timings: [String: Double]
  /// The study's results summary, when the command has one.
  let summary: (any Encodable)?
  /// What the results rest on beyond the configuration: the science source, its unverified items and the
  /// deviations from the reference code.
  let notes: StudyNotes?
  /// The memory plan with the measured peak (VmHWM), for commands that plan (absent otherwise).
  var plan: PlanJSON? = nil
  /// The peak-memory estimate, budget and measured peak of commands without a spectrum plan (`train`,
  /// `lr-sweep`: ``TrainingMemoryJSON``), absent otherwise.
  var memory: (any Encodable)? = nil

  /// A record for `command` with the current environment.
  init(
    command: String, configuration: Configuration, started: Date, timings: [String: Double] = [:],
    arguments: [String] = CommandLine.arguments, summary: (any Encodable)? = nil, notes: StudyNotes? = nil
  ) {
    self.command = command
    self.arguments = arguments
    self.configuration = configuration
    environment = RunEnvironment.current
    self.started = ISO8601DateFormatter().string(from: started)
    self.timings = timings
    self.summary = summary
    self.notes = notes
  }

  /// Writes the record as pretty JSON to `directory/run.json` (atomically).
  func write(to directory: URL) throws {
    try AtomicFile.write(
      JSONOutput.encode(self, nonFinite: .null), to: directory.appendingPathComponent("run.json"))
  }

  private enum CodingKeys: String, CodingKey {
    case command, arguments, configuration, environment, started, timings, summary, plan, memory, source
    case recallDependencies, deviations
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(command, forKey: .command)
    try c.encode(arguments, forKey: .arguments)
    try c.encode(configuration, forKey: .configuration)
    try c.encode(environment, forKey: .environment)
    try c.encode(started, forKey: .started)
    try c.encode(timings, forKey: .timings)
    if let summary { try summary.encode(to: c.superEncoder(forKey: .summary)) }
    try c.encodeIfPresent(plan, forKey: .plan)
    if let memory { try memory.encode(to: c.superEncoder(forKey: .memory)) }
    if let notes {
      try c.encode(notes.source, forKey: .source)
      try c.encode(notes.recallDependencies, forKey: .recallDependencies)
      try c.encode(notes.deviations, forKey: .deviations)
    }
  }
}

/// The provenance notes of a study: its science source, the items that rest on unverified recollections of
/// the paper ([RECALL] in the source) and the documented deviations from the reference code.
struct StudyNotes: Sendable {
  /// The science brief the study implements (e.g. `shared/science/stripe.md`).
  let source: String
  /// Items that rest on unverified recollections of the paper.
  let recallDependencies: [String]
  /// Documented deviations from the reference code.
  let deviations: [String]
}

/// The tool's environment: versions, git commit, thread count and machine.
struct RunEnvironment: Encodable, Sendable {
  /// The tool's version.
  let toolVersion: String
  /// Git commit of the tool's source tree (with `-dirty` when it has uncommitted changes), when found.
  let gitCommit: String?
  /// OpenBLAS threads in use.
  let blasThreads: Int
  /// OpenBLAS configuration and selected kernel.
  let blas: String
  /// GSL version.
  let gsl: String
  /// Host name and processor count.
  let host: String
  /// Active processor count.
  let processors: Int

  static var current: RunEnvironment {
    RunEnvironment(
      toolVersion: ToolVersion.string, gitCommit: GitCommit.ofToolSource, blasThreads: BLASThreads.count,
      blas: "\(BLASThreads.configuration) (\(BLASThreads.coreName))", gsl: LibraryVersions.gsl,
      host: ProcessInfo.processInfo.hostName, processors: ProcessInfo.processInfo.activeProcessorCount)
  }
}

/// The git commit of the source tree the running binary was built in (the binary lives under
/// `<repo>/.build*/…`), or of the working directory's repository; `nil` when git is unavailable.
enum GitCommit {
  static let ofToolSource: String? = {
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    for dir in [exe.deletingLastPathComponent().path, FileManager.default.currentDirectoryPath] {
      if let head = run(["rev-parse", "HEAD"], in: dir) {
        let dirty =
          (run(["status", "--porcelain", "--untracked-files=no"], in: dir) ?? "").isEmpty ? "" : "-dirty"
        return head + dirty
      }
    }
    return nil
  }()

  private static func run(_ args: [String], in dir: String) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-C", dir] + args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
