// Runs the built binary and kills it with SIGKILL after seeded delays, or interrupts it once it has started.
import Foundation
import Spectra

/// Starts `spectra` processes and kills or interrupts them, for the crash-safety tests.
enum KillHarness {
  /// A SplitMix64 stream of delays, so every run of the test kills at the same moments.
  struct Delays {
    var state: UInt64

    /// The next delay, uniform in `range` seconds.
    mutating func next(in range: ClosedRange<Double>) -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      let u = Double(z >> 11) / Double(1 << 53)
      return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }
  }

  /// Starts `args` until `kills` runs have been SIGKILLed (at most 3 × `kills` starts), each after a seeded
  /// delay in `delays` seconds unless it finished first, then runs it once to completion.
  ///
  /// - Returns: how many runs were actually killed, and the final run.
  static func killRepeatedly(
    _ args: [String], kills: Int, seed: UInt64, delays: ClosedRange<Double>
  ) throws -> (killed: Int, final: ToolRunner.Result) {
    var stream = Delays(state: seed)
    var killed = 0
    // A run that finishes before its delay is not a kill; try again (up to 3× as many starts) so that a
    // machine faster than the measured reference still sees `kills` kills.
    var attempts = 0
    while killed < kills && attempts < 3 * kills {
      attempts += 1
      let p = Process()
      p.executableURL = ToolRunner.executable
      p.arguments = args
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      Thread.sleep(forTimeInterval: stream.next(in: delays))
      if p.isRunning {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        if p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL { killed += 1 }
      } else {
        p.waitUntilExit()
      }
    }
    return (killed, try ToolRunner.run(args))
  }

  /// Starts `args`, waits until its stderr contains `marker`, sends `signal`, and returns the exit status
  /// and the whole stderr.
  static func interrupt(_ args: [String], after marker: String, with signal: Int32) throws -> (
    status: Int32, reason: Process.TerminationReason, stderr: String
  ) {
    let p = Process()
    p.executableURL = ToolRunner.executable
    p.arguments = args
    let err = Pipe()
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    try p.run()
    var text = Data()
    while !String(decoding: text, as: UTF8.self).contains(marker) {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      text += chunk
    }
    kill(p.processIdentifier, signal)
    text += err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, p.terminationReason, String(decoding: text, as: UTF8.self))
  }

  /// Every `.tmp-*` file below `directory`.
  static func temporaryFiles(in directory: URL) -> [String] {
    let walker = FileManager.default.enumerator(atPath: directory.path)
    var out: [String] = []
    while let path = walker?.nextObject() as? String {
      if (path as NSString).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix) { out.append(path) }
    }
    return out
  }

  /// A CSV file's lines without the columns whose names end in `seconds` (timings differ between runs).
  static func withoutTimings(_ url: URL) throws -> [String] {
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) else {
      return lines
    }
    let timing = Set(header.indices.filter { header[$0].hasSuffix("seconds") })
    return lines.map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).enumerated()
        .filter { !timing.contains($0.offset) }.map { String($0.element) }.joined(separator: ",")
    }
  }

  /// The CSV files below `directory` (relative paths, sorted), each without its timing columns.
  static func tables(in directory: URL) throws -> [String: [String]] {
    let walker = FileManager.default.enumerator(atPath: directory.path)
    var out: [String: [String]] = [:]
    while let path = walker?.nextObject() as? String {
      if path.hasSuffix(".csv") { out[path] = try withoutTimings(directory.appendingPathComponent(path)) }
    }
    return out
  }
}
