import Foundation
import Testing

/// Runs the built `spectra` binary (built beside the test bundle by `swift test`) and captures its output.
enum ToolRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `spectra` executable next to the test bundle.
  static var executable: URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    // On Linux the bundle is an executable `*.xctest` in the build directory; on macOS a bundle directory.
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("spectra")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: "spectra")
  }

  /// Runs `spectra args…` in `directory` and waits for it.
  static func run(_ args: [String], in directory: URL? = nil) throws -> Result {
    let p = Process()
    p.executableURL = executable
    p.arguments = args
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes concurrently so a large output cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return Result(
      status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

@Suite("The spectra binary")
struct BinaryTests {
  @Test("the binary is found and prints its version")
  func version() throws {
    let r = try ToolRunner.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
  }

  @Test("an unknown subcommand fails with a non-zero exit and a message")
  func unknownSubcommand() throws {
    let r = try ToolRunner.run(["no-such-command"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("no-such-command"))
  }
}
