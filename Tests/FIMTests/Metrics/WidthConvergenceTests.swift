// Sample against theory at growing width: the regression FIM (ReLU, tanh, linear, gelu, silu, leaky ReLU)
// approaches Theorem 3.1.
import FIM
import Spectra
import Testing

extension Tag {
  /// Tests that need release mode (seconds there, minutes in debug).
  @Tag static var slow: Self
}

@Suite("Width convergence of the FIM statistics against the theory engine (release mode)")
struct WidthConvergenceTests {
  static let outputs = 10
  static let samples = 100

  /// Signed relative errors of m and of the top-C mean against the mean-field theory (``TheoryComparison``:
  /// m = κ₁C/M, topC = α(κ₁/N + (N−1)κ₂/N)·M), one pair per seed.
  static func errors(_ act: Activation, _ sw2: Double, _ sb2: Double, width m: Int, seeds: [UInt64]) throws
    -> [(mean: Double, top: Double)]
  {
    try seeds.map { seed in
      let arch = try NetworkArchitecture(
        inputWidth: m, width: m, depth: 3, outputs: outputs, activation: act, sigmaW2: sw2, sigmaB2: sb2)
      let net = Network.sample(arch, seed: seed)
      let x = try GaussianInputs.sample(samples: samples, width: m, seed: seed &+ 1000)
      let r = try MetricSpectrum(network: net, inputs: x, request: .fisher(), overlaps: false)
      #expect(r.health.passed)
      let t = try TheoryComparison(spectrum: r, network: net, inputs: x, gaussianInputs: true)
      return (
        try #require(t.statistic("m")?.relativeError), try #require(t.statistic("top_c_mean")?.relativeError)
      )
    }
  }

  /// Root mean square over seeds (bias and seed-to-seed fluctuation together; both vanish as M grows).
  static func rms(_ v: [Double]) -> Double { (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot() }

  /// Mean over seeds (the systematic finite-width bias).
  static func bias(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

  // One network is a noisy sample: at M = 200 a single seed's m misses κ₁C/M by ~6 % and its top-C mean
  // misses by ~10 % (ReLU, measured over 20 seeds), so convergence is asserted on statistics over seeds.
  @Test(
    "m within 3 % and the top-C mean within 5 % at M = 800, errors shrinking from M = 200", .tags(.slow),
    arguments: [
      (Activation.relu, 2.0, 0.1), (.tanh, 3.0, 0.64), (.linear, 1.0, 0.1), (Activation(Gelu()), 2.0, 0.1),
      (Activation(SiLU()), 2.0, 0.1), (Activation(PiecewiseLinear.leakyReLU(slope: 0.1)), 2.0, 0.1),
    ])
  func convergence(_ act: Activation, _ sw2: Double, _ sb2: Double) throws {
    let seeds = Array(UInt64(1)...10)
    var table: [Int: (mRMS: Double, topRMS: Double, mBias: Double, topBias: Double)] = [:]
    for m in [200, 800] {
      let e = try Self.errors(act, sw2, sb2, width: m, seeds: seeds)
      table[m] = (
        Self.rms(e.map(\.mean)), Self.rms(e.map(\.top)), Self.bias(e.map(\.mean)), Self.bias(e.map(\.top))
      )
      print(
        "width convergence \(act) M=\(m): m rms \(table[m]!.mRMS) bias \(table[m]!.mBias); topC rms \(table[m]!.topRMS) bias \(table[m]!.topBias)"
      )
    }
    let (e200, e800) = (table[200]!, table[800]!)
    #expect(e800.mRMS < e200.mRMS)
    #expect(e800.topRMS < e200.topRMS)
    // The bounds at M = 800, on the seed average; per-seed fluctuations bound the RMS.
    #expect(abs(e800.mBias) < 0.03)
    #expect(abs(e800.topBias) < 0.05)
    #expect(e800.mRMS < 0.05)
    #expect(e800.topRMS < 0.08)
  }
}
