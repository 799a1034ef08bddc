// Every closed form against quadrature, and quadrature (smooth and kinked) with honest error estimates.
import FIM
import Foundation
import Spectra
import Testing

/// One activation of every family with a closed form (parameters where the family has them), checked
/// against forced quadrature: Gauss–Hermite for smooth φ, Gauss–Legendre pieces split at the kinks.
@Suite("Theory: Gaussian integrals of every activation")
struct ActivationIntegralTests {
  static let pairs: [(Double, Double)] = [(0.3, 0.1), (1.0, 0.0), (1.7, -0.6), (2.385, 2.0), (4.0, 4.0)]

  /// Every family instantiated once, plus parameterised variants.
  static let all: [Activation] =
    Activation.families.map { f in
      (try? Activation(named: f.name))
        ?? (try! Activation(named: f.name == "monomial" ? "monomial:3" : "scaled:1.5:0.7:0:erf"))
    }
    + [
      "leaky-relu:-0.3", "elu:0.5", "monomial:1", "monomial:2", "monomial:5", "scaled:2:-1.3:0:relu",
      "scaled:1:1:0.4:abs", "scaled:0.5:2:-0.3:gelu",
    ].map { try! Activation(named: $0) }

  @Test("closed forms equal forced quadrature (256 nodes) within 1e-10 relative", arguments: all)
  func closedFormMatchesQuadrature(activation: Activation) throws {
    guard activation.closedFormMoments(variance: 1, covariance: 0) != nil else { return }
    let quadrature = try GaussianIntegrator(
      activation: activation, integration: .quadrature(points: GaussianIntegration.defaultPoints))
    #expect(quadrature.usesQuadrature)
    for (q1, q2) in Self.pairs {
      let closed = try #require(activation.closedFormMoments(variance: q1, covariance: q2))
      let numeric = quadrature.moments(variance: q1, covariance: q2)
      for (a, b) in [
        (closed.meanSquare, numeric.meanSquare), (closed.crossMoment, numeric.crossMoment),
        (closed.derivativeMeanSquare, numeric.derivativeMeanSquare),
        (closed.derivativeCrossMoment, numeric.derivativeCrossMoment),
      ] {
        #expect(
          abs(a - b) <= 1e-10 * max(1, abs(a)),
          "\(activation) q = (\(q1), \(q2)): closed \(a), quadrature \(b)")
      }
      #expect(numeric.errorEstimate <= 1e-10 * max(1, closed.meanSquare), "\(activation)")
    }
  }

  @Test("automatic integration uses the closed form exactly when the activation has one", arguments: all)
  func automaticMethod(activation: Activation) throws {
    let integrator = try GaussianIntegrator(activation: activation)
    let closed = activation.closedFormMoments(variance: 1.3, covariance: 0.4)
    #expect(integrator.usesQuadrature == (closed == nil))
    if let closed { #expect(integrator.moments(variance: 1.3, covariance: 0.4) == closed) }
    #expect(
      integrator.methodName
        == (closed != nil
          ? "closed_form" : activation.isSmooth ? "gauss_hermite" : "gauss_legendre_piecewise"))
  }

  @Test("kinked quadrature: elu and shifted relu match scipy references within the error estimate")
  func kinkedReferences() throws {
    // scipy.integrate.quad split at the kink, epsabs 1e-14, epsrel 1e-12 (gauss_1d/gauss_2d of
    // References/make_activation_references.py at q = (1.3, 0.4)).
    let cases: [(String, Double, Double, [Double])] = [
      (
        "elu:1.0", 1.3, 0.4,
        [0.8150961635455651, 0.26532122286762055, 0.6520519726341979, 0.5775306022012195]
      ),
      (
        "scaled:1:1:0.3:relu", 1.3, 0.4,
        [0.9710567232790457, 0.5401301906315983, 0.6037699556959825, 0.411404391639088]
      ),
    ]
    for (name, q1, q2, reference) in cases {
      let m = try GaussianIntegrator(activation: try Activation(named: name)).moments(
        variance: q1, covariance: q2)
      let values = [m.meanSquare, m.crossMoment, m.derivativeMeanSquare, m.derivativeCrossMoment]
      #expect(m.errorEstimate < 1e-10, "\(name): estimate \(m.errorEstimate)")
      for (v, r) in zip(values, reference) { #expect(abs(v - r) <= 1e-10, "\(name): \(v) vs \(r)") }
    }
  }

  @Test("plain Gauss–Hermite across ReLU's kink would be off by ~1e-3; the piecewise rule is exact to 1e-12")
  func kinkedRuleBeatsHermite() throws {
    let closed = try #require(Activation.relu.closedFormMoments(variance: 1.7, covariance: 0.9))
    let piecewise = try GaussianIntegrator(activation: .relu, integration: .quadrature(points: 64))
      .moments(variance: 1.7, covariance: 0.9)
    #expect(abs(piecewise.derivativeCrossMoment - closed.derivativeCrossMoment) < 1e-12)
    let smooth = try GaussianExpectation(points: 64)
      .crossExpectation(of: { $0 > 0 ? 1 : 0 }, variance: 1.7, covariance: 0.9)
    #expect(abs(smooth.value - closed.derivativeCrossMoment) > 1e-4)
  }
}
