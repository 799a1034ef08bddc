// The numpy peer: runs shared/bench/blas_peak.py --json and reads its dgemm rates and eigvalsh times.
import Foundation

/// numpy's figures from `blas_peak.py` on the same machine, in the same run.
struct NumpyPeer {
  /// Best dgemm rate (GFLOP/s) by n.
  var dgemmGFLOPS: [Int: Double] = [:]
  /// Minimum `numpy.linalg.eigvalsh` time (s) by n.
  var eigvalshSeconds: [Int: Double] = [:]
  /// numpy's version and BLAS, as the script reports them.
  var description = ""

  /// Runs `script` with `python` (`--repeats`, `--json`, and `--quick` when asked) and parses its JSON.
  /// The script's own report goes to standard error, so it stays visible without mixing into ours.
  static func run(python: String, script: String, repeats: Int, quick: Bool) throws(BenchUsageError)
    -> NumpyPeer
  {
    guard FileManager.default.fileExists(atPath: script) else {
      throw BenchUsageError(
        "numpy peer script not found at \(script) (pass --numpy-script PATH or --skip-numpy)")
    }
    let json = FileManager.default.temporaryDirectory.appendingPathComponent(
      "blas_peak-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: json) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [python, script, "--repeats", String(repeats), "--json", json.path] + (quick ? ["--quick"] : [])
    process.standardOutput = FileHandle.standardError
    do {
      try process.run()
    } catch {
      throw BenchUsageError("cannot start \(python) \(script): \(error)")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw BenchUsageError("\(python) \(script) exited with status \(process.terminationStatus)")
    }
    guard let data = try? Data(contentsOf: json),
      let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
      let results = root["results"] as? [[String: Any]]
    else { throw BenchUsageError("cannot read the JSON written by \(script)") }
    var peer = NumpyPeer()
    for row in results {
      guard let op = row["op"] as? String, let n = row["n"] as? Int else { continue }
      if op == "dgemm", let g = row["gflops_best"] as? Double { peer.dgemmGFLOPS[n] = g }
      if op == "eigvalsh (numpy, dsyevd)", let t = row["t_min"] as? Double { peer.eigvalshSeconds[n] = t }
    }
    let blas = (root["blas"] as? [String: Any]).flatMap { $0["openblas configuration"] ?? $0["name"] }
    peer.description = "numpy \(root["numpy"] ?? "?"): \(blas.map { "\($0)" } ?? "BLAS unknown")"
    return peer
  }
}
