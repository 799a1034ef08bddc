// Seedable random streams (GSL mt19937) with documented splitting of a master seed into child streams.

/// A reproducible stream of random numbers: GSL's `mt19937` with Gaussian variates by the ziggurat method.
///
/// Splitting: ``child(_:)`` derives an independent stream from `(seed, index)` by SplitMix64 mixing,
/// `childSeed = splitmix64(seed ⊕ splitmix64(index + 1))`, so stream `i` of master seed `s` is the
/// same on every machine and in every run, and does not depend on how many other streams were drawn.
/// GSL seeds mt19937 from 32 bits, so distinct children collide with probability ≈ n²/2³³ for n streams.
///
/// Same seed, same machine, same thread count: same numbers (no sampler here uses threads).
public final class RandomStream {
  /// The seed this stream was created from.
  public let seed: UInt64
  private let generator: GSLGenerator

  /// A stream seeded with `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    generator = GSLGenerator(seed: Self.splitmix64(seed))
  }

  /// The independent child stream number `index` of this stream's seed (see the type's notes).
  public func child(_ index: UInt64) -> RandomStream {
    RandomStream(seed: seed ^ Self.splitmix64(index &+ 1))
  }

  /// A standard normal variate.
  public func gaussian() -> Double { generator.gaussian() }

  /// `count` independent N(0, σ²) variates.
  public func gaussians(_ count: Int, standardDeviation sigma: Double = 1) -> [Double] {
    var out = [Double](repeating: 0, count: count)
    generator.fillGaussian(&out, sigma: sigma)
    return out
  }

  /// A `rows × columns` matrix of independent N(0, σ²) entries, drawn in row-major order (so the same
  /// seed gives the same matrix as a C-order sampler).
  public func gaussianMatrix(rows: Int, columns: Int, standardDeviation sigma: Double = 1) -> Matrix {
    let values = gaussians(rows * columns, standardDeviation: sigma)
    var m = Matrix(rows: rows, columns: columns)
    for i in 0..<rows {
      for j in 0..<columns { m[i, j] = values[i * columns + j] }
    }
    return m
  }

  /// A uniform variate on [0, 1).
  public func uniform() -> Double { generator.uniform() }

  /// A uniform integer in `0..<n`.
  ///
  /// - Precondition: `1 ≤ n ≤ 2³²`.
  public func uniformInt(below n: Int) -> Int {
    precondition(n >= 1 && n <= 1 << 32, "uniformInt needs 1 ≤ n ≤ 2³², got \(n)")
    return generator.uniformInt(n)
  }

  /// A uniformly random permutation of `0..<n` (Fisher–Yates).
  public func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, uniformInt(below: i + 1)) }
    }
    return p
  }

  /// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
  static func splitmix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
