// A sweep: fixed settings plus axes (widths, depths, samples, outputs, seeds), split into stable points.
import FIM
import Spectra

/// A grid of network configurations to measure: fixed settings, and the axes that vary.
///
/// Every point has a stable key (`L3-C10-N100-M800-s2`), independent of the order of the axes' values
/// and of the shard count, so finished points are recognised when a sweep is resumed or its shards
/// are merged.
struct SweepPlan: Codable, Equatable {
  /// Settings shared by every point.
  struct Fixed: Codable, Equatable {
    /// Hidden activation.
    var activation: Activation
    /// Weight variance σ_w².
    var sigmaW2: Double
    /// Bias variance σ_b².
    var sigmaB2: Double
    /// Input width ratio α_0 = M_0/M (the input width scales with M), unless `inputWidth` is set.
    var inputRatio: Double
    /// A fixed input width M_0 (overrides `inputRatio`).
    var inputWidth: Int?
    /// Hidden width ratios α_1…α_{L−1} (empty: all 1); only usable with a single depth.
    var widthRatios: [Double]
    /// Weight parameterisation.
    var parameterisation: Parameterisation
    /// The metrics measured at each point (`fisher`, `fisher-softmax`, `ntk`, `input-metric`, …).
    var metrics: [String]
    /// How each point's spectrum is computed (``SweepMethod``); nil: dense, as before methods existed
    /// (then absent from sweep.json, so old sweeps resume unchanged).
    var method: SweepMethod? = nil

    /// The settings that differ from `stored`, as `name: stored → new`, for the refusal of a resume.
    func differences(from stored: Fixed) -> [String] {
      func pair<T: Equatable>(_ name: String, _ a: T, _ b: T) -> String? {
        a == b ? nil : "\(name): \(a) → \(b)"
      }
      return [
        pair("activation", stored.activation.rawValue, activation.rawValue),
        pair("sigma-w2", stored.sigmaW2, sigmaW2), pair("sigma-b2", stored.sigmaB2, sigmaB2),
        pair("input-ratio", stored.inputRatio, inputRatio),
        pair(
          "input-width", stored.inputWidth.map(String.init) ?? "none", inputWidth.map(String.init) ?? "none"),
        pair("width-ratios", stored.widthRatios, widthRatios),
        pair("parameterisation", stored.parameterisation.rawValue, parameterisation.rawValue),
        pair("metrics", stored.metrics, metrics),
        pair("method", SweepMethod.describe(stored.method), SweepMethod.describe(method)),
      ].compactMap { $0 }
    }
  }

  /// The fixed settings.
  var fixed: Fixed
  /// Widths M.
  var widths: [Int]
  /// Depths L.
  var depths: [Int]
  /// Sample sizes N.
  var samples: [Int]
  /// Output counts C.
  var outputs: [Int]
  /// Seeds (each point's weight seed; the data seed is derived from it).
  var seeds: [UInt64]

  /// One point of the grid.
  struct Point: Equatable, Hashable {
    /// Width M.
    var width: Int
    /// Depth L.
    var depth: Int
    /// Samples N.
    var samples: Int
    /// Outputs C.
    var outputs: Int
    /// Weight seed.
    var seed: UInt64

    /// The stable key, e.g. `L3-C10-N100-M800-s2`.
    var key: String { "L\(depth)-C\(outputs)-N\(samples)-M\(width)-s\(seed)" }
  }

  /// All points, ordered by key fields (depth, outputs, samples, width, seed): small widths first, so
  /// an interrupted sweep has whole curves at small sizes.
  var points: [Point] {
    var out: [Point] = []
    for l in depths.sorted() {
      for c in outputs.sorted() {
        for n in samples.sorted() {
          for m in widths.sorted() {
            for s in seeds.sorted() { out.append(Point(width: m, depth: l, samples: n, outputs: c, seed: s)) }
          }
        }
      }
    }
    return out
  }

  /// The points of shard `k` of `n` (1-based): points whose index in ``points`` is ≡ k−1 (mod n).
  /// Round-robin keeps the shards balanced, since cost grows with width.
  func points(shard k: Int, of n: Int) -> [Point] {
    points.enumerated().filter { $0.offset % n == k - 1 }.map(\.element)
  }

