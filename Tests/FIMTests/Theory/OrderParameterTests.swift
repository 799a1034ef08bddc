import FIM
import Foundation
import Spectra
import TestSupport
import Testing

/// Order parameters and the constants α, κ₁, κ₂, κ′₁, κ′₂ against hand-computed values and against an
/// independent 20-digit reference (mpmath adaptive quadrature of the same recursions, /tmp reference script
/// described in the test names), for L = 3 and α_l = 1.
@Suite("Theory: order parameters and constants")
struct OrderParameterTests {
  struct Row: Sendable, CustomStringConvertible {
    let activation: Activation
    let sigmaW2: Double
    let sigmaB2: Double
    let kappa1: Double
    let kappa2: Double
    let kappa1NTK: Double
    let kappa2NTK: Double
    let logitCovariance: Double
    var description: String { "\(activation.rawValue) (\(sigmaW2), \(sigmaB2))" }
  }

  /// karakida.md "Verification" table (κ₁, κ₂ to 4 digits) extended to 17 digits by mpmath at 20 digits.
  static let table: [Row] = [
    Row(
      activation: .relu, sigmaW2: 2, sigmaB2: 0, kappa1: 1.5, kappa2: 0.34285431814147125, kappa1NTK: 6,
      kappa2NTK: 1.371417272565885, logitCovariance: 0.9874621804007431),
    Row(
      activation: .relu, sigmaW2: 2, sigmaB2: 0.1, kappa1: 1.575, kappa2: 0.40149421725514908, kappa1NTK: 6.6,
      kappa2NTK: 1.8001372924459874, logitCovariance: 1.2590217350086515),
    Row(
      activation: .tanh, sigmaW2: 3, sigmaB2: 0.64, kappa1: 0.95552190418283568, kappa2: 0.11861537206293341,
      kappa1NTK: 7.4692514420982452, kappa2NTK: 1.9113408053409197, logitCovariance: 1.1828520342393768),
    Row(
      activation: .linear, sigmaW2: 1, sigmaB2: 0.1, kappa1: 1.65, kappa2: 0.15, kappa1NTK: 3.6,
      kappa2NTK: 0.6,
      logitCovariance: 0.3),
    Row(
      activation: .erf, sigmaW2: 2, sigmaB2: 0.2, kappa1: 0.96547025838792164, kappa2: 0.065090810541067358,
      kappa1NTK: 4.4200138747052681, kappa2NTK: 0.65882482618618905, logitCovariance: 0.39676332344531874),
    Row(
      activation: .tanh, sigmaW2: 1, sigmaB2: 0, kappa1: 0.39152478336299087, kappa2: 0,
      kappa1NTK: 0.78304956672598174,
      kappa2NTK: 0, logitCovariance: 0),
  ]

  @Test("κ₁, κ₂, κ′₁, κ′₂ and q₂ᴸ reproduce the verified table (L = 3, α_l = 1)", arguments: table)
  func verifiedTable(row: Row) throws {
    let network = try MeanFieldNetwork(
      depth: 3, activation: row.activation, sigmaW2: row.sigmaW2, sigmaB2: row.sigmaB2)
    let p = try OrderParameters(network)
    let k = MeanFieldConstants(p)
    // Closed forms; tanh by quadrature (256 nodes, q up to 3.6) within the rule's class.
    let tolerance = row.activation == .tanh ? Tolerance.gaussHermite : Tolerance.closedForm
    #expect(k.alpha == 2)
    #expect(isClose(k.kappa1, row.kappa1, absolute: tolerance, relative: tolerance))
    #expect(isClose(k.kappa2, row.kappa2, absolute: tolerance))
    #expect(isClose(k.kappa1NTK, row.kappa1NTK, absolute: tolerance, relative: tolerance))
    #expect(isClose(k.kappa2NTK, row.kappa2NTK, absolute: tolerance, relative: tolerance))
    #expect(isClose(p.logitCovariance, row.logitCovariance, absolute: tolerance))
    // The verification table prints 4 decimals: half a unit in the last printed place.
    #expect(abs(k.kappa1 - row.kappa1) < 5e-5 && abs(k.kappa2 - row.kappa2) < 5e-5)
  }

