// The `blas` suite: dgemm through our wrapper vs a bare cblas_dgemm vs numpy, and the symmetric
// eigen-solver vs a bare LAPACKE_dsyevd vs numpy's eigvalsh, so overhead and BLAS choice show as ratios.
import Foundation
import Spectra

/// dgemm rate and eigen-solve time: wrapper, raw call and numpy side by side.
enum BLASSuite {
  static let name = "blas"
  static let summary = "dgemm GFLOP/s and dsyevd time: our wrappers vs raw CBLAS/LAPACKE vs numpy"

  /// Targets from issue 3: wrapper overhead ≤ 3 %, eigen-solve within 1.1× numpy's eigvalsh.
  static let overheadTarget = 0.03
  static let numpyRatioTarget = 1.1

  static func run(_ options: BenchOptions) throws {
    let gemmSizes = options.quick ? [500, 1000] : [2000, 4000]
    let eigenSizes = options.quick ? [500, 1000] : [2000, 3000, 5000]
    let env = ProcessInfo.processInfo.environment
    print("== spectra-bench blas ==")
    print("OpenBLAS: \(BLASThreads.configuration)")
    print(
      "core \(BLASThreads.coreName), threads \(BLASThreads.count); environment: "
        + ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS"].map {
          "\($0)=\(env[$0] ?? "unset")"
        }.joined(separator: " "))
    print(
      "load average at start: \(Stopwatch.loadAverage ?? "n/a"); repeats \(options.repeats), minimum reported"
    )

    let gemm = try gemmSizes.map { n in try measureGemm(n: n, repeats: options.repeats) }
    let eigen = try eigenSizes.map { n in
      try measureEigen(n: n, repeats: n > 2000 ? max(3, options.repeats / 2 + 1) : options.repeats)
    }
    print("load average after our runs: \(Stopwatch.loadAverage ?? "n/a")")

    var numpy: NumpyPeer?
    if !options.skipNumpy {
      let script = options.resolvedNumpyScript()
      print("running numpy peer: \(options.python) \(script) (its own report goes to stderr) …")
      numpy = try NumpyPeer.run(
        python: options.python, script: script, repeats: options.repeats, quick: options.quick)
      print(numpy?.description ?? "")
    }

