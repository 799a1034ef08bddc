// Benchmark of the dual Gram assembly and eigen-solve against the peers of shared/bench/peers_ntk.py.
import FIM
import Foundation
import Spectra

/// One configuration of `peers_ntk.py`: d → [M]·L (ReLU) → C, T samples.
struct PeerConfiguration {
  let name: String
  let inputWidth: Int
  let width: Int
  let depth: Int
  let outputs: Int
  let samples: Int

  static let all = [
    PeerConfiguration(name: "medium", inputWidth: 784, width: 1024, depth: 3, outputs: 10, samples: 200),
    PeerConfiguration(name: "large", inputWidth: 784, width: 2048, depth: 4, outputs: 10, samples: 500),
  ]

  /// peers_ntk.py's depth L counts hidden layers (d → [M]·L → C), so the network has L + 1 weight layers.
  var widths: [Int] { [inputWidth] + Array(repeating: width, count: depth) + [outputs] }
}

/// Runs the metrics suite: `spectra-bench metrics [--configs medium,large] [--repeats 3] [--peers-python PY]
/// [--peers-dir DIR] [--methods np_factorized,nt_sd] [--threads 2]`.
///
/// For each configuration: samples a ReLU network (standard parameterisation, σ_w² = 2, σ_b² = 0.01 as the
/// peers' defaults), writes it as `.npy`, times the Swift forward pass + layer-wise Gram (min over repeats),
/// the eigen-solve (values only: `SymmetricEigen.allEigenvalues`), then the peers on the same files (Gram, then
/// numpy eigvalsh of it), compares the Grams and prints the Gram and end-to-end ratios.
func runMetricsSuite(arguments: [String]) throws {
  var options: [String: String] = [:]
  var i = 0
  while i < arguments.count {
    let key = arguments[i]
    guard key.hasPrefix("--"), i + 1 < arguments.count else {
      throw ConfigurationError(field: key, "expected --option value pairs, got '\(key)'")
    }
    options[String(key.dropFirst(2))] = arguments[i + 1]
    i += 2
  }
  let threads = Int(options["threads"] ?? "2") ?? 2
  BLASThreads.set(threads)
  setenv("OPENBLAS_NUM_THREADS", String(threads), 1)
  let repeats = Int(options["repeats"] ?? "3") ?? 3
  let names = (options["configs"] ?? "medium,large").split(separator: ",").map(String.init)
  let methods = (options["methods"] ?? "np_factorized,nt_sd").split(separator: ",").map(String.init)
  let peersDir = options["peers-dir"] ?? Self_.defaultPeersDirectory()
  let python = options["peers-python"] ?? Self_.defaultPython()
  let driver = options["driver"] ?? "scripts/bench/peers_from_npy.py"

  print(
    "metrics suite: threads \(BLASThreads.count) (\(BLASThreads.coreName)), python \(python), peers \(peersDir)"
  )
  let dgemmRate = Self_.dgemmRate()
  print(
    String(
      format: "dgemm n=2000: %.1f GFLOP/s (best of 3); load average %@", dgemmRate / 1e9,
      Self_.loadAverage() as NSString))

  for name in names {
    guard let cfg = PeerConfiguration.all.first(where: { $0.name == name }) else {
      throw ConfigurationError(field: "configs", "unknown configuration '\(name)'; expected medium or large")
    }
    let arch = try NetworkArchitecture(
      widths: cfg.widths, activation: .relu, sigmaW2: 2, sigmaB2: 0.01)
    let net = Network.sample(arch, seed: 0)
    let x = try GaussianInputs.sample(samples: cfg.samples, width: cfg.inputWidth, seed: 1)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spectra-bench-\(name)-\(getpid())")
    try NetworkDirectory.save(net, inputs: x, to: dir)
    defer { try? FileManager.default.removeItem(at: dir) }
    let cn = cfg.outputs * cfg.samples
    print("\n== \(name): widths \(cfg.widths), N = \(cfg.samples), C·N = \(cn), P = \(arch.parameterCount)")

    let dgemmRate = max(dgemmRate, Self_.dgemmRate())
    Self_.resetPeakMemory()
    var times: [Double] = []
    var gram = Matrix(rows: 0, columns: 0)
    func timeAssembly() throws {
      for _ in 0..<max(1, repeats) {
        gram = Matrix(rows: 0, columns: 0)
        let t0 = ContinuousClock.now
        let forward = try ForwardPass(network: net, inputs: x)
        gram = DualGram.parameterGram(forward)
        times.append(Self_.seconds(ContinuousClock.now - t0))
      }
    }
    try timeAssembly()
    let t1 = ContinuousClock.now
    let eig = try SymmetricEigen.allEigenvalues(gram)
    let eigSeconds = Self_.seconds(ContinuousClock.now - t1)
    let peak = Self_.peakMemory()
    let floorBytes = 8.0 * (Double(cn * cn) + Double(cn * cfg.width) + Double(arch.parameterCount))

    var peerLines: [String] = []
    var peerTimes: [String: Double] = [:]
    var peerEndToEnd: [String: Double] = [:]
    for method in methods {
      let out = dir.appendingPathComponent("G-\(method).npy")
      let args =
        [
          driver, "--dir", dir.path, "--method", method, "--peers", peersDir + "/peers_ntk.py", "--repeats",
          String(repeats), "--sw", String(2.0.squareRoot()), "--sb", "0.1", "--out", out.path,
          "--eig",
        ]
      guard let result = Self_.runPython(python, args) else {
        peerLines.append("  \(method): not available (the driver failed; see its stderr above)")
        continue
      }
      let peerBest = result["t_min"] as? Double ?? .nan
      peerTimes[method] = peerBest
      var line = String(
        format: "  %-13@ min %.3f s  med %.3f s (warm-up %.2f s)", method as NSString, peerBest,
        result["t_med"] as? Double ?? .nan, result["t_warm"] as? Double ?? .nan)
      if let e = result["eigvalsh"] as? Double {
        line += String(format: "; numpy eigvalsh %.3f s", e)
        peerEndToEnd[method] = peerBest + e
      }
      let peerGram = try NumpyArray(contentsOf: out)
      line += String(
        format: "; rel. Frobenius difference to swift %.1e",
        Self_.relativeDifference(gram, peerGram, outputs: cfg.outputs, samples: cfg.samples))
      peerLines.append(line)
      try? FileManager.default.removeItem(at: out)
    }
    // Time the assembly again after the peers, so a change of machine load affects both sides.
    try timeAssembly()
    let flops = Self_.assemblyFlops(arch, samples: cfg.samples)
    let best = times.min()!
    print(
      String(
        format:
          "  swift Gram   min %.3f s  med %.3f s (%d runs)  %.1f GFLOP/s = %.0f %% of the best dgemm rate %.1f GFLOP/s (%.1f GFLOP, syrk counted as half)",
        best, times.sorted()[times.count / 2], times.count, flops / best / 1e9,
        100 * flops / best / dgemmRate, dgemmRate / 1e9, flops / 1e9))
    print(
      String(
        format: "  swift eigen  %.3f s (%@, values only, n = %d), λ_max = %.6g", eigSeconds,
        SymmetricEigen.valuesRoute(order: cn) as NSString, cn, eig.last!))
    print(
      String(
        format:
          "  peak RSS %.0f MB (assembly + eigen); floor (C·N)² + C·N·max M + P doubles = %.0f MB (%.2f×)",
        peak / 1e6, floorBytes / 1e6, peak / floorBytes))
    for line in peerLines { print(line) }
    for (method, t) in peerTimes.sorted(by: { $0.key < $1.key }) {
      print(String(format: "  ratio %@ / swift Gram = %.2f×", method as NSString, t / best))
    }
    for (method, t) in peerEndToEnd.sorted(by: { $0.key < $1.key }) {
      print(
        String(
          format: "  end to end (Gram + eigenvalues): %@ + eigvalsh %.3f s / swift %.3f s = %.2f×",
          method as NSString, t, best + eigSeconds, t / (best + eigSeconds)))
    }
    print("  load average now: \(Self_.loadAverage())")
  }
}

