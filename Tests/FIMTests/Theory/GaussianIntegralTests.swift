import FIM
import Foundation
import Spectra
import TestSupport
import Testing

/// Closed-form Gaussian integrals (karakida §8) against Gauss–Hermite quadrature and against independent
/// high-precision references (mpmath, 20 digits, adaptive quadrature split at the kinks).
@Suite("Theory: Gaussian integrals")
struct GaussianIntegralTests {
  static let pairs: [(Double, Double)] = [(0.3, 0.1), (1.0, 0.0), (1.7, -0.6), (2.385, 2.0), (4.0, 4.0)]

  @Test(
    "erf and linear: closed forms equal quadrature (default 256 nodes) to the Gauss–Hermite tolerance",
    arguments: [Activation.erf, .linear])
  func closedFormMatchesQuadrature(activation: Activation) throws {
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
          isClose(b, a, absolute: Tolerance.gaussHermite),
          "\(activation) q = (\(q1), \(q2)): closed \(a), quadrature \(b)")
      }
      #expect(numeric.errorEstimate <= Tolerance.gaussHermite)
    }
  }

  @Test("ReLU arc-cosine closed form matches a 20-digit reference")
  func reluReference() throws {
    let a = try #require(Activation.relu.closedFormMoments(variance: 2.0, covariance: 0.7))
    #expect(isClose(a.meanSquare, 1.0, absolute: Tolerance.fewOperations))
    #expect(isClose(a.crossMoment, 0.51301313636963437, absolute: Tolerance.closedForm))
    #expect(isClose(a.derivativeMeanSquare, 0.5, absolute: Tolerance.fewOperations))
    #expect(isClose(a.derivativeCrossMoment, 0.30690920865200739, absolute: Tolerance.closedForm))
    let b = try #require(Activation.relu.closedFormMoments(variance: 1.3, covariance: -0.4))
    #expect(isClose(b.crossMoment, 0.11677514029477378, absolute: Tolerance.closedForm))
    #expect(isClose(b.derivativeCrossMoment, 0.20022163016835476, absolute: Tolerance.closedForm))
    // Independent limits: c = 0 gives (E φ)² = q₁/(2π) and 1/4; c = 1 gives the diagonal values.
    let c0 = try #require(Activation.relu.closedFormMoments(variance: 3, covariance: 0))
    #expect(isClose(c0.crossMoment, 3 / (2 * Double.pi), absolute: Tolerance.fewOperations))
    #expect(isClose(c0.derivativeCrossMoment, 0.25, absolute: Tolerance.fewOperations))
    let c1 = try #require(Activation.relu.closedFormMoments(variance: 3, covariance: 3))
    #expect(isClose(c1.crossMoment, 1.5, absolute: Tolerance.fewOperations))
    #expect(isClose(c1.derivativeCrossMoment, 0.5, absolute: Tolerance.fewOperations))
  }

  @Test(
    "tanh quadrature matches a 20-digit reference within its error estimate",
    arguments: [
      (2.3, 1.2, [0.54446580498391054, 0.25609608760250678, 0.32881694536779897, 0.22621486249014137]),
      (1.0, 0.3, [0.39429449039784117, 0.11066838554744633, 0.46440290244826824, 0.37299191234191517]),
      (0.5, -0.2, [0.27367630793673891, -0.10608106710022148, 0.59242579337179639, 0.53622435141718544]),
    ])
  func tanhReference(q1: Double, q2: Double, reference: [Double]) throws {
    let integrator = try GaussianIntegrator(activation: .tanh)
    #expect(integrator.usesQuadrature)
    let m = integrator.moments(variance: q1, covariance: q2)
    let values = [m.meanSquare, m.crossMoment, m.derivativeMeanSquare, m.derivativeCrossMoment]
    // tanh's poles at ±iπ/2 slow the rule at q₁ = 2.3: its estimate is allowed 10× the smooth class.
    #expect(m.errorEstimate < 10 * Tolerance.gaussHermite)
    for (v, r) in zip(values, reference) {
      #expect(
        isClose(v, r, absolute: max(Tolerance.longClosedForm, 2 * m.errorEstimate)),
        "q = (\(q1), \(q2)): \(v) vs \(r)")
    }
  }

  @Test("tanh quadrature error shrinks with the node count, and the estimate tracks it")
  func tanhConvergence() throws {
    let reference = 0.32881694536779897  // ∫Du tanh′(√2.3 u)²
    var previous = Double.infinity
    for n in [32, 64, 128, 256] {
      let m = try GaussianIntegrator(activation: .tanh, integration: .quadrature(points: n))
        .moments(variance: 2.3, covariance: 1.2)
      let error = abs(m.derivativeMeanSquare - reference)
      #expect(error < previous, "n = \(n)")
      #expect(
        error <= 1.1 * m.errorEstimate + Tolerance.fewOperations,
        "n = \(n): error \(error) estimate \(m.errorEstimate)")
      previous = error
    }
  }

  @Test("odd φ at q₂ = 0 gives I_φ = 0 exactly", arguments: [Activation.tanh, .erf, .linear])
  func oddCentred(activation: Activation) throws {
    let integrator = try GaussianIntegrator(activation: activation, integration: .quadrature(points: 64))
    #expect(integrator.moments(variance: 1.7, covariance: 0).crossMoment == 0)
    if let closed = activation.closedFormMoments(variance: 1.7, covariance: 0) {
      #expect(closed.crossMoment == 0)
    }
  }

  @Test("generic smooth φ: crossExpectation of erf equals Williams' closed form")
  func genericClosure() throws {
    let rules = try GaussianExpectation(points: 64)
    let value = rules.crossExpectation(of: { Foundation.erf($0) }, variance: 1.3, covariance: 0.5)
    #expect(isClose(value.value, 2 / Double.pi * asin(2 * 0.5 / 3.6), absolute: Tolerance.reduction))
    let square = rules.expectation(of: { $0 * $0 * $0 * $0 }, variance: 2)
    #expect(isClose(square.value, 12, absolute: Tolerance.reduction))
  }

  @Test("a node count below 1 is refused with the field named")
  func refusals() {
    do {
      _ = try GaussianIntegrator(activation: .tanh, integration: .automatic(points: 0))
      Issue.record("expected an error")
    } catch {
      #expect(error.field == "quadrature-points")
    }
  }
}
