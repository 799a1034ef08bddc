import Foundation
import Spectra
import TestSupport
import Testing

/// Gauss–Hermite rules under the standard normal measure: exact Gaussian moments up to degree 2n − 1,
/// exact zeros for odd integrands, product rule in 2-D, and the n-vs-2n error estimate.
@Suite("Gauss–Hermite expectations")
struct GaussHermiteTests {
  /// (2k − 1)!! = E[u^{2k}].
  static func doubleFactorial(_ k: Int) -> Double {
    var r = 1.0
    var j = 2 * k - 1
    while j > 1 {
      r *= Double(j)
      j -= 2
    }
    return r
  }

  @Test("E[u^{2k}] = (2k−1)!! exactly for 2k ≤ 2n − 1", arguments: [3, 8, 21])
  func evenMoments(points: Int) throws {
    let rule = try GaussHermite(points: points)
    #expect(isClose(rule.weights.reduce(0, +), 1, absolute: Tolerance.closedForm))
    for k in 0...(points - 1) {
      let exact = Self.doubleFactorial(k)
      let value = rule.expectation { u in
        var p = 1.0
        for _ in 0..<(2 * k) { p *= u }
        return p
      }
      #expect(isClose(value, exact, relative: Tolerance.reduction), "k = \(k): \(value) vs \(exact)")
    }
  }

  @Test("odd integrands give exactly 0; nodes are symmetric", arguments: [7, 64, 256])
  func oddIsZero(points: Int) throws {
    let rule = try GaussHermite(points: points)
    for i in 0..<points { #expect(rule.nodes[i] == -rule.nodes[points - 1 - i]) }
    #expect(rule.expectation { 2.385 * $0 + $0 * $0 * $0 } == 0)
    // 2-D: the inner sum over symmetric pairs makes E[g(x) h(y)] exactly 0 for odd h.
    #expect(rule.expectation2D { x, y in (1 + x * x) * (y * y * y - 0.7 * y) } == 0)
  }

  @Test("2-D product rule: E[x² y²] = 1, E[(x + y)⁴] = 12, E[x y] = 0")
  func twoDimensional() throws {
    let rule = try GaussHermite(points: 6)
    #expect(isClose(rule.expectation2D { x, y in x * x * y * y }, 1, absolute: Tolerance.longClosedForm))
    let fourth = rule.expectation2D { x, y in
      let s = x + y; return s * s * s * s
    }
    #expect(isClose(fourth, 12, absolute: Tolerance.reduction))
    #expect(isClose(rule.expectation2D { x, y in x * y }, 0, absolute: Tolerance.fewOperations))
  }

  @Test("the n-vs-2n estimate bounds the true error for E[cos u] = e^{−1/2}")
  func errorEstimate() throws {
    let exact = 0.60653065971263342  // exp(−1/2)
    for n in [2, 4, 8] {
      let estimate = try GaussianExpectation(points: n).expectation { cos($0) }
      let error = abs(estimate.value - exact)
      // The floor is half an ulp of e^{−1/2} ≈ 0.61: the estimate may be exactly 0 when n nodes already converge.
      #expect(error <= 1.01 * estimate.errorEstimate + 1e-16, "n = \(n)")
      #expect(estimate.points == n)
    }
    let converged = try GaussianExpectation(points: 20).expectation { cos($0) }
    #expect(isClose(converged.value, exact, absolute: Tolerance.fewOperations))
  }

  @Test("fewer than one node is refused")
  func invalid() {
    #expect(throws: LinearAlgebraError.self) { try GaussHermite(points: 0) }
  }
}