/// Helpers of the suite (a namespace, so the suite adds only one top-level function).
private enum Self_ {
  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  static func defaultPeersDirectory() -> String {
    for p in ["../shared/bench", "/work/shared/bench"]
    where FileManager.default.fileExists(atPath: p + "/peers_ntk.py") {
      return p
    }
    return "../shared/bench"
  }

  static func defaultPython() -> String {
    for p in [".venv-peers/bin/python", "../shared/bench/.venv-peers/bin/python"]
    where FileManager.default.isExecutableFile(atPath: p) {
      return p
    }
    return "python3"
  }

  /// The machine's dgemm rate (flops per second) for n = 2000, best of 3, in this process.
  static func dgemmRate() -> Double {
    let n = 2000
    let a = RandomStream(seed: 1).gaussianMatrix(rows: n, columns: n)
    let b = RandomStream(seed: 2).gaussianMatrix(rows: n, columns: n)
    var c = Matrix(rows: n, columns: n)
    var best = Double.infinity
    for _ in 0..<3 {
      let t0 = ContinuousClock.now
      Matrix.multiplyAdd(a, b, into: &c)
      best = min(best, seconds(ContinuousClock.now - t0))
    }
    return 2 * Double(n * n * n) / best
  }

  /// Flops of the forward pass, activation Grams (syrk), backward gemms, signal Grams (syrk) and fused passes.
  static func assemblyFlops(_ arch: NetworkArchitecture, samples n: Int) -> Double {
    let w = arch.widths.map(Double.init)
    let depth = arch.depth
    let nn = Double(n)
    let cn = Double(arch.outputs) * nn
    var f = 0.0
    for l in 1...depth {
      f += 2 * nn * w[l] * w[l - 1]  // forward
      f += nn * nn * w[l - 1]  // H Hᵀ (syrk, half)
    }
    if depth >= 3 { for l in 1...(depth - 2) { f += 2 * cn * w[l + 1] * w[l] } }  // D_l = D_{l+1} W
    if depth >= 2 { for l in 1...(depth - 1) { f += cn * cn * w[l] + cn * cn } }  // syrk + fused pass
    return f
  }

