// The free-probability machinery: the MP Stieltjes transform, inversion, the Wishart chain against Monte Carlo.
import Foundation
import Spectra
import TestSupport
import Testing

@Suite("Free probability: Stieltjes inversion and Wishart chains")
struct FreeProbabilityTests {
  /// The eigenvalues of an N × N Gram chain of a linear network: `Gʲ = HʲᵀHʲ/Mⱼ`, `Hʲ = Wʲ Hʲ⁻¹`,
  /// `Wʲ ~ N(0, 1/Mⱼ₋₁)`, so `E[Gʲ | Gʲ⁻¹] = Gʲ⁻¹` (c = 0, s = 1).
  static func linearChain(samples n: Int, widths: [Int], seed: UInt64) throws -> [Matrix] {
    let stream = RandomStream(seed: seed)
    var h = stream.gaussianMatrix(rows: widths[0], columns: n)
    var grams = [h.transposed.gram(scale: 1 / Double(widths[0]))]
    for j in 1..<widths.count {
      let w = stream.gaussianMatrix(
        rows: widths[j], columns: widths[j - 1], standardDeviation: 1 / Double(widths[j - 1]).squareRoot())
      h = try w.multiplied(by: h)
      grams.append(h.transposed.gram(scale: 1 / Double(widths[j])))
    }
    return grams
  }

  @Test("MP Stieltjes transform solves the MP equation and is ≈ −1/w far away", arguments: [0.3, 1.0, 2.5])
  func mpEquation(q: Double) throws {
    let law = try MarchenkoPastur(ratio: q)
    for w in [
      ComplexNumber(0.7, 0.01), ComplexNumber(-2, 0.5), ComplexNumber(3, 1e-6), ComplexNumber(1e7, 1),
    ] {
      let m = law.stieltjes(w)
      let residual = (q * w * m * m + (w - 1 + q) * m + ComplexNumber.one).magnitude
      #expect(residual < 1e-9 * max(1, w.magnitude), "q = \(q), w = \(w)")
      #expect(m.im >= 0, "Im m ≥ 0 in the upper half-plane")
    }
    let far = law.stieltjes(ComplexNumber(1e8, 0))
    #expect(isClose(far.re, -1e-8, relative: 1e-6))
  }

  @Test("inversion of the MP transform gives the closed-form density and cdf", arguments: [0.25, 0.5, 0.9])
  func inversionMatchesClosedForm(q: Double) throws {
    let mp = try MarchenkoPastur(ratio: q)
    let tab = try StieltjesInversion.law(lower: -0.5, upper: 5, points: 2000) { mp.stieltjes($0) }
    // The η-smoothing (η = 1e-3 × width) moves mass by O(√η) near the square-root edges.
    var worstCdf = 0.0
    for x in stride(from: mp.lowerEdge, through: mp.upperEdge, by: 0.01) {
      worstCdf = max(worstCdf, abs(tab.cdf(x) - mp.cdf(x)))
    }
    #expect(worstCdf < 0.01, "sup |F_tab − F_MP| = \(worstCdf)")
    let mid = (mp.lowerEdge + mp.upperEdge) / 2
    #expect(isClose(tab.density(at: mid), mp.density(at: mid), relative: 0.01))
    #expect(abs(tab.support.lowerBound - mp.lowerEdge) < 0.05 * (mp.upperEdge - mp.lowerEdge))
    #expect(abs(tab.support.upperBound - mp.upperEdge) < 0.05 * (mp.upperEdge - mp.lowerEdge))
    #expect(abs(tab.rawMass - 1) < 0.01, "mass \(tab.rawMass)")
  }

  @Test("a depth-0 chain is Marchenko–Pastur")
  func depthZeroChain() throws {
    let chain = try WishartChain(inputRatio: 0.4, levels: [])
    let mp = try MarchenkoPastur(ratio: 0.4)
    var guess = WishartChain.Guess(depth: 0)
    let z = ComplexNumber(1.1, 0.02)
    let t = chain.traces(coefficients: [.one], at: z, guess: &guess)!
    #expect((t[0] - mp.stieltjes(z)).magnitude < 1e-14)
  }

  /// The iterated free multiplicative convolution (products of Wishart matrices) and a combination
  /// `Σ βⱼ Gʲ + r` against the eigenvalues of one sampled chain with N = 400.
  @Test(
    "Wishart chain laws match Monte Carlo products of Wishart matrices",
    arguments: [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.6, 0.3, 1.0]])
  func chainAgainstMonteCarlo(beta: [Double]) throws {
    let n = 400
    let widths = [800, 600, 1000]
    let grams = try Self.linearChain(samples: n, widths: widths, seed: 11)
    var sum = Matrix(rows: n, columns: n, repeating: 0)
    for (b, g) in zip(beta, grams) where b != 0 { sum = sum + g.scaled(by: b) }
    let measured = try SymmetricEigen(sum).eigenvalues
    let chain = try WishartChain(
      inputRatio: Double(n) / Double(widths[0]),
      levels: widths.dropFirst().map { WishartChain.Level(ratio: Double(n) / Double($0), floor: 0, slope: 1) }
    )
    var guess = WishartChain.Guess(depth: 2)
    let top = 1.2 * (measured.max() ?? 1)
    let law = try StieltjesInversion.law(lower: -0.1, upper: top, points: 1500) { z in
      chain.traces(coefficients: beta.map { ComplexNumber($0) }, at: z, guess: &guess)?[0]
    }
    let ks = try KolmogorovSmirnov.distance(of: measured, to: law)
    let w1 = try WassersteinDistance.distance(of: measured, to: law)
    // KS of one N = 400 sample against its limit is O(1/N) in the bulk plus O(1/N^{2/3}) edge effects and
    // the η-smoothing: a few percent; a wrong recursion (e.g. a missing level) gives 0.1 or more.
    #expect(ks < 0.03, "KS = \(ks), β = \(beta)")
    #expect(w1 < 0.02 * (law.support.upperBound - law.support.lowerBound), "W1 = \(w1)")
  }

  @Test("W1 between a sample and its own law shrinks with N; KS and W1 see a shifted law")
  func wassersteinOfMarchenkoPastur() throws {
    let mp = try MarchenkoPastur(ratio: 0.5)
    let law = try StieltjesInversion.law(lower: -0.5, upper: 4, points: 2000) { mp.stieltjes($0) }
    var distances: [Double] = []
    for n in [100, 400] {
      let x = RandomStream(seed: 5).gaussianMatrix(rows: n, columns: 2 * n)
      let values = try SymmetricEigen(x.gram(scale: 1 / Double(2 * n))).eigenvalues
      distances.append(try WassersteinDistance.distance(of: values, to: law))
    }
    #expect(distances[1] < distances[0], "W1 \(distances)")
    let shifted = try TabulatedSpectralLaw(grid: law.grid.map { $0 + 0.3 }, densities: law.densities)
    let sample = try SymmetricEigen(
      RandomStream(seed: 6).gaussianMatrix(rows: 400, columns: 800).gram(scale: 1.0 / 800)
    ).eigenvalues
    let w1 = try WassersteinDistance.distance(of: sample, to: shifted)
    #expect(abs(w1 - 0.3) < 0.03, "a shift by 0.3 costs W1 ≈ 0.3, got \(w1)")
  }
}