  @Test("ReLU (2, 0), L = 3 by hand: q̂₁ = 1, q̃₁ = 1, κ₁ = 3/2, κ₂ from the arc-cosine kernel")
  func reluByHand() throws {
    let p = try OrderParameters(try MeanFieldNetwork(depth: 3, activation: .relu, sigmaW2: 2, sigmaB2: 0))
    #expect(p.q1 == [2, 2, 2])
    #expect(p.qHat1 == [1, 1, 1])
    #expect(p.qTilde1 == [1, 1, 1])
    // q̂₂¹ = (2/2π)(√1 + (π/2)·0) = 1/π; q₂² = 2/π, c = 1/π.
    let c = 1 / Double.pi
    // One rounding of a number below 1/2: half an ulp of 1, tighter than any named class.
    #expect(abs(p.qHat2(layer: 1) - c) < 1e-16)
    let theta = acos(c)
    let qHat2Second = 2 / (2 * Double.pi) * ((1 - c * c).squareRoot() + (Double.pi - theta) * c)
    #expect(isClose(p.qHat2(layer: 2), qHat2Second, absolute: Tolerance.fewOperations))
    let qTilde2Second = 2 * (Double.pi - theta) / (2 * Double.pi)
    #expect(isClose(p.qTilde2(layer: 2), qTilde2Second, absolute: Tolerance.fewOperations))
    // c = 0 at layer 1: factor 2·(1/4).
    #expect(isClose(p.qTilde2(layer: 1), qTilde2Second / 2, absolute: Tolerance.fewOperations))
    let kappa2 = (qTilde2Second * c + qHat2Second) / 2
    let k = MeanFieldConstants(p)
    #expect(k.kappa1 == 1.5)
    #expect(isClose(k.kappa2, kappa2, absolute: Tolerance.fewOperations))
    #expect(abs(k.kappa2 - 0.34285) < 1e-5)  // karakida.md prints 5 decimals
  }

  @Test("linear NTK constants by hand: κ′₁ = Σ q₁ˡ, κ′₂ = Σ q₂ˡ (q̃ = σ_w^{2(L−l)})")
  func linearNTKByHand() throws {
    // σ_w² = 1.5, σ_b² = 0.2, L = 3: q₁ = 1.7, 2.75, 4.325; q₂ = 0.2, 0.5, 0.95; q̃ = 2.25, 1.5, 1.
    let p = try OrderParameters(
      try MeanFieldNetwork(depth: 3, activation: .linear, sigmaW2: 1.5, sigmaB2: 0.2))
    let k = MeanFieldConstants(p)
    let kappa1NTK: Double = 2.25 * 1.7 + 1.5 * 2.75 + 4.325
    let kappa2NTK: Double = 2.25 * 0.2 + 1.5 * 0.5 + 0.95
    let kappa1: Double = (2.25 * 1 + 1.5 * 1.7 + 2.75) / 2
    let kappa2: Double = (1.5 * 0.2 + 0.5) / 2
    #expect(isClose(k.kappa1NTK, kappa1NTK, absolute: Tolerance.closedForm))
    #expect(isClose(k.kappa2NTK, kappa2NTK, absolute: Tolerance.closedForm))
    #expect(isClose(k.kappa1, kappa1, absolute: Tolerance.closedForm))
    #expect(isClose(k.kappa2, kappa2, absolute: Tolerance.closedForm))
    #expect(isClose(p.logitVariance, 4.325, absolute: Tolerance.closedForm))
  }

  @Test("tanh with σ_b = 0 is centred: q̂₂ = 0 and κ₂ = κ′₂ = 0 exactly; outliers flagged not applicable")
  func centredTanh() throws {
    for points in [64, 256] {
      let network = try MeanFieldNetwork(
        depth: 4, activation: .tanh, sigmaW2: 1.3, sigmaB2: 0, integration: .automatic(points: points))
      let p = try OrderParameters(network)
      #expect(p.qHat2.allSatisfy { $0 == 0 })
      let k = MeanFieldConstants(p)
      #expect(k.kappa2 == 0)
      #expect(k.kappa2NTK == 0)
      #expect(k.kappa1 > 0)
      let a = TheoryApplicability.outliers(p, k)
      #expect(!a.isApplicable)
      #expect(a.reasons.contains { $0.contains("centred") })
    }
    // ReLU with σ_b = 0 is not centred (E[ReLU] > 0).
    let relu = try OrderParameters(try MeanFieldNetwork(depth: 3, activation: .relu, sigmaW2: 2, sigmaB2: 0))
    #expect(TheoryApplicability.outliers(relu, MeanFieldConstants(relu)).isApplicable)
  }

