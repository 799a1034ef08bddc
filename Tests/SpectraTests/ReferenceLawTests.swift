// Marchenko–Pastur and semicircle laws: closed forms against quadrature, samplers against the laws.
import Foundation
import Spectra
import TestSupport
import Testing

@Suite("Marchenko–Pastur law")
struct MarchenkoPasturTests {
  @Test("moments equal ∫xᵏ dμ by quadrature (Narayana polynomials)", arguments: [0.25, 1.0, 2.5])
  func momentsAgainstQuadrature(q: Double) throws {
    let law = try MarchenkoPastur(ratio: q, variance: 1.7)
    for k in 0...6 {
      let integral = try Quadrature.integrate(from: law.lowerEdge, to: law.upperEdge) { x in
        pow(x, Double(k)) * law.density(at: x)
      }
      let atom = k == 0 ? law.pointMassAtZero : 0
      let exact = law.moment(k)
      #expect(
        isClose(integral.value + atom, exact, relative: Tolerance.adaptiveQuadrature), "q = \(q), k = \(k)")
    }
  }

  @Test("moments match the first Narayana polynomials written out")
  func narayanaExplicit() throws {
    let q = 0.37
    let s2 = 2.385
    let law = try MarchenkoPastur(ratio: q, variance: s2)
    let expected = [
      1, s2, s2 * s2 * (1 + q), pow(s2, 3) * (1 + 3 * q + q * q),
      pow(s2, 4) * (1 + 6 * q + 6 * q * q + q * q * q),
    ]
    for (k, e) in expected.enumerated() {
      #expect(isClose(law.moment(k), e, relative: Tolerance.longClosedForm), "k = \(k)")
    }
  }

  @Test(
    "the closed-form cdf equals the integrated density, 0 below, atom at a, 1 at b",
    arguments: [0.25, 1.0, 2.5])
  func cdfAgainstQuadrature(q: Double) throws {
    let law = try MarchenkoPastur(ratio: q, variance: 0.8)
    let (a, b) = (law.lowerEdge, law.upperEdge)
    #expect(law.cdf(-0.1) == 0)
    #expect(isClose(law.cdf(a), law.pointMassAtZero, absolute: Tolerance.fewOperations))
    #expect(law.cdf(b) == 1)
    #expect(law.cdf(b + 1) == 1)
    for t in [0.05, 0.2, 0.5, 0.8, 0.97] {
      let x = a + t * (b - a)
      let integral = try Quadrature.integrate(from: a, to: x) { law.density(at: $0) }
      #expect(
        isClose(law.cdf(x) - law.pointMassAtZero, integral.value, absolute: Tolerance.densityQuadrature),
        "q = \(q), x = \(x)")
    }
    #expect(isClose(law.pointMassAtZero, max(0, 1 - 1 / q), absolute: Tolerance.fewOperations))
  }

  /// Dimension p, samples 2p (q = 1/2). The KS distance of one Wishart spectrum falls roughly like 1/p.
  /// The largest size is 1600, not 3200: p = 3200 took 6.6 s in release on this 2-core machine under
  /// load (KS distance 0.00135), too long for the fast test set.
  @Test("Wishart spectra approach Marchenko–Pastur: KS distance shrinks as p grows")
  func wishartKolmogorovSmirnov() throws {
    var distances: [Double] = []
    for (i, p) in [200, 800, 1600].enumerated() {
      let start = ContinuousClock.now
      let ensemble = try WishartEnsemble(dimension: p, samples: 2 * p, variance: 1.3)
      let w = ensemble.sample(using: RandomStream(seed: 2385).child(UInt64(i)))
      let spectrum = try SymmetricEigen(w).eigenvalues
      let d = try KolmogorovSmirnov.distance(of: spectrum, to: ensemble.limitingLaw)
      print(
        "Wishart q = 1/2, p = \(p): KS distance to Marchenko–Pastur = \(d) (\(ContinuousClock.now - start))")
      distances.append(d)
    }
    #expect(distances[1] < distances[0])
    #expect(distances[2] < distances[1])
    #expect(distances[2] < 0.01)
  }

  @Test("rank-deficient Wishart (q = 2): the atom at zero and the KS distance")
  func wishartWithAtom() throws {
    let ensemble = try WishartEnsemble(dimension: 600, samples: 300)
    let w = ensemble.sample(using: RandomStream(seed: 77))
    let spectrum = try SymmetricEigen(w).eigenvalues
    let tolerance = 1e3 * Double(600) * .ulpOfOne * spectrum.last!
    #expect(spectrum.filter { abs($0) <= tolerance }.count == 300)
    let law = ensemble.limitingLaw
    #expect(law.pointMassAtZero == 0.5)
    let d = try KolmogorovSmirnov.distance(of: spectrum, to: law, zeroTolerance: tolerance)
    print("Wishart q = 2, p = 600: KS distance to Marchenko–Pastur (atom 1/2) = \(d)")
    #expect(d < 0.02)
    // Without the tolerance, the floating-point zeros straddle 0 and the atom is missed.
    let naive = try KolmogorovSmirnov.distance(of: spectrum, to: law)
    #expect(naive > 0.1)
  }

  @Test("sample moments (1/p)·tr Wᵏ approach the closed forms")
  func sampleMoments() throws {
    let ensemble = try WishartEnsemble(dimension: 800, samples: 1600, variance: 0.7)
    let spectrum = try SymmetricEigen(ensemble.sample(using: RandomStream(seed: 9))).eigenvalues
    let law = ensemble.limitingLaw
    for k in 1...4 {
      let sample = spectrum.reduce(0) { $0 + pow($1, Double(k)) } / Double(spectrum.count)
      let exact = law.moment(k)
      #expect(abs(sample - exact) <= 0.02 * exact, "k = \(k): sample \(sample), law \(exact)")
    }
  }

  @Test("invalid parameters are refused with a message naming them")
  func errors() {
    expectError(.invalidInput, mentioning: ["ratio", "-1"]) { _ = try MarchenkoPastur(ratio: -1) }
    expectError(.invalidInput, mentioning: ["variance", "0"]) {
      _ = try MarchenkoPastur(ratio: 1, variance: 0)
    }
    expectError(.invalidInput, mentioning: ["dimension", "0"]) {
      _ = try WishartEnsemble(dimension: 0, samples: 3)
    }
    expectError(.invalidInput, mentioning: ["empty"]) {
      _ = try KolmogorovSmirnov.distance(of: [], to: try MarchenkoPastur(ratio: 1))
    }
    expectError(.nonFinite, mentioning: ["eigenvalue 1", "nan"]) {
      _ = try KolmogorovSmirnov.distance(of: [1, .nan], to: try MarchenkoPastur(ratio: 1))
    }
  }
}

