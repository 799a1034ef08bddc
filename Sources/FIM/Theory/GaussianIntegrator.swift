// Evaluates the Gaussian moments of one activation: closed form, or Gauss–Hermite with an error estimate.
import Foundation
import Spectra

/// The Gaussian moments of one activation φ at any (q₁, q₂), by closed form or by quadrature.
///
/// ```
/// moments(q₁, q₂) = (∫Du φ(√q₁u)², I_φ[q₁,q₂], ∫Du φ′(√q₁u)², I_φ′[q₁,q₂])
/// ```
///
/// Only two Gauss–Hermite rules are built, with n and 2n nodes. 2-D integrals take the n-point product
/// rule (n² evaluations) and 1-D integrals the 2n-point rule, because 1-D integrals cost O(n) and plain
/// Gauss–Hermite converges only like `exp(−c√n)` for tanh, whose poles sit at `±iπ/(2√q)`. The error
/// estimate is the largest `|Q_n − Q_{2n}|` over the four integrals: it estimates the error of the 2-D
/// values and bounds the (smaller) error of the 1-D values conservatively. The rules are built once
/// (O(n²), about 6 ms for n = 256), so an integrator can be reused across layers and sweeps.
///
/// Source: `shared/science/karakida.md` §2 and §8.
///
/// Complexity: closed forms O(1); quadrature about 5n² + 3n evaluations of φ (n² + 4n² for the 2-D
/// estimate), with φ and φ′ taken from one evaluation for tanh.
public struct GaussianIntegrator: Sendable {
  /// The activation φ.
  public let activation: Activation
  /// The evaluation method.
  public let integration: GaussianIntegration
  /// The n- and 2n-point rules, present when quadrature is used.
  public let rules: GaussianExpectation?

  /// An integrator for φ.
  ///
  /// - Throws: ``ConfigurationError`` (field `quadrature-points`) for a node count below 1, and (field
  ///   `integration`) when quadrature is forced on a kinked activation (ReLU).
  public init(activation: Activation, integration: GaussianIntegration = .default)
    throws(ConfigurationError)
  {
    guard integration.points >= 1 else {
      throw ConfigurationError(
        field: "quadrature-points", "the node count must be at least 1, got \(integration.points)")
    }
    let needsQuadrature: Bool
    switch integration {
    case .automatic: needsQuadrature = !activation.hasClosedFormGaussianIntegrals
    case .quadrature:
      guard activation.isSmooth else {
        throw ConfigurationError(
          field: "integration",
          "Gauss–Hermite quadrature is inaccurate for the kinked activation \(activation.rawValue) "
            + "(error about 2e-3); use the closed form (.automatic)")
      }
      needsQuadrature = true
    }
    self.activation = activation
    self.integration = integration
    if needsQuadrature {
      do {
        self.rules = try GaussianExpectation(points: integration.points)
      } catch {
        throw ConfigurationError(field: "quadrature-points", "\(error)")
      }
    } else {
      self.rules = nil
    }
  }

  /// Whether this integrator uses quadrature (otherwise closed forms).
  public var usesQuadrature: Bool { rules != nil }

  /// The four Gaussian moments of φ and φ′ at (q₁, q₂); see ``ActivationMoments``.
  ///
  /// - Parameters:
  ///   - q1: the variance q₁ ≥ 0.
  ///   - q2: the covariance q₂, `|q₂| ≤ q₁` (clamped to that range against rounding).
  public func moments(variance q1: Double, covariance q2: Double) -> ActivationMoments {
    if let rules { return quadratureMoments(variance: q1, covariance: q2, rules: rules) }
    // No rules means a closed form exists (decided at init).
    return activation.closedFormMoments(variance: q1, covariance: q2)!
  }

  private func quadratureMoments(
    variance q1: Double, covariance q2: Double, rules: GaussianExpectation
  ) -> ActivationMoments {
    let phi = activation
    let coarse = Self.sums(phi, q1, q2, rules.rule)
    let fine = Self.sums(phi, q1, q2, rules.refinedRule)
    let a = q1.squareRoot()
    let square: (Double) -> Double = { u in
      let f = Self.valueAndDerivative(phi, a * u).0
      return f * f
    }
    let dSquare: (Double) -> Double = { u in
      let d = Self.valueAndDerivative(phi, a * u).1
      return d * d
    }
    // 1-D: the 2n-point value; |Q_n − Q_2n| over-estimates its error.
    let squareFine = rules.refinedRule.expectation(square)
    let dSquareFine = rules.refinedRule.expectation(dSquare)
    let error = max(
      abs(coarse[1] - fine[1]), abs(coarse[3] - fine[3]), abs(rules.rule.expectation(square) - squareFine),
      abs(rules.rule.expectation(dSquare) - dSquareFine))
    return ActivationMoments(
      meanSquare: squareFine, crossMoment: coarse[1], derivativeMeanSquare: dSquareFine,
      derivativeCrossMoment: coarse[3], errorEstimate: error)
  }

  /// The 2-D quadrature sums `[–, I_φ, –, I_φ′]` with one rule: φ and φ′ share each evaluation point, and
  /// the inner sums run over symmetric node pairs (so odd φ at q₂ = 0 gives exactly 0).
  private static func sums(_ phi: Activation, _ q1: Double, _ q2: Double, _ rule: GaussHermite) -> [Double] {
    let (a, c, s) = BivariateGaussian.rotation(variance: q1, covariance: q2)
    let n = rule.points
    let x = rule.nodes
    let w = rule.weights
    var cross = 0.0
    var dCross = 0.0
    for i in 0..<n {
      let u1 = a * x[i]
      let (f1, d1) = Self.valueAndDerivative(phi, u1)
      let cx = c * x[i]
      var innerF = 0.0
      var innerD = 0.0
      for j in 0..<(n / 2) {
        let y = x[n - 1 - j]
        let up = a * (cx + s * y)
        let down = a * (cx + s * -y)
        let (fUp, dUp) = Self.valueAndDerivative(phi, up)
        let (fDown, dDown) = Self.valueAndDerivative(phi, down)
        innerF += w[j] * (fUp + fDown)
        innerD += w[j] * (dUp + dDown)
      }
      if n % 2 == 1 {
        let mid = a * cx
        let (fMid, dMid) = Self.valueAndDerivative(phi, mid)
        innerF += w[n / 2] * fMid
        innerD += w[n / 2] * dMid
      }
      cross += w[i] * f1 * innerF
      dCross += w[i] * d1 * innerD
    }
    return [0, cross, 0, dCross]
  }

  /// φ(x) and φ′(x) from one evaluation where possible (tanh: φ′ = 1 − φ²).
  @inline(__always)
  private static func valueAndDerivative(_ phi: Activation, _ x: Double) -> (Double, Double) {
    if phi == .tanh {
      let t = Foundation.tanh(x)
      return (t, 1 - t * t)
    }
    return (phi.value(x), phi.derivative(x))
  }
}
