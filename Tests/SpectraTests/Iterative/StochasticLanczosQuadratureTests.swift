// SLQ: Gauss-rule exactness (weights = squared first components), the W₁ bound against the exact
// distance on a Marchenko–Pastur matrix, deflation of C-fold outliers, densities and the zero mode.
import Foundation
import Spectra
import Testing

@Suite("Stochastic Lanczos quadrature")
struct StochasticLanczosQuadratureTests {
  static let diagonal = Matrix.diagonal((1...12).map { 0.5 * Double($0 * $0) - 3 })

  /// For a diagonal A and a Rademacher probe v = z/√n, vᵀA^p v = tr(A^p)/n exactly.
  static func exactMoment(_ p: Int) -> Double {
    diagonal.diagonal.reduce(0) { $0 + pow($1, Double(p)) } / 12
  }

  @Test("m = n: every moment of every probe's rule is exact")
  func fullRuleIsExact() throws {
    let slq = StochasticLanczosQuadrature(steps: 12, probes: 3, distribution: .rademacher, seed: 4)
    let estimate = try slq.estimate(DenseSymmetricOperator(Self.diagonal))
    for probe in 0..<3 {
      let rule = estimate.probes[probe]
      #expect(abs(rule.weights.reduce(0, +) - 1) <= 1e-13)
      for p in 1...12 {
        let exact = Self.exactMoment(p)
        #expect(abs(rule.integrate { pow($0, Double(p)) } - exact) <= 1e-10 * abs(exact), "moment \(p)")
      }
    }
  }

  @Test("m = 4 < n: moments exact through degree 2m − 1 = 7 and not at 8")
  func gaussDegree() throws {
    let estimate = try StochasticLanczosQuadrature(steps: 4, probes: 1, distribution: .rademacher, seed: 6)
      .estimate(DenseSymmetricOperator(Self.diagonal))
    let rule = estimate.probes[0]
    for p in 0...7 {
      let exact = Self.exactMoment(p)
      #expect(abs(rule.integrate { pow($0, Double(p)) } - exact) <= 1e-9 * abs(exact), "moment \(p)")
    }
    let eighth = Self.exactMoment(8)
    #expect(abs(rule.integrate { pow($0, 8) } - eighth) > 1e-5 * eighth)
    // Rebuilding from the kept coefficients gives the same rule.
    let rebuilt = try LanczosQuadrature(alpha: rule.alpha, beta: rule.beta, residualNorm: rule.residualNorm)
    #expect(rebuilt == rule)
  }

  @Test("Marchenko–Pastur, n = 1000: exact W₁ within the a-priori bound", arguments: [1, 2, 3] as [UInt64])
  func wassersteinWithinBound(seed: UInt64) throws {
    let a = try IterativeFixtures.wishart(dimension: 1000, samples: 2000, seed: 100 + seed)
    let exact = try SymmetricEigen(a).eigenvalues
    let estimate = try StochasticLanczosQuadrature(steps: 60, probes: 8, distribution: .sphere, seed: seed)
      .estimate(DenseSymmetricOperator(a))
    let distance = estimate.measure.wassersteinDistance(to: IterativeFixtures.empiricalMeasure(exact))
    let bound = try estimate.wassersteinBound(
      failureProbability: 0.05, spectralInterval: exact[0]...exact[999])
    #expect(bound.coversProbes)
    #expect(distance <= bound.total, "W₁ = \(distance), bound \(bound.total)")
    // The estimated interval lies close to the true one (extreme Ritz values converge first).
    let estimated = estimate.estimatedSpectralInterval
    #expect(abs(estimated.upperBound - exact[999]) <= 1e-3 * exact[999])
    #expect(estimate.probeSpread > 0 && estimate.probeSpread < bound.total)
  }

  @Test("deflated 10-fold outliers come back as exact point masses; trace within 3 SE")
  func deflation() throws {
    let n = 600
    let a = try IterativeFixtures.wishartWithOutliers(
      dimension: n, samples: 1200, outliers: 10, outlier: 30, seed: 9)
    let op = try DenseSymmetricOperator(a)
    let top = try BlockLanczos(blockSize: 12, seed: 1).largest(10, of: op, vectors: true)
    let estimate = try StochasticLanczosQuadrature(steps: 40, probes: 6, seed: 2).estimate(op, deflating: top)
    let measure = estimate.measure
    let aboveBulk = zip(measure.nodes, measure.weights).filter { $0.0 > 10 }.map(\.1).reduce(0, +)
    #expect(abs(aboveBulk - 10 / Double(n)) <= 1e-14)
    #expect(estimate.probes.allSatisfy { $0.nodes.max()! < 5 })  // no probe sees the outliers again
    let mean = estimate.integrate { $0 }
    #expect(abs(mean.estimate - a.trace / Double(n)) <= 3 * mean.standardError)
    let exact = try SymmetricEigen(a).eigenvalues
    let distance = measure.wassersteinDistance(to: IterativeFixtures.empiricalMeasure(exact))
    let bound = try estimate.wassersteinBound()
    #expect(distance <= bound.total, "W₁ = \(distance), bound \(bound.total)")
  }

  @Test("densities: mass 1 on a covering grid or bins, bands around the mean, log view in ln λ")
  func densities() throws {
    let a = try IterativeFixtures.wishart(dimension: 300, samples: 600, seed: 3)
    let estimate = try StochasticLanczosQuadrature(steps: 30, probes: 5, seed: 7).estimate(
      DenseSymmetricOperator(a))
    let grid = (0...2000).map { -1 + 5 * Double($0) / 2000 }
    let smooth = try estimate.smoothedDensity(on: grid, kernel: .gaussian(width: 0.05))
    let mass = zip(smooth.density, smooth.density.dropFirst()).reduce(0) { $0 + ($1.0 + $1.1) / 2 } * 5 / 2000
    #expect(abs(mass - 1) <= 1e-6)
    #expect(
      zip(smooth.lower, smooth.upper).allSatisfy { $0 <= $1 } && smooth.standardError.contains { $0 > 0 })
    let bins = try estimate.histogram(.linear(lower: -1, upper: 4, bins: 50))
    #expect(abs(bins.density.reduce(0, +) * 0.1 - 1) <= 1e-12)
    let logGrid = (0...2000).map { exp(-6 + 8 * Double($0) / 2000) }
    let logDensity = try estimate.smoothedDensity(
      on: logGrid, kernel: .lorentzian(width: 0.05), logarithmic: true)
    let logMass =
      zip(logDensity.density, logDensity.density.dropFirst()).reduce(0) { $0 + ($1.0 + $1.1) / 2 } * 8 / 2000
    #expect(abs(logMass - 1) <= 0.02)  // Lorentzian tails beyond the grid hold the rest
  }

  @Test("the zero mode of a rank-deficient Wishart matrix is estimated near its true mass 1/2")
  func massAtZero() throws {
    let a = try IterativeFixtures.wishart(dimension: 400, samples: 200, seed: 12)
    let estimate = try StochasticLanczosQuadrature(steps: 40, probes: 10, seed: 5).estimate(
      DenseSymmetricOperator(a))
    let zero = estimate.massNearZero(tolerance: 1e-8 * a.frobeniusNorm)
    #expect(abs(zero.estimate - 0.5) <= max(3 * zero.standardError, 0.01), "\(zero)")
    #expect(zero.standardError > 0 && zero.standardError < 0.05)
  }
}
