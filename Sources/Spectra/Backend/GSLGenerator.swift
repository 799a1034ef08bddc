// Owner of one GSL Mersenne-Twister generator (gsl_rng_mt19937) and its samplers.
internal import CGSL

/// One `gsl_rng_mt19937` state, freed on deinit. Not thread-safe: one generator per stream.
final class GSLGenerator {
  private let rng: UnsafeMutablePointer<gsl_rng>

  /// A generator seeded with the low 32 bits of `seed` (GSL's mt19937 seeding uses 32 bits).
  init(seed: UInt64) {
    _ = GSL.handlerOff
    guard let r = gsl_rng_alloc(cgsl_rng_mt19937()) else {
      fatalError("gsl_rng_alloc failed: out of memory")
    }
    rng = r
    gsl_rng_set(rng, UInt(truncatingIfNeeded: seed & 0xFFFF_FFFF))
  }

  deinit { gsl_rng_free(rng) }

  /// A standard normal variate (`gsl_ran_gaussian_ziggurat` with σ = 1).
  func gaussian() -> Double { gsl_ran_gaussian_ziggurat(rng, 1.0) }

  /// Fills `buffer` with independent N(0, σ²) variates.
  func fillGaussian(_ buffer: inout [Double], sigma: Double) {
    buffer.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] = gsl_ran_gaussian_ziggurat(rng, sigma) }
    }
  }

  /// A uniform variate on [0, 1) (`gsl_rng_uniform`).
  func uniform() -> Double { gsl_rng_uniform(rng) }

  /// A uniform integer on 0..<n (`gsl_rng_uniform_int`), n ≤ 2³².
  func uniformInt(_ n: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(n))) }
}
