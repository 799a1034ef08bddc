// The `matrix-free` suite: block-product throughput against the machine's dgemm rate, and the time and peak
// memory of top-10 + exact m, s on the matrix-free Fisher dual at large C·N.
import FIM
import Foundation
import Spectra

/// Matrix-free Fisher dual of a ReLU network (σ_w² = 2, σ_b² = 0.1): one block product's GFLOP/s as a
/// fraction of dgemm's, then forward pass, top-k by block Lanczos and the exact moments, with VmHWM.
enum MatrixFreeSuite {
  static let name = "matrix-free"
  static let summary = "matrix-free dual: block product vs dgemm rate, top-10 + exact m, s time and peak RSS"

  /// One configuration: d → [M]·(L − 1) → C on N samples, blocks of b columns, the k largest.
  struct Size {
    var inputWidth = 784
    var width = 1024
    var depth = 3
    var outputs = 10
    var samples = 10_000
    var blockSize = 10
    var top = 10
    var moments = true
    /// A network directory to load (the peers' `--make-network` output) instead of sampling one.
    var network: String? = nil
    /// The hidden activation of a loaded network.
    var activation = "relu"
    /// `fisher` (linear output) or `fisher-softmax`.
    var metric = "fisher"
    /// The relative residual tolerance of the top-k.
    var tolerance = 1e-8
    /// The product route; nil: the operator's automatic choice.
    var route: ProductRoute? = nil
  }

  /// The registry entry: N = 2000 (C·N = 2·10⁴), or N = 300 with `--quick`.
  static func run(_ options: BenchOptions) throws {
    var size = Size()
    size.samples = options.quick ? 300 : 2000
    try measure(size)
  }

  /// `spectra-bench matrix-free [--samples N] [--width M] [--input-width d] [--depth L] [--outputs C]
  /// [--block b] [--top k] [--moments yes|no] [--threads t] [--network DIR --activation NAME]
  /// [--metric fisher|fisher-softmax] [--tolerance t] [--route auto|sweeps|stored-signals]`; defaults are the C·N = 10⁵ target. With `--network`
  /// the weights and inputs of a network directory (e.g. `peers_lanczos.py --make-network`) are used, so the
  /// top-k can be set beside the peers' on the same operator.
  static func run(arguments: [String]) throws {
    var size = Size()
    var i = 0
    while i < arguments.count {
      guard arguments[i].hasPrefix("--"), i + 1 < arguments.count else {
        throw ConfigurationError(field: arguments[i], "expected --option value pairs, got '\(arguments[i])'")
      }
      let (key, value) = (String(arguments[i].dropFirst(2)), arguments[i + 1])
      let number = Int(value)
      switch key {
      case "samples": size.samples = number ?? size.samples
      case "width": size.width = number ?? size.width
      case "input-width": size.inputWidth = number ?? size.inputWidth
      case "depth": size.depth = number ?? size.depth
      case "outputs": size.outputs = number ?? size.outputs
      case "block": size.blockSize = number ?? size.blockSize
      case "top": size.top = number ?? size.top
      case "moments": size.moments = value == "yes"
      case "threads": BLASThreads.set(number ?? 1)
      case "network": size.network = value
      case "activation": size.activation = value
      case "metric": size.metric = value
      case "route":
        guard value == "auto" || ProductRoute(rawValue: value) != nil else {
          throw ConfigurationError(field: key, "expected auto, sweeps or stored-signals, got '\(value)'")
        }
        size.route = ProductRoute(rawValue: value)
      case "tolerance":
        guard let t = Double(value), t > 0 else {
          throw ConfigurationError(field: key, "expected a positive number, got '\(value)'")
        }
        size.tolerance = t
      default: throw ConfigurationError(field: key, "unknown option --\(key)")
      }
      i += 2
    }
    try measure(size)
  }