  static func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(
      separator: " ") ?? "unknown"
  }

  static func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  }

  /// Peak resident set size (VmHWM) in bytes.
  static func peakMemory() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return .nan }
    let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
    return kb * 1024
  }

  static func runPython(_ python: String, _ args: [String]) -> [String: Any]? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [python] + args
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = String(BLASThreads.count)
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    p.environment = env
    let out = Pipe()
    p.standardOutput = out
    do { try p.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard p.terminationStatus == 0,
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }),
      let obj = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any]
    else { return nil }
    return obj
  }

  /// ‖K − Π G Πᵀ‖_F / ‖G‖_F, where the peer's index is t·C + c and ours is c·N + t.
  static func relativeDifference(_ k: Matrix, _ peer: NumpyArray, outputs c: Int, samples n: Int) -> Double {
    let size = c * n
    guard peer.shape == [size, size] else { return .nan }
    var diff = 0.0
    var norm = 0.0
    for r in 0..<size {
      let (t, cc) = (r / c, r % c)
      let kr = cc * n + t
      for col in 0..<size {
        let (s, d) = (col / c, col % c)
        let g = peer.elements[r * size + col]
        let e = k[kr, d * n + s] - g
        diff += e * e
        norm += g * g
      }
    }
    return (diff / norm).squareRoot()
  }
}
