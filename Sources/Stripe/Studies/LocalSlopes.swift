// Local exponents of a learning curve: slopes between consecutive p and sliding fits, with seed error bars.
import Foundation
import Spectra

/// One value of a curve: the quantity measured at training size p with one seed.
public struct CurveSample: Sendable, Equatable {
  /// Training-set size p.
  public let size: Int
  /// Seed.
  public let seed: UInt64
  /// The measured value (a test error, λ, …).
  public let value: Double

  /// A sample of `value` at size `size` and seed `seed`.
  public init(size: Int, seed: UInt64, value: Double) {
    self.size = size
    self.seed = seed
    self.value = value
  }
}

/// Local slopes d ln y / d ln p of a curve y(p), the test of whether a learning curve's exponent has
/// converged.
///
/// ```
/// window w over the sorted sizes p_i … p_{i+w−1} (w = 2: consecutive sizes):
///   slope_i  = least-squares slope of ln y on ln p over the window
///            = [ln y(p_{i+1}) − ln y(p_i)] / [ln p_{i+1} − ln p_i]      for w = 2
///   centre_i = (p_i ⋯ p_{i+w−1})^{1/w}                                  (geometric mean)
/// ```
/// The headline slope uses the seed means ȳ(p); the error bar is the standard error over seeds of the
/// same slope computed seed by seed (seeds lacking a positive finite value at any size of the window are
/// left out of that window). Sizes whose seed mean is not positive and finite (a zero test error has no
/// logarithm) are dropped before windows are formed. A pure power law y = c·p^s gives s in every window.
///
/// Source: shared/science/stripe.md §5.3 (ε ~ p^{−β}); issue 18 ("local exponents").
///
/// - Complexity: O(n·w) for n sizes, plus O(seeds·n·w).
public struct LocalSlopes: Sendable, Equatable {
  /// One window's slope.
  public struct Estimate: Sendable, Equatable {
    /// Smallest p of the window.
    public let lower: Int
    /// Largest p of the window.
    public let upper: Int
    /// Number of sizes in the window.
    public let window: Int
    /// Geometric mean of the window's sizes (where the slope is plotted).
    public let centre: Double
    /// Slope of the seed means.
    public let slope: Double
    /// Mean of the seed-by-seed slopes (nan when no seed covers the window).
    public let seedMean: Double
    /// Standard error of the seed-by-seed slopes (0 with one seed).
    public let seedStandardError: Double
    /// Number of seeds that covered the window.
    public let seedCount: Int
  }

  /// The window length (2 = consecutive sizes).
  public let window: Int
  /// One estimate per window, in increasing p.
  public let estimates: [Estimate]

  /// Local slopes of `samples` over windows of `window` consecutive sizes.
  ///
  /// - Throws: `ConfigurationError` (field `window`) for a window below 2.
  public init(_ samples: [CurveSample], window: Int) throws(ConfigurationError) {
    guard window >= 2 else { throw ConfigurationError(field: "window", "must be ≥ 2, got \(window)") }
    self.window = window
    var bySize: [Int: [UInt64: Double]] = [:]
    for s in samples { bySize[s.size, default: [:]][s.seed] = s.value }
    func usable(_ v: Double) -> Bool { v.isFinite && v > 0 }
    // Values in seed order: a dictionary's own order changes from process to process (hash seeding), and
    // a different summation order changes the last bits.
    func values(at p: Int) -> [Double] {
      bySize[p]!.sorted { $0.key < $1.key }.map(\.value).filter(\.isFinite)
    }
    let sizes = bySize.keys.sorted().filter { p in
      let v = values(at: p)
      return p > 0 && !v.isEmpty && usable(v.reduce(0, +) / Double(v.count))
    }
    let seeds = Array(Set(samples.map(\.seed))).sorted()
    var out: [Estimate] = []
    if sizes.count >= window {
      for i in 0...(sizes.count - window) {
        let ps = Array(sizes[i..<(i + window)])
        let x = ps.map { log(Double($0)) }
        let means = ps.map { p -> Double in
          let v = values(at: p)
          return v.reduce(0, +) / Double(v.count)
        }
        let slope = Self.slope(x: x, y: means.map(log))
        var perSeed: [Double] = []
        for seed in seeds {
          let v = ps.map { bySize[$0]![seed] ?? .nan }
          if v.allSatisfy(usable) { perSeed.append(Self.slope(x: x, y: v.map(log))) }
        }
        let n = Double(perSeed.count)
        let m = perSeed.isEmpty ? Double.nan : perSeed.reduce(0, +) / n
        let se =
          perSeed.count > 1
          ? (perSeed.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1) / n).squareRoot() : 0
        out.append(
          Estimate(
            lower: ps.first!, upper: ps.last!, window: window, centre: exp(x.reduce(0, +) / Double(window)),
            slope: slope, seedMean: m, seedStandardError: se, seedCount: perSeed.count))
      }
    }
    estimates = out
  }

  /// The least-squares slope of y on x with two-pass (centred) sums.
  static func slope(x: [Double], y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
    }
    return sxy / sxx
  }

  /// The largest change between neighbouring windows' slopes: where a break in the power law sits.
  ///
  /// ```
  /// k* = argmax_k |slope_{k+1} − slope_k|;   break at p = upper of window k* (= lower of k*+1 for w = 2)
  /// ```
  /// - Returns: nil with fewer than two windows; otherwise the size, the slopes before and after, and
  ///   the change.
  public var largestChange: (size: Int, before: Double, after: Double, change: Double)? {
    guard estimates.count >= 2 else { return nil }
    var best = 0
    for k in 0..<(estimates.count - 1)
    where abs(estimates[k + 1].slope - estimates[k].slope)
      > abs(estimates[best + 1].slope - estimates[best].slope)
    {
      best = k
    }
    let a = estimates[best]
    let b = estimates[best + 1]
    return (a.upper, a.slope, b.slope, b.slope - a.slope)
  }
}