  /// Checks every value, naming the field and value of the first problem.
  func validate() throws(ConfigurationError) {
    func positive(_ name: String, _ values: [Int]) throws(ConfigurationError) {
      guard !values.isEmpty else { throw ConfigurationError(field: name, "needs at least one value") }
      if let bad = values.first(where: { $0 <= 0 }) {
        throw ConfigurationError(field: name, "must be positive, got \(bad)")
      }
      if Set(values).count != values.count { throw ConfigurationError(field: name, "has repeated values") }
    }
    try positive("widths", widths)
    try positive("depths", depths)
    try positive("samples", samples)
    try positive("outputs", outputs)
    guard !seeds.isEmpty else { throw ConfigurationError(field: "seeds", "needs at least one value") }
    guard Set(seeds).count == seeds.count else {
      throw ConfigurationError(field: "seeds", "has repeated values")
    }
    guard fixed.sigmaW2.isFinite, fixed.sigmaW2 > 0 else {
      throw ConfigurationError(field: "sigma-w2", "must be finite and positive, got \(fixed.sigmaW2)")
    }
    guard fixed.sigmaB2.isFinite, fixed.sigmaB2 >= 0 else {
      throw ConfigurationError(field: "sigma-b2", "must be finite and non-negative, got \(fixed.sigmaB2)")
    }
    guard fixed.inputRatio.isFinite, fixed.inputRatio > 0 else {
      throw ConfigurationError(field: "input-ratio", "must be finite and positive, got \(fixed.inputRatio)")
    }
    if let m0 = fixed.inputWidth, m0 <= 0 {
      throw ConfigurationError(field: "input-width", "must be positive, got \(m0)")
    }
    if !fixed.widthRatios.isEmpty {
      guard depths.count == 1, fixed.widthRatios.count == depths[0] - 1 else {
        throw ConfigurationError(
          field: "width-ratios",
          "needs exactly L−1 ratios for a single depth L; got \(fixed.widthRatios.count) ratios for depths \(depths)"
        )
      }
    }
    guard !fixed.metrics.isEmpty else {
      throw ConfigurationError(field: "metrics", "needs at least one metric")
    }
    if let deep = depths.first(where: { $0 > CountLimits.depth }) {
      throw ConfigurationError(field: "depths", "must be at most \(CountLimits.depth), got \(deep)")
    }
    try fixed.method?.validate()
    try checkPointCount()
    let requests = try fixed.metrics.map { name throws(ConfigurationError) in try MetricRequest(name: name) }
    // Every metric must fit every depth, and the extreme widths every architecture, before any file exists.
    for l in depths {
      for m in Set([widths.min()!, widths.max()!]) {
        for c in Set([outputs.min()!, outputs.max()!]) {
          let arch = try architecture(at: Point(width: m, depth: l, samples: 1, outputs: c, seed: 0))
          for (name, request) in zip(fixed.metrics, requests) {
            do { try request.validate(for: arch) } catch {
              throw ConfigurationError(field: "metrics", "\(name) does not fit depth \(l): \(error.message)")
            }
          }
        }
      }
    }
  }

  /// Refuses a plan of more than ``CountLimits/sweepPoints`` points, computed without overflow.
  private func checkPointCount() throws(ConfigurationError) {
    let axes = [widths.count, depths.count, samples.count, outputs.count, seeds.count]
    var count = 1
    for n in axes {
      let (p, overflow) = count.multipliedReportingOverflow(by: n)
      count = overflow ? Int.max : p
    }
    guard count <= CountLimits.sweepPoints else {
      let product = axes.map(String.init).joined(separator: " × ")
      throw ConfigurationError(
        field: "sweep",
        "the plan has \(product) = \(count) points (widths × depths × samples × outputs × seeds); at most \(CountLimits.sweepPoints) per sweep: split it into several --out directories"
      )
    }
  }

  /// The architecture of a point.
  func architecture(at p: Point) throws(ConfigurationError) -> NetworkArchitecture {
    let scaled = (fixed.inputRatio * Double(p.width)).rounded()
    guard scaled <= Double(SizeLimits.dimension) else {
      throw ConfigurationError(
        field: "input-ratio",
        "input width M_0 = α_0·M = \(fixed.inputRatio)·\(p.width) exceeds \(SizeLimits.dimension), the largest size BLAS and LAPACK accept"
      )
    }
    let m0 = fixed.inputWidth ?? max(1, Int(scaled))
    return try NetworkArchitecture(
      inputWidth: m0, width: p.width, depth: p.depth, outputs: p.outputs, ratios: fixed.widthRatios,
      activation: fixed.activation, sigmaW2: fixed.sigmaW2, sigmaB2: fixed.sigmaB2,
      parameterisation: fixed.parameterisation)
  }
}