@Suite("Wigner semicircle law")
struct WignerSemicircleTests {
  @Test("moments are Catalan numbers times σᵏ and equal ∫xᵏρ by quadrature")
  func moments() throws {
    let law = try WignerSemicircle(variance: 2.385)
    let catalan: [Double] = [1, 1, 2, 5, 14, 42]
    for k in 0...10 {
      let exact = k % 2 == 1 ? 0 : catalan[k / 2] * pow(2.385, Double(k / 2))
      #expect(
        isClose(law.moment(k), exact, absolute: Tolerance.reduction, relative: Tolerance.reduction),
        "k = \(k)")
      // Odd moments vanish: the absolute tolerance is scaled by Rᵏ so that GSL can meet it.
      let scale = pow(law.radius, Double(k))
      let integral = try Quadrature.integrate(
        from: -law.radius, to: law.radius, absoluteTolerance: 1e-10 * scale  // requested, not a check
      ) {
        pow($0, Double(k)) * law.density(at: $0)
      }
      #expect(isClose(integral.value, exact, absolute: Tolerance.adaptiveQuadrature * scale), "k = \(k)")
    }
  }

  @Test("the closed-form cdf equals the integrated density; cdf(R) = 1")
  func cdf() throws {
    let law = try WignerSemicircle(radius: 1.9)
    #expect(law.cdf(-1.9) == 0)
    #expect(law.cdf(1.9) == 1)
    #expect(isClose(law.cdf(0), 0.5, absolute: Tolerance.fewOperations))
    for x in [-1.7, -0.6, 0.3, 1.2, 1.85] {
      let integral = try Quadrature.integrate(from: -1.9, to: x) { law.density(at: $0) }
      #expect(isClose(law.cdf(x), integral.value, absolute: Tolerance.densityQuadrature), "x = \(x)")
    }
  }

  @Test("GOE spectra approach the semicircle: KS distance shrinks as n grows")
  func goeKolmogorovSmirnov() throws {
    var distances: [Double] = []
    for (i, n) in [200, 800, 1600].enumerated() {
      let ensemble = try GaussianOrthogonalEnsemble(dimension: n, variance: 0.6)
      let spectrum = try SymmetricEigen(ensemble.sample(using: RandomStream(seed: 31).child(UInt64(i))))
        .eigenvalues
      let d = try KolmogorovSmirnov.distance(of: spectrum, to: ensemble.limitingLaw)
      print("GOE n = \(n): KS distance to the semicircle = \(d)")
      distances.append(d)
      // Sample moments: (1/n) tr H² → σ², (1/n) tr H⁴ → 2σ⁴.
      if n == 1600 {
        let m2 = spectrum.reduce(0) { $0 + $1 * $1 } / Double(n)
        let m4 = spectrum.reduce(0) { $0 + pow($1, 4) } / Double(n)
        #expect(abs(m2 - 0.6) <= 0.01 * 0.6)
        #expect(abs(m4 - 2 * 0.36) <= 0.02 * 0.72)
      }
    }
    #expect(distances[1] < distances[0])
    #expect(distances[2] < distances[1])
    #expect(distances[2] < 0.01)
  }

  @Test("invalid parameters are refused")
  func errors() {
    expectError(.invalidInput, mentioning: ["radius", "0"]) { _ = try WignerSemicircle(radius: 0) }
    expectError(.invalidInput, mentioning: ["variance", "nan"]) { _ = try WignerSemicircle(variance: .nan) }
    expectError(.invalidInput, mentioning: ["GOE dimension", "-2"]) {
      _ = try GaussianOrthogonalEnsemble(dimension: -2)
    }
  }
}