  static func measure(_ size: Size) throws {
    let rate = dgemmRate()
    print("== spectra-bench matrix-free ==")
    print(
      String(
        format: "threads %d (%@); dgemm n = 2000: %.1f GFLOP/s (best of 3); load average %@",
        BLASThreads.count,
        BLASThreads.coreName as NSString, rate / 1e9, (Stopwatch.loadAverage ?? "n/a") as NSString))
    let request = try MetricRequest(name: size.metric)
    guard request.kind == .fisher, request.layer == nil, !request.meanSubtracted, request.outputIndex == nil
    else {
      throw ConfigurationError(field: "metric", "expected fisher or fisher-softmax, got \(size.metric)")
    }
    let (net, x): (Network, Matrix)
    if let directory = size.network {
      (net, x) = try NetworkDirectory.load(
        from: URL(fileURLWithPath: directory), activation: try Activation(named: size.activation))
      print("network directory \(directory), activation \(size.activation), metric \(size.metric)")
    } else {
      let widths = [size.inputWidth] + Array(repeating: size.width, count: size.depth - 1) + [size.outputs]
      let arch = try NetworkArchitecture(widths: widths, activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
      net = Network.sample(arch, seed: 0)
      x = try GaussianInputs.sample(samples: size.samples, width: size.inputWidth, seed: 1)
    }
    let arch = net.architecture
    let widths = arch.widths
    let n = x.rows
    let cn = arch.outputs * n
    print("widths \(widths), N = \(n), C·N = \(cn), P = \(arch.parameterCount), block b = \(size.blockSize)")
    resetPeakMemory()
    let grams = MetricOperator.prefersGrams(architecture: arch, samples: n)
    var forward: ForwardPass?
    let forwardSeconds = try Stopwatch.seconds {
      forward = try ForwardPass(network: net, inputs: x, keepActivations: true, keepGrams: grams)
    }
    var built: MetricOperator?
    let setupSeconds = try Stopwatch.seconds {
      built = try MetricOperator(request: request, forward: forward!, route: size.route)
    }
    let op = built!
    print(String(format: "operator: route %@, set up in %.2f s", op.route.rawValue, setupSeconds))
    let block = RandomStream(seed: 3).gaussianMatrix(rows: cn, columns: size.blockSize)
    let applySeconds = try Stopwatch.seconds { _ = try op.apply(block) }
    let flops = op.productFlops(columns: size.blockSize)
    print(
      String(
        format:
          "forward pass %.2f s (Grams kept: %@); one block product %.2f s, %.1f GFLOP = %.1f GFLOP/s = %.0f %% of dgemm",
        forwardSeconds, grams ? "yes" : "no", applySeconds, flops / 1e9, flops / applySeconds / 1e9,
        100 * flops / applySeconds / rate))
    var pairs: TopEigenpairs?
    let topSeconds = try Stopwatch.seconds {
      pairs = try BlockLanczos(blockSize: size.blockSize, tolerance: size.tolerance).largest(size.top, of: op)
    }
    let top = pairs!
    print(
      String(
        format:
          "top-%d: %.1f s, %d block products, %d restarts, %d/%d converged, λ_max = %.6g, top-C mean = %.6g",
        size.top, topSeconds, top.blockProducts, top.restarts, top.converged.filter { $0 }.count, size.top,
        top.eigenvalues[0], SpectralStatistics.topMean(min(arch.outputs, size.top), of: top.eigenvalues)))
    print(
      "top-\(size.top) eigenvalues: \(top.eigenvalues.map { String(format: "%.15g", $0) }.joined(separator: " "))"
    )
    var momentSeconds = 0.0
    if size.moments {
      var moments: ExactMoments?
      momentSeconds = Stopwatch.seconds { moments = op.exactMoments() }
      print(
        String(
          format:
            "exact m, s: %.1f s (%.1f GFLOP/s on the (C·N)²·Σ M_l of the lower triangle), m = %.6g, s = %.6g",
          momentSeconds,
          Double(cn) * Double(cn) * Double(widths.dropFirst().dropLast().reduce(0, +)) / momentSeconds / 1e9,
          moments!.mean, moments!.secondMoment))
    }
    let cached = MetricOperator.cachedBytes(architecture: arch, samples: n, activations: true, grams: grams)
    let working = MetricOperator.workingBytes(
      architecture: arch, samples: n, blockSize: size.blockSize, request: request)
    let factors = size.moments ? 8 * cn * widths.dropFirst().dropLast().reduce(0, +) : 0
    print(
      String(
        format:
          "peak RSS %.0f MB; predicted: forward cache %.0f MB + one product %.0f MB + moment factors %.0f MB",
        peakMemory() / 1e6, Double(cached) / 1e6, Double(working) / 1e6, Double(factors) / 1e6))
    let scale = 10_000 / Double(n)
    if n < 10_000 {
      print(
        String(
          format:
            "extrapolated to N = 10⁴ (C·N = 10⁵): top-%d ≈ %.0f s (products ∝ N), exact m, s ≈ %.0f s (∝ N²)",
          size.top, topSeconds * scale, momentSeconds * scale * scale))
    }
    print("load average now: \(Stopwatch.loadAverage ?? "n/a")")
  }

  /// dgemm flops per second at n = 2000, best of 3.
  static func dgemmRate() -> Double {
    let a = RandomStream(seed: 1).gaussianMatrix(rows: 2000, columns: 2000)
    var c = Matrix(rows: 2000, columns: 2000)
    let best = (0..<3).map { _ in Stopwatch.seconds { Matrix.multiplyAdd(a, a, into: &c) } }.min()!
    return 2 * 8e9 / best
  }

  static func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  }

  /// VmHWM of /proc/self/status, in bytes.
  static func peakMemory() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return .nan }
    return (line.split(separator: " ").compactMap { Double($0) }.first ?? .nan) * 1024
  }
}
