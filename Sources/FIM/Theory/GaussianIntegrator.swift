// Evaluates the Gaussian moments of one activation: closed form, or quadrature with an error estimate.
import Foundation
import Spectra

/// The Gaussian moments of one activation φ at any (q₁, q₂), by closed form or by quadrature.
///
/// ```
/// moments(q₁, q₂) = (∫Du φ(√q₁u)², I_φ[q₁,q₂], ∫Du φ′(√q₁u)², I_φ′[q₁,q₂])
/// ```
///
/// The method follows the activation's ``GaussianIntegrals`` (``GaussianIntegration/automatic(points:)``)
/// or is forced to quadrature (``GaussianIntegration/quadrature(points:)``, to check closed forms):
/// * smooth φ (no ``ActivationFunction/kinks``): Gauss–Hermite with n and 2n nodes. 2-D integrals take
///   the n-point product rule (n² evaluations) and 1-D integrals the 2n-point rule, because 1-D integrals
///   cost O(n) and plain Gauss–Hermite converges only like `exp(−c√n)` for tanh, whose poles sit at
///   `±iπ/(2√q)`. The error estimate is the largest `|Q_n − Q_{2n}|` over the four integrals;
/// * kinked φ: Gauss–Legendre pieces split at the kinks (`PiecewiseGaussianQuadrature`), 2n-point values
///   with the n-vs-2n difference as the estimate.
///
/// Source: `shared/science/karakida.md` §2 and §8.
///
/// Complexity: closed forms O(1); smooth quadrature about 5n² + 3n evaluations of φ, kinked about
/// 5n²·(pieces)² + 3n·pieces. The rules are built once, so an integrator is reused across layers.
public struct GaussianIntegrator: Sendable {
  /// The activation φ.
  public let activation: Activation
  /// The evaluation method requested.
  public let integration: GaussianIntegration
  private let method: Method

  private enum Method: Sendable {
    case closedForm(@Sendable (Double, Double) -> ActivationMoments)
    case hermite(GaussianExpectation)
    case piecewise(PiecewiseGaussianQuadrature)
  }

  /// An integrator for φ.
  ///
  /// - Throws: `ConfigurationError` (field `quadrature-points`) for a node count below 1.
  public init(activation: Activation, integration: GaussianIntegration = .default)
    throws(ConfigurationError)
  {
    guard integration.points >= 1 else {
      throw ConfigurationError(
        field: "quadrature-points", "the node count must be at least 1, got \(integration.points)")
    }
    self.activation = activation
    self.integration = integration
    if case .automatic = integration, case .closedForm(let f) = activation.function.gaussianIntegrals {
      method = .closedForm(f)
      return
    }
    do {
      method =
        activation.isSmooth
        ? .hermite(try GaussianExpectation(points: integration.points))
        : .piecewise(try PiecewiseGaussianQuadrature(points: integration.points))
    } catch {
      throw ConfigurationError(field: "quadrature-points", "\(error)")
    }
  }

  /// Whether this integrator uses quadrature (otherwise closed forms).
  public var usesQuadrature: Bool {
    if case .closedForm = method { return false }
    return true
  }

  /// `closed_form`, `gauss_hermite` (smooth φ) or `gauss_legendre_piecewise` (kinked φ), as in outputs.
  public var methodName: String {
    switch method {
    case .closedForm: return "closed_form"
    case .hermite: return "gauss_hermite"
    case .piecewise: return "gauss_legendre_piecewise"
    }
  }

  /// The four Gaussian moments of φ and φ′ at (q₁, q₂); see ``ActivationMoments``.
  ///
  /// - Parameters:
  ///   - q1: the variance q₁ ≥ 0.
  ///   - q2: the covariance q₂, `|q₂| ≤ q₁` (clamped to that range against rounding).
  public func moments(variance q1: Double, covariance q2: Double) -> ActivationMoments {
    switch method {
    case .closedForm(let f): return f(q1, q2)
    case .hermite(let rules): return hermiteMoments(q1, q2, rules)
    case .piecewise(let rules): return piecewiseMoments(q1, q2, rules)
    }
  }