    print("")
    print("dgemm C = A·B (n × n, 2n³ flops), GFLOP/s, best of \(options.repeats)")
    print(row(["n", "multiplyAdd", "multiplied", "raw cblas", "numpy", "overhead", "vs numpy"]))
    for g in gemm {
      let np = numpy?.dgemmGFLOPS[g.n]
      let overhead = g.raw / g.multiplyAdd - 1  // rate ratio: positive when the wrapper is slower
      print(
        row([
          "\(g.n)", fmt(g.multiplyAdd), fmt(g.multiplied), fmt(g.raw), np.map(fmt) ?? "—",
          String(format: "%+.1f %%", 100 * overhead),
          np.map { String(format: "%.2f×", g.multiplyAdd / $0) } ?? "—",
        ]))
    }
    print("")
    print("symmetric eigenvalues (dsyevd, values only), seconds, best of runs")
    print(
      row([
        "n", "SymmetricEigen", "raw LAPACKE", "two-stage", "dsyevd_2stage", "numpy eigvalsh", "ours/raw",
        "ours/numpy", "2-stage/numpy",
      ]))
    for e in eigen {
      let np = numpy?.eigvalshSeconds[e.n]
      print(
        row([
          "\(e.n)", String(format: "%.3f", e.ours), String(format: "%.3f", e.raw),
          String(format: "%.3f", e.twoStage), String(format: "%.3f", e.lapackTwoStage),
          np.map { String(format: "%.3f", $0) } ?? "—",
          String(format: "%.3f", e.ours / e.raw), np.map { String(format: "%.3f", e.ours / $0) } ?? "—",
          np.map { String(format: "%.3f", e.twoStage / $0) } ?? "—",
        ]))
    }
    print("")
    let worstOverhead = gemm.map { $0.raw / $0.multiplyAdd - 1 }.max() ?? 0
    print(
      String(
        format: "target: wrapper overhead ≤ %.0f %% — worst %+.1f %% → %@", 100 * overheadTarget,
        100 * worstOverhead, worstOverhead <= overheadTarget ? "met" : "MISSED"))
    if let numpy {
      let ratios = eigen.compactMap { e in numpy.eigvalshSeconds[e.n].map { e.ours / $0 } }
      if let worst = ratios.max() {
        print(
          String(
            format: "target: eigen-solve ≤ %.1f× numpy eigvalsh — worst %.3f× → %@", numpyRatioTarget, worst,
            worst <= numpyRatioTarget ? "met" : "MISSED"))
      }
    }
    print("load average at end: \(Stopwatch.loadAverage ?? "n/a")")
  }

  struct Gemm {
    let n: Int
    let multiplyAdd: Double
    let multiplied: Double
    let raw: Double
  }

  /// Best rates of `Matrix.multiplyAdd` (in place), `Matrix.multiplied` (allocating) and a bare
  /// `cblas_dgemm`, interleaved per repetition so that machine drift hits all three alike.
  static func measureGemm(n: Int, repeats: Int) throws -> Gemm {
    let stream = RandomStream(seed: 2385).child(UInt64(n))
    let a = stream.gaussianMatrix(rows: n, columns: n)
    let b = stream.gaussianMatrix(rows: n, columns: n)
    var c = Matrix(rows: n, columns: n)
    var rawC = [Double](repeating: 0, count: n * n)
    let (ae, be) = (a.elements, b.elements)
    Matrix.multiplyAdd(a, b, into: &c)  // warm-up: threads started, pages touched
    RawBaselines.dgemm(ae, be, into: &rawC, n: n)
    var best = (inPlace: Double.infinity, allocating: Double.infinity, raw: Double.infinity)
    for _ in 0..<repeats {
      best.inPlace = min(best.inPlace, Stopwatch.seconds { Matrix.multiplyAdd(a, b, into: &c) })
      best.raw = min(best.raw, Stopwatch.seconds { RawBaselines.dgemm(ae, be, into: &rawC, n: n) })
      best.allocating = min(best.allocating, try Stopwatch.seconds { _ = try a.multiplied(by: b) })
    }
    precondition(c.elements == rawC, "wrapper and raw dgemm disagree")
    let flops = 2 * pow(Double(n), 3) / 1e9
    return Gemm(
      n: n, multiplyAdd: flops / best.inPlace, multiplied: flops / best.allocating, raw: flops / best.raw)
  }

  struct Eigen {
    let n: Int
    let ours: Double
    let raw: Double
    /// `SymmetricEigen.eigenvaluesTwoStage` (stage 2 pipelined over the BLAS threads), best time.
    let twoStage: Double
    /// LAPACK's own `dsyevd_2stage` (`SymmetricEigen.eigenvaluesLAPACKTwoStage`), best time.
    let lapackTwoStage: Double
  }

  /// Best times of `SymmetricEigen(s)` and a bare `LAPACKE_dsyevd` on a copy (both copy the input, as
  /// numpy's eigvalsh does), and of the values-only two-stage driver, interleaved per repetition.
  static func measureEigen(n: Int, repeats: Int) throws -> Eigen {
    let s = try GaussianOrthogonalEnsemble(dimension: n).sample(using: RandomStream(seed: 5).child(UInt64(n)))
    var best = (
      ours: Double.infinity, raw: Double.infinity, twoStage: Double.infinity, lapackTwoStage: Double.infinity
    )
    var ours: [Double] = []
    var raw: [Double] = []
    for _ in 0..<repeats {
      best.ours = min(best.ours, try Stopwatch.seconds { ours = try SymmetricEigen(s).eigenvalues })
      best.raw = min(
        best.raw,
        Stopwatch.seconds {
          var copy = s.elements
          raw = RawBaselines.dsyevd(&copy, n: n).eigenvalues
        })
      best.twoStage = min(
        best.twoStage, try Stopwatch.seconds { _ = try SymmetricEigen.eigenvaluesTwoStage(s) })
      best.lapackTwoStage = min(
        best.lapackTwoStage, try Stopwatch.seconds { _ = try SymmetricEigen.eigenvaluesLAPACKTwoStage(s) })
    }
    precondition(ours == raw, "wrapper and raw dsyevd disagree")
    return Eigen(
      n: n, ours: best.ours, raw: best.raw, twoStage: best.twoStage, lapackTwoStage: best.lapackTwoStage)
  }

  private static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

  private static func row(_ cells: [String]) -> String {
    cells.enumerated().map { i, c in
      let width = i == 0 ? 6 : 15
      return String(repeating: " ", count: max(0, width - c.count)) + c
    }.joined(separator: " ")
  }
}
