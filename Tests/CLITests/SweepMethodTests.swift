import FIM
import Foundation
import Spectra
import Testing

@testable import CLI

/// `spectra sweep --method` (issue 13) and the bulk columns (issue 16), through the built binary.
@Suite("Sweep methods and bulk columns")
struct SweepMethodTests {
  static func temporary(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
  }

  /// results.csv as rows of named cells.
  static func rows(_ dir: URL) throws -> [[String: String]] {
    let table = try CSVTable(
      parsing: try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8))
    var out = [[String: String]](repeating: [:], count: table.rows.count)
    for c in table.columns {
      for (i, t) in table.texts(in: c)!.enumerated() { out[i][c] = t }
    }
    return out
  }

  static let grid = [
    "--activation", "tanh", "--sigma-w2", "2", "--sigma-b2", "0.1", "--widths", "30,50", "--depths", "3",
    "--samples", "25", "--outputs", "3", "--seeds", "0", "--metrics", "fisher,ntk",
  ]

  @Test("lanczos agrees with dense: λ_max to the residual tolerance, m and s up to rounding")
  func lanczosMatchesDense() throws {
    let dense = Self.temporary("sweep-dense")
    let lanczos = Self.temporary("sweep-lanczos")
    defer {
      try? FileManager.default.removeItem(at: dense)
      try? FileManager.default.removeItem(at: lanczos)
    }
    let a = try ToolRunner.run(["sweep"] + Self.grid + ["--out", dense.path])
    #expect(a.status == 0, "\(a.stderr)")
    let b = try ToolRunner.run(
      ["sweep"] + Self.grid + ["--method", "lanczos", "--tolerance", "1e-10", "--out", lanczos.path])
    #expect(b.status == 0, "\(b.stderr)")
    let d = try Self.rows(dense)
    let l = try Self.rows(lanczos)
    #expect(d.count == 4 && l.count == 4)
    for (x, y) in zip(d, l) {
      #expect(x["key"] == y["key"] && x["metric"] == y["metric"])
      #expect(x["method"] == "dense" && x["method_requested"] == "dense")
      #expect(y["method"] == "lanczos" && y["method_requested"] == "lanczos")
      #expect(y["top_k"] == "3" && y["top_converged"] == "3")
      #expect(y["lambda_min"] == "" && y["health_passed"] == "", "the dense-only cells are empty")
      #expect(y["bulk_ks"] == "" && y["bulk_note"]?.contains("no full spectrum") == true)
      let number = { (row: [String: String], c: String) in Double(row[c] ?? "") ?? .nan }
      // λ_max: a residual tolerance of 1e-10 bounds the eigenvalue error by ~1e-10·‖K‖ (and by its
      // square over the gap once converged); 1e-9 relative leaves room for the dense solver's rounding.
      let (dl, ll) = (number(x, "lambda_max"), number(y, "lambda_max"))
      #expect(abs(dl - ll) <= 1e-9 * dl, "λ_max \(dl) vs \(ll)")
      #expect(abs(number(x, "top_c_mean") - number(y, "top_c_mean")) <= 1e-9 * dl)
      // m and s: exact in both (trace and streamed ‖K‖_F² against sums of eigenvalues); only the
      // summation order differs, so a few hundred ulps at most.
      for c in ["m", "s"] {
        let (u, v) = (number(x, c), number(y, c))
        #expect(abs(u - v) <= 1e-12 * abs(u), "\(c): \(u) vs \(v)")
      }
      // The same predictions: the theory does not depend on the method.
      #expect(x["pred_m"] == y["pred_m"] && x["pred_lambda_max"] == y["pred_lambda_max"])
    }
  }

  @Test("auto runs dense where the point fits the budget and lanczos where it does not")
  func autoPerPoint() throws {
    let plan = SweepPlan(
      fixed: .init(
        activation: .relu, sigmaW2: 2, sigmaB2: 0.1, inputRatio: 1, inputWidth: nil, widthRatios: [],
        parameterisation: .standard, metrics: ["fisher"], method: SweepMethod(method: "auto")),
      widths: [20], depths: [3], samples: [20, 400], outputs: [5], seeds: [0])
    try plan.validate()
    let points = plan.points
    let request = try MetricRequest(name: "fisher")
    func estimate(_ p: SweepPlan.Point, _ m: SpectrumMethod) throws -> Int {
      let arch = try plan.architecture(at: p)
      let settings = MatrixFreeSettings(blocks: 5)
      return m == .dense
        ? MemoryEstimate.dense(architecture: arch, samples: p.samples, request: request, overlaps: false)
          .peak.bytes
        : MemoryEstimate.matrixFree(
          m, architecture: arch, samples: p.samples, request: request, settings: settings
        ).peak.bytes
    }
    let small = points[0]
    let large = points[1]
    #expect(small.samples == 20 && large.samples == 400)
    // A budget between the large point's matrix-free and dense estimates, above the small point's dense.
    let low = max(try estimate(large, .lanczos), try estimate(small, .dense))
    let high = try estimate(large, .dense)
    #expect(low < high, "the test needs a gap between the estimates")
    let budget = (low + high) / 2
    let dir = Self.temporary("sweep-auto")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try ToolRunner.run([
      "sweep", "--activation", "relu", "--widths", "20", "--depths", "3", "--samples", "20,400", "--outputs",
      "5",
      "--seeds", "0", "--method", "auto", "--memory-budget", "\(budget)", "--out", dir.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try Self.rows(dir)
    #expect(rows.map { $0["N"] } == ["20", "400"])
    #expect(rows.map { $0["method"] } == ["dense", "lanczos"])
    #expect(rows.allSatisfy { $0["method_requested"] == "auto" })
    #expect(rows[1]["memory_estimate"].flatMap { Int($0) }.map { $0 <= budget } == true)
    #expect(
      rows[0]["bulk_ks"] != "" || rows[0]["bulk_note"] != "", "dense rows compare the bulk or say why not")

    // The same sweep with a budget below every estimate is refused before any point runs.
    let tight = Self.temporary("sweep-tight")
    defer { try? FileManager.default.removeItem(at: tight) }
    let refused = try ToolRunner.run([
      "sweep", "--activation", "relu", "--widths", "20", "--depths", "3", "--samples", "400", "--outputs",
      "5",
      "--seeds", "0", "--method", "auto", "--memory-budget", "1M", "--out", tight.path,
    ])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("cannot run with --method auto") && refused.stderr.contains("budget"))
    #expect(
      !FileManager.default.fileExists(
        atPath: tight.appendingPathComponent("points/L3-C5-N400-M20-s0.json").path))
  }

  @Test("resuming with other method settings is refused; the same settings resume")
  func resumeChecksMethod() throws {
    let dir = Self.temporary("sweep-resume")
    defer { try? FileManager.default.removeItem(at: dir) }
    let base = [
      "sweep", "--activation", "relu", "--widths", "20", "--depths", "3", "--samples", "10", "--outputs", "2",
      "--seeds", "0", "--out", dir.path,
    ]
    let first = try ToolRunner.run(base + ["--method", "lanczos", "--top-k", "2"])
    #expect(first.status == 0, "\(first.stderr)")
    let plan = try String(contentsOf: dir.appendingPathComponent("sweep.json"), encoding: .utf8)
    #expect(plan.contains("\"method\"") && plan.contains("\"top_k\""))
    for changed in [
      ["--method", "lanczos", "--top-k", "3"], ["--method", "dense"], ["--method", "slq", "--top-k", "2"],
    ] {
      let r = try ToolRunner.run(base + changed)
      #expect(r.status == 65, "\(changed): \(r.stderr)")
      #expect(r.stderr.contains("method: lanczos (top-k 2) →"), "\(changed): \(r.stderr)")
    }
    let same = try ToolRunner.run(base + ["--method", "lanczos", "--top-k", "2"])
    #expect(same.status == 0, "\(same.stderr)")
    #expect(same.stderr.contains("1 already done"))
  }

  @Test("a dense sweep without --method stores no method: its sweep.json is the same as before methods")
  func denseDefaultPlan() throws {
    var plan = SweepRunCommand.defaults
    plan.widths = [10]
    let json = String(decoding: try JSONOutput.encode(plan), as: UTF8.self)
    #expect(!json.contains("method"))
    let old = Data(json.utf8)
    let decoded = try JSONOutput.decoder.decode(SweepPlan.self, from: old)
    #expect(decoded == plan && decoded.fixed.method == nil)
    #expect(SweepMethod.make(.dense, topK: 5, probes: nil, lanczosSteps: nil, tolerance: nil) == nil)
  }

  @Test("points written before the appended columns get empty cells; other column lists are refused")
  func legacyColumns() throws {
    let dir = Self.temporary("sweep-legacy")
    defer { try? FileManager.default.removeItem(at: dir) }
    var plan = SweepRunCommand.defaults
    plan.widths = [10]
    let store = try SweepStore.open(dir, plan: plan)
    try store.save(PointRecord(key: "a", columns: ["m", "s"], rows: [[.number(1), .number(2)]]))
    try store.save(
      PointRecord(key: "b", columns: ["m", "s", "method"], rows: [[.number(3), .number(4), .text("dense")]]))
    #expect(try store.rebuildTable() == 2)
    let csv = try String(contentsOf: store.tableURL, encoding: .utf8)
    #expect(csv == "key,m,s,method\na,1,2,\nb,3,4,dense\n")
    try store.save(PointRecord(key: "c", columns: ["s", "m"], rows: [[.number(1), .number(2)]]))
    #expect(throws: ConfigurationError.self) { try store.rebuildTable() }
  }
}
