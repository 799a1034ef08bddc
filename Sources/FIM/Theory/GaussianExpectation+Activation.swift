// Quadrature for the Gaussian integrals of any smooth φ: E[φ(u)²] and the bivariate I_φ[q₁, q₂].
import Spectra

extension GaussianExpectation {
  /// `∫Du g(√q u)` for any smooth g, with the n-vs-2n error estimate.
  ///
  /// ```
  /// ∫Du g(√q u) ≈ Σ_i w_i g(√q x_i)
  /// ```
  ///
  /// Source: `shared/science/karakida.md` §8 (1-D Gauss–Hermite). Do not use for kinked g (ReLU, step).
  ///
  /// - Parameters:
  ///   - g: the integrand, e.g. `{ tanh($0) * tanh($0) }`.
  ///   - q: the variance, q ≥ 0.
  /// - Returns: the value and its error estimate.
  public func expectation(of g: (Double) -> Double, variance q: Double) -> QuadratureEstimate {
    let a = q.squareRoot()
    return expectation { u in g(a * u) }
  }

  /// `I_g[q₁, q₂] = E[g(u₁) g(u₂)]` for `(u₁, u₂) ~ N(0, [[q₁, q₂], [q₂, q₁]])`, any smooth g, by the 2-D
  /// product rule.
  ///
  /// ```
  /// c = q₂/q₁ (clamped to [−1, 1]),  s = √(1 − c²)
  /// I_g[q₁, q₂] ≈ Σ_i Σ_j w_i w_j g(√q₁ x_i) g(√q₁ (c x_i + s x_j))
  /// ```
  ///
  /// For `q₂ = 0` and odd g the result is exactly 0 (the inner sum runs over symmetric node pairs).
  ///
  /// Source: `shared/science/karakida.md` §2 (definition of I_g) and §8 (2-D Gauss–Hermite).
  ///
  /// - Parameters:
  ///   - g: the integrand.
  ///   - q1: the variance q₁ ≥ 0.
  ///   - q2: the covariance q₂ with `|q₂| ≤ q₁`.
  /// - Returns: the value and its error estimate.
  public func crossExpectation(of g: (Double) -> Double, variance q1: Double, covariance q2: Double)
    -> QuadratureEstimate
  {
    let (a, c, s) = BivariateGaussian.rotation(variance: q1, covariance: q2)
    return expectation2D { x, y in g(a * x) * g(a * (c * x + s * y)) }
  }
}

/// The rotation that writes a correlated Gaussian pair through two independent standard normals.
enum BivariateGaussian {
  /// `(√q₁, c, √(1 − c²))` with `c = q₂/q₁` clamped to [−1, 1] (c = 1 when q₁ = 0).
  static func rotation(variance q1: Double, covariance q2: Double) -> (a: Double, c: Double, s: Double) {
    let c = q1 > 0 ? min(1, max(-1, q2 / q1)) : 1
    return (q1.squareRoot(), c, (1 - c * c).squareRoot())
  }
}
