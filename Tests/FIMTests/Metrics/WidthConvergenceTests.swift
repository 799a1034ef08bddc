// Sample against theory at growing width: the regression FIM of a ReLU net approaches Theorem 3.1.
import FIM
import Spectra
import Testing

extension Tag {
  /// Tests that need release mode (seconds there, minutes in debug).
  @Tag static var slow: Self
}

@Suite("Width convergence of the FIM statistics (release mode)")
struct WidthConvergenceTests {
  // Theory for ReLU (σ_w², σ_b²) = (2, 0.1), L = 3, α_l = 1 (so α = 2), from the science document's
  // Verification table (shared/science/karakida.md): κ₁ = 1.5750, κ₂ = 0.4015. These constants are to be
  // replaced by the mean-field theory engine (`Sources/FIM/Theory/`) when it lands.
  static let kappa1 = 1.5750
  static let kappa2 = 0.4015
  static let alpha = 2.0
  static let outputs = 10
  static let samples = 100

  /// Signed relative errors of m and of the top-C mean against m = κ₁C/M and
  /// topC = α(κ₁/N + (N−1)κ₂/N)·M, one pair per seed.
  static func errors(width m: Int, seeds: [UInt64]) throws -> [(mean: Double, top: Double)] {
    let c = Double(outputs)
    let n = Double(samples)
    let mTheory = kappa1 * c / Double(m)
    let topTheory = alpha * (kappa1 / n + (n - 1) * kappa2 / n) * Double(m)
    return try seeds.map { seed in
      let arch = try NetworkArchitecture(
        inputWidth: m, width: m, depth: 3, outputs: outputs, activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
      let net = Network.sample(arch, seed: seed)
      let x = try GaussianInputs.sample(samples: samples, width: m, seed: seed &+ 1000)
      let r = try MetricSpectrum(network: net, inputs: x, request: .fisher(), overlaps: false)
      #expect(r.health.passed)
      return (r.mean / mTheory - 1, r.topMean / topTheory - 1)
    }
  }

  /// Root mean square over seeds (bias and seed-to-seed fluctuation together; both vanish as M grows).
  static func rms(_ v: [Double]) -> Double { (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot() }

  /// Mean over seeds (the systematic finite-width bias).
  static func bias(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

  // One network is a noisy sample: at M = 200 a single seed's m misses κ₁C/M by ~6 % and its top-C mean
  // misses by ~10 % (measured over 20 seeds), so convergence is asserted on statistics over 20 fixed seeds.
  @Test("relative errors of m and of the top-C mean shrink from M = 200 to M = 800", .tags(.slow))
  func convergence() throws {
    let seeds = Array(UInt64(1)...20)
    var table: [Int: (mRMS: Double, topRMS: Double, mBias: Double, topBias: Double)] = [:]
    for m in [200, 400, 800] {
      let e = try Self.errors(width: m, seeds: seeds)
      table[m] = (
        Self.rms(e.map(\.mean)), Self.rms(e.map(\.top)), Self.bias(e.map(\.mean)), Self.bias(e.map(\.top))
      )
      print(
        "width convergence M=\(m): m rms \(table[m]!.mRMS) bias \(table[m]!.mBias); topC rms \(table[m]!.topRMS) bias \(table[m]!.topBias)"
      )
    }
    let (e200, e800) = (table[200]!, table[800]!)
    #expect(e800.mRMS < e200.mRMS)
    #expect(e800.topRMS < e200.topRMS)
    #expect(abs(e800.mBias) < abs(e200.mBias))
    // Bounds at M = 800 (20 seeds): the science document expects m within ~3 % and topC within ~5 % on
    // average; per-seed fluctuations add to the RMS.
    #expect(e800.mRMS < 0.04)
    #expect(e800.topRMS < 0.08)
    #expect(abs(e800.mBias) < 0.03)
    #expect(abs(e800.topBias) < 0.05)
  }
}