  @Test(
    "erf: closed forms and forced quadrature (128 nodes) give the same κ to the Gauss–Hermite tolerance",
    arguments: [(2.0, 0.2), (1.2, 0.05), (0.5, 1.0)])
  func erfClosedVsQuadrature(sigmaW2: Double, sigmaB2: Double) throws {
    let closed = MeanFieldConstants(
      try OrderParameters(
        try MeanFieldNetwork(depth: 4, activation: .erf, sigmaW2: sigmaW2, sigmaB2: sigmaB2)))
    let numeric = MeanFieldConstants(
      try OrderParameters(
        try MeanFieldNetwork(
          depth: 4, activation: .erf, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
          integration: .quadrature(points: 128))))
    for (a, b) in [
      (closed.kappa1, numeric.kappa1), (closed.kappa2, numeric.kappa2), (closed.kappa1NTK, numeric.kappa1NTK),
      (closed.kappa2NTK, numeric.kappa2NTK),
    ] {
      #expect(isClose(b, a, absolute: Tolerance.gaussHermite))
    }
  }

  @Test("a uniform network described by α_l = 1 or by explicit widths gives the same predictions")
  func descriptionInvariance() throws {
    let m = 400
    let uniform = try MeanFieldNetwork(depth: 3, activation: .tanh, sigmaW2: 3, sigmaB2: 0.64)
    let architecture = try NetworkArchitecture(
      widths: [m, m, m, 10], activation: .tanh, sigmaW2: 3, sigmaB2: 0.64)
    let explicit = try MeanFieldNetwork(architecture: architecture)
    #expect(explicit.widthRatios == [1, 1, 1])
    #expect(
      MeanFieldConstants(try OrderParameters(explicit)) == MeanFieldConstants(try OrderParameters(uniform)))
    // The same widths described with reference width M/2 (α_l = 2): κ and α change, numbers do not.
    let doubled = try MeanFieldNetwork(architecture: architecture, referenceWidth: m / 2)
    #expect(doubled.widthRatios == [2, 2, 2])
    let a = try RegressionFisherPrediction(try OrderParameters(uniform), outputs: 10, samples: 100)
    let b = try RegressionFisherPrediction(try OrderParameters(doubled), outputs: 10, samples: 100)
    for (x, y) in [
      (a.mean.value(width: Double(m)), b.mean.value(width: Double(m / 2))),
      (a.secondMoment.value(width: Double(m)), b.secondMoment.value(width: Double(m / 2))),
      (a.lambdaMax.value(width: Double(m)), b.lambdaMax.value(width: Double(m / 2))),
    ] {
      let u = try #require(x)
      let v = try #require(y)
      #expect(isClose(v, u, relative: Tolerance.reduction))
    }
  }

  @Test("input moments measured from data; bad inputs are refused with the field named")
  func inputMoments() throws {
    // Two samples in ℝ²: x = (1, 2), y = (3, −1): q̂₁ = (5 + 10)/(2·2) = 3.75, q̂₂ = (3 − 2)/2 = 0.5.
    let data = Matrix([[1, 3], [2, -1]])
    let moments = try InputMoments(data: data)
    #expect(isClose(moments.secondMoment, 3.75, absolute: Tolerance.fewOperations))
    #expect(isClose(moments.crossMoment, 0.5, absolute: Tolerance.fewOperations))
    // Linear network: q₁¹ = σ_w² q̂₁⁰ + σ_b² uses them.
    let p = try OrderParameters(
      try MeanFieldNetwork(depth: 2, activation: .linear, sigmaW2: 2, sigmaB2: 0.1, inputs: moments))
    #expect(isClose(p.q1(layer: 1), 7.6, absolute: Tolerance.closedForm))
    #expect(isClose(p.q2(layer: 1), 1.1, absolute: Tolerance.closedForm))
    #expect(throws: ConfigurationError.self) { try InputMoments(secondMoment: 1, crossMoment: 1.5) }
    #expect(throws: ConfigurationError.self) { try InputMoments(data: Matrix([[1], [2]])) }
  }

  @Test("invalid networks name the field")
  func invalid() {
    func field(_ body: () throws -> Void) -> String? {
      do {
        try body()
        return nil
      } catch { return (error as? ConfigurationError)?.field }
    }
    #expect(
      field { _ = try MeanFieldNetwork(depth: 1, activation: .relu, sigmaW2: 2, sigmaB2: 0) } == "depth")
    #expect(
      field { _ = try MeanFieldNetwork(depth: 3, activation: .relu, sigmaW2: -1, sigmaB2: 0) } == "sigma-w2")
    #expect(
      field { _ = try MeanFieldNetwork(depth: 3, activation: .relu, sigmaW2: 1, sigmaB2: .nan) } == "sigma-b2"
    )
    #expect(
      field {
        _ = try MeanFieldNetwork(activation: .relu, sigmaW2: 2, sigmaB2: 0, widthRatios: [1, 0, 1])
      } == "width-ratios")
  }
}
