// `spectra spectrum` and the planner: oversized requests refused before any allocation with the numbers and
// exit 65; --dry-run prints the plan; auto switches to the matrix-free path above the budget; the estimate
// is checked against the measured peak (VmHWM) of real dense runs.
import Foundation
import Testing

@Suite("spectrum: memory plan, refusal, dry run")
struct SpectrumPlanTests {
  static let relu = [
    "spectrum", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0.1", "--depth", "3",
  ]

  /// Runs under `/usr/bin/time -f %M` when available, returning the child's peak RSS in kB too.
  static func runMeasured(_ args: [String]) throws -> (ToolRunner.Result, Int?) {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
      return (try ToolRunner.run(args), nil)
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("time-\(UUID().uuidString)")
    p.arguments = ["-f", "%M", "-o", report.path, ToolRunner.executable.path] + args
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let kb = (try? String(contentsOf: report, encoding: .utf8)).flatMap {
      Int($0.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "")
    }
    return (
      ToolRunner.Result(
        status: p.terminationStatus, stdout: "", stderr: String(decoding: errData, as: UTF8.self)), kb
    )
  }

  @Test(
    "oversized requests are refused with the estimate, the budget and advice, exit 65, before allocating",
    arguments: [
      ["--width", "20000", "--outputs", "100", "--samples", "100000", "--memory-budget", "8G"],
      ["--width", "100", "--outputs", "10", "--samples", "50000", "--memory-budget", "1G"],
    ])
  func refused(size: [String]) throws {
    let (r, peakKB) = try Self.runMeasured(Self.relu + size)
    #expect(r.status == 65)
    #expect(r.stderr.contains("spectrum: the dense dual"))
    #expect(r.stderr.contains("the budget is"))
    #expect(r.stderr.contains("matrix-free path"))
    #expect(r.stderr.range(of: #"\d+(\.\d+)? (MB|GB|TB|PB)"#, options: .regularExpression) != nil)
    #expect(!r.stderr.contains("Fatal error"))
    if let peakKB { #expect(peakKB < 200_000) }  // nothing large was allocated
  }

  /// The issue's own example: a 100 000 × 100 000 weight matrix is beyond what the BLAS wrappers can index
  /// (level-1 BLAS takes 32-bit element counts), so validation refuses it before the planner runs.
  @Test("a layer beyond BLAS's 32-bit element count is refused at validation (exit 64), naming the size")
  func beyondBLAS() throws {
    let (r, peakKB) = try Self.runMeasured(
      Self.relu + ["--width", "100000", "--outputs", "100", "--samples", "100000"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("M_1·M_0 = 100000·100000 = 10000000000 exceeds 2147483647"))
    #expect(!r.stderr.contains("Fatal error"))
    if let peakKB { #expect(peakKB < 200_000) }
  }

  @Test("--dry-run prints every method's estimate and the choice, and computes nothing")
  func dryRun() throws {
    let r = try ToolRunner.run(
      Self.relu + ["--width", "800", "--outputs", "10", "--samples", "100", "--dry-run"])
    #expect(r.status == 0)
    for method in ["dense", "lanczos", "slq", "density", "moments"] {
      #expect(r.stdout.contains("  \(method) "))
    }
    #expect(r.stdout.contains("method: dense"))
    #expect(!r.stdout.contains("λ_max"))
  }

  @Test("auto picks dense below the budget and lanczos above (dry run, JSON)")
  func autoAcrossTheBudget() throws {
    let size = ["--width", "200", "--outputs", "10", "--samples", "300", "--dry-run", "--json"]
    func plan(_ budget: String) throws -> [String: Any] {
      let r = try ToolRunner.run(Self.relu + size + ["--memory-budget", budget])
      #expect(r.status == 0, "\(r.stderr)")
      return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }
    #expect(try plan("10G")["method"] as? String == "dense")
    let above = try plan("150M")
    #expect(above["method"] as? String == "lanczos")
    let estimates = above["estimates"] as! [[String: Any]]
    #expect(estimates.map { $0["method"] as! String } == ["dense", "lanczos", "slq", "density", "moments"])
    #expect(estimates[0]["fits"] as? Bool == false)
    #expect((estimates[0]["terms"] as! [[String: Any]]).contains { $0["name"] as? String == "dual" })
  }

  @Test("a matrix-free run agrees with the dense one on m, s and λ_max, and writes top-k and SLQ files")
  func matrixFreeRun() throws {
    let size = ["--width", "60", "--outputs", "3", "--samples", "40", "--no-theory", "--json"]
    let dense = try ToolRunner.run(Self.relu + size)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(UUID().uuidString)")
    let mf = try ToolRunner.run(
      Self.relu + size + ["--method", "slq", "--probes", "4", "--lanczos-steps", "20", "--out", dir.path])
    #expect(dense.status == 0 && mf.status == 0, "\(mf.stderr)")
    let d = try JSONSerialization.jsonObject(with: Data(dense.stdout.utf8)) as! [String: Any]
    let m = try JSONSerialization.jsonObject(with: Data(mf.stdout.utf8)) as! [String: Any]
    #expect(m["method"] as? String == "slq")
    for key in ["m", "s", "lambda_max", "top_c_mean"] {
      let a = d[key] as! Double
      let b = m[key] as! Double
      #expect(abs(a - b) <= 1e-8 * abs(a), "\(key): \(a) vs \(b)")
    }
    let eig = try String(contentsOf: dir.appendingPathComponent("eigenvalues.csv"), encoding: .utf8)
    #expect(eig.hasPrefix("index,eigenvalue,residual\n"))
    let density = try String(contentsOf: dir.appendingPathComponent("density.csv"), encoding: .utf8)
    #expect(density.contains("wasserstein_bound="))
    #expect(density.contains("lower,upper,centre,density,density_lower,density_upper"))
    let run =
      try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("run.json")))
      as! [String: Any]
    #expect((run["plan"] as? [String: Any])?["method"] as? String == "slq")
  }

  @Test(
    "the default block of 1 finds the dense top-k of distinct outliers with fewer products than 4; 0 is refused"
  )
  func blockSize() throws {
    let size = [
      "--width", "60", "--outputs", "3", "--samples", "40", "--no-theory", "--json", "--method", "lanczos",
      "--tolerance", "1e-10", "--top-k", "3",
    ]
    let dense = try ToolRunner.run(Self.relu + Array(size.prefix(8)))
    let single = try ToolRunner.run(Self.relu + size)
    let blocked = try ToolRunner.run(Self.relu + size + ["--block-size", "4"])
    #expect(dense.status == 0 && single.status == 0 && blocked.status == 0, "\(single.stderr)")
    let d = try JSONSerialization.jsonObject(with: Data(dense.stdout.utf8)) as! [String: Any]
    let one = try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as! [String: Any]
    let four = try JSONSerialization.jsonObject(with: Data(blocked.stdout.utf8)) as! [String: Any]
    let exact = (d["eigenvalues"] as! [Double]).sorted(by: >).prefix(3)
    for (a, b) in zip(exact, (one["eigenvalues"] as! [Double]).sorted(by: >)) {
      #expect(abs(a - b) <= 1e-8 * exact.first!)
    }
    #expect((one["matrix_vector_products"] as! Int) < (four["matrix_vector_products"] as! Int))
    let refused = try ToolRunner.run(Self.relu + size + ["--block-size", "0"])
    #expect(refused.status == 64 && refused.stderr.contains("--block-size"))
  }

  @Test("the read-out block repeats every eigenvalue C times; its default block finds all the copies")
  func readOutBlockCopies() throws {
    let size = [
      "--width", "30", "--outputs", "3", "--samples", "20", "--no-theory", "--json", "--metric",
      "fisher", "--block", "3",
    ]
    let dense = try ToolRunner.run(Self.relu + size)
    let lanczos = try ToolRunner.run(
      Self.relu + size + ["--method", "lanczos", "--top-k", "6", "--tolerance", "1e-10"])
    #expect(dense.status == 0 && lanczos.status == 0, "\(lanczos.stderr)")
    let d = try JSONSerialization.jsonObject(with: Data(dense.stdout.utf8)) as! [String: Any]
    let l = try JSONSerialization.jsonObject(with: Data(lanczos.stdout.utf8)) as! [String: Any]
    let exact = Array((d["eigenvalues"] as! [Double]).sorted(by: >).prefix(6))
    let found = (l["eigenvalues"] as! [Double]).sorted(by: >)
    #expect(abs(exact[0] - exact[2]) <= 1e-10 * exact[0], "the structure repeats the top eigenvalue 3 times")
    #expect(found.count == 6)
    for (a, b) in zip(exact, found) { #expect(abs(a - b) <= 1e-8 * exact[0], "\(exact) vs \(found)") }
  }

  @Test(
    "the dense estimate is within 30 % above the measured peak (VmHWM) and not below it",
    arguments: [
      ["--width", "150", "--outputs", "10", "--samples", "300"],
      ["--width", "150", "--outputs", "10", "--samples", "200"],
    ])
  func estimateAgainstMeasuredPeak(size: [String]) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peak-\(UUID().uuidString)")
    let r = try ToolRunner.run(Self.relu + size + ["--no-theory", "--out", dir.path])
    #expect(r.status == 0, "\(r.stderr)")
    let run =
      try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("run.json")))
      as! [String: Any]
    let plan = run["plan"] as! [String: Any]
    let measured = plan["measured_peak_bytes"] as! Double
    let estimate = (plan["estimates"] as! [[String: Any]])[0]["peak_bytes"] as! Double
    #expect(estimate >= 0.97 * measured, "estimate \(estimate) below measured \(measured)")
    #expect(estimate <= 1.3 * measured, "estimate \(estimate) more than 30 % above measured \(measured)")
  }
}