  private func hermiteMoments(_ q1: Double, _ q2: Double, _ rules: GaussianExpectation) -> ActivationMoments {
    let phi = activation.function
    let coarse = Self.sums(phi, q1, q2, rules.rule)
    let fine = Self.sums(phi, q1, q2, rules.refinedRule)
    let a = q1.squareRoot()
    let square: (Double) -> Double = { u in
      let f = phi.valueAndDerivative(a * u).value
      return f * f
    }
    let dSquare: (Double) -> Double = { u in
      let d = phi.valueAndDerivative(a * u).derivative
      return d * d
    }
    // 1-D: the 2n-point value; |Q_n − Q_2n| over-estimates its error.
    let squareFine = rules.refinedRule.expectation(square)
    let dSquareFine = rules.refinedRule.expectation(dSquare)
    let error = max(
      abs(coarse.cross - fine.cross), abs(coarse.dCross - fine.dCross),
      abs(rules.rule.expectation(square) - squareFine), abs(rules.rule.expectation(dSquare) - dSquareFine))
    return ActivationMoments(
      meanSquare: squareFine, crossMoment: coarse.cross, derivativeMeanSquare: dSquareFine,
      derivativeCrossMoment: coarse.dCross, errorEstimate: error)
  }

  /// The 2-D Gauss–Hermite sums `(I_φ, I_φ′)` with one rule: φ and φ′ share each evaluation point, and
  /// the inner sums run over symmetric node pairs (so odd φ at q₂ = 0 gives exactly 0).
  private static func sums(_ phi: any ActivationFunction, _ q1: Double, _ q2: Double, _ rule: GaussHermite)
    -> (cross: Double, dCross: Double)
  {
    let (a, c, s) = BivariateGaussian.rotation(variance: q1, covariance: q2)
    let n = rule.points
    let x = rule.nodes
    let w = rule.weights
    var cross = 0.0
    var dCross = 0.0
    for i in 0..<n {
      let (f1, d1) = phi.valueAndDerivative(a * x[i])
      let cx = c * x[i]
      var innerF = 0.0
      var innerD = 0.0
      for j in 0..<(n / 2) {
        let y = x[n - 1 - j]
        let (fUp, dUp) = phi.valueAndDerivative(a * (cx + s * y))
        let (fDown, dDown) = phi.valueAndDerivative(a * (cx + s * -y))
        innerF += w[j] * (fUp + fDown)
        innerD += w[j] * (dUp + dDown)
      }
      if n % 2 == 1 {
        let (fMid, dMid) = phi.valueAndDerivative(a * cx)
        innerF += w[n / 2] * fMid
        innerD += w[n / 2] * dMid
      }
      cross += w[i] * f1 * innerF
      dCross += w[i] * d1 * innerD
    }
    return (cross, dCross)
  }

  /// Kinked φ: `u₁ = a x`, `u₂ = a(c x + s y)`; x is cut where `a x` is a kink k, y where `a(c x + s y) = k`.
  private func piecewiseMoments(_ q1: Double, _ q2: Double, _ rules: PiecewiseGaussianQuadrature)
    -> ActivationMoments
  {
    let phi = activation.function
    let (a, c, s) = BivariateGaussian.rotation(variance: q1, covariance: q2)
    let xBreaks = phi.kinks.map { $0 / a }
    let yBreaks: (Double) -> [Double] = { x in phi.kinks.map { ($0 / a - c * x) / s } }
    let square = rules.expectation(breaks: xBreaks) { u in
      let f = phi.value(a * u)
      return f * f
    }
    let dSquare = rules.expectation(breaks: xBreaks) { u in
      let d = phi.derivative(a * u)
      return d * d
    }
    let cross = rules.expectation2D(xBreaks: xBreaks, yBreaks: yBreaks) { x, y in
      phi.value(a * x) * phi.value(a * (c * x + s * y))
    }
    let dCross = rules.expectation2D(xBreaks: xBreaks, yBreaks: yBreaks) { x, y in
      phi.derivative(a * x) * phi.derivative(a * (c * x + s * y))
    }
    return ActivationMoments(
      meanSquare: square.value, crossMoment: cross.value, derivativeMeanSquare: dSquare.value,
      derivativeCrossMoment: dCross.value,
      errorEstimate: max(square.error, cross.error, dSquare.error, dCross.error))
  }
}
