// Gauss–Hermite expectations under the standard normal measure Du (1-D and 2-D product rules).

/// An n-point Gauss–Hermite rule rescaled to the standard normal measure `Du = e^{−u²/2} du / √(2π)`.
///
/// ```
/// ∫ Du f(u)        ≈ Σ_i w_i f(x_i)
/// ∫ Dx Dy f(x, y)  ≈ Σ_i Σ_j w_i w_j f(x_i, x_j)
/// x_i = √2 t_i,  w_i = ω_i / √π     (t_i, ω_i: GSL's rule for the weight e^{−t²})
/// ```
///
/// The rule is exact for polynomials of degree ≤ 2n − 1 and converges fast for smooth (analytic)
/// integrands. It converges slowly for kinked integrands (ReLU, step): use closed forms there.
///
/// The nodes are symmetrised (`x_{n−1−i} = −x_i` exactly) and sums are taken over symmetric pairs, so
/// the expectation of an odd function is exactly 0 (for example `E[tanh u] = 0` to the last bit).
///
/// Source: `shared/science/karakida.md` §8 (1-D and 2-D product Gauss–Hermite).
///
/// Complexity: building the rule costs O(n²) (GSL's Golub–Welsch-type algorithm); a 1-D expectation
/// n evaluations of f, a 2-D expectation n².
public struct GaussHermite: Sendable, Equatable {
  /// Number of nodes n.
  public let points: Int
  /// Nodes `x_i` for the standard normal measure, ascending and symmetric about 0.
  public let nodes: [Double]
  /// Weights `w_i` for the standard normal measure (positive, summing to 1 up to rounding).
  public let weights: [Double]

  /// The n-point rule for the standard normal measure.
  ///
  /// - Parameter points: the node count n ≥ 1.
  /// - Throws: ``LinearAlgebraError`` with code `.invalidInput` when `points < 1`, or `.library` when GSL
  ///   cannot build the rule.
  public init(points: Int) throws(LinearAlgebraError) {
    let rule = try GSLQuadrature.hermite(points: points)
    let scale = 2.0.squareRoot()
    let norm = 1 / Double.pi.squareRoot()
    var x = [Double](repeating: 0, count: points)
    var w = [Double](repeating: 0, count: points)
    for i in 0..<points {
      let j = points - 1 - i
      // Symmetrise: the exact rule is symmetric, GSL's nodes agree with that up to rounding.
      x[i] = scale * (rule.nodes[i] - rule.nodes[j]) / 2
      w[i] = norm * (rule.weights[i] + rule.weights[j]) / 2
    }
    if points % 2 == 1 { x[points / 2] = 0 }
    self.points = points
    self.nodes = x
    self.weights = w
  }

  /// `∫ Du f(u) ≈ Σ_i w_i f(x_i)`, summed over symmetric node pairs `w_i (f(x_i) + f(−x_i))`.
  ///
  /// - Parameter f: the integrand.
  /// - Returns: the n-point approximation of the expectation of `f(u)`, `u ~ N(0, 1)`.
  public func expectation(_ f: (Double) -> Double) -> Double {
    var sum = 0.0
    for i in 0..<(points / 2) {
      let a = nodes[points - 1 - i]
      sum += weights[i] * (f(a) + f(-a))
    }
    if points % 2 == 1 { sum += weights[points / 2] * f(0) }
    return sum
  }

  /// `∫ Dx Dy f(x, y)` for independent standard normal x, y: the n²-point product rule, with the inner
  /// (y) sum over symmetric pairs.
  ///
  /// ```
  /// ∫ Dx Dy f(x, y) ≈ Σ_i w_i Σ_j w_j f(x_i, x_j)
  /// ```
  ///
  /// - Parameter f: the integrand.
  /// - Returns: the n²-point approximation of `E[f(x, y)]`.
  public func expectation2D(_ f: (Double, Double) -> Double) -> Double {
    var sum = 0.0
    for i in 0..<points {
      let x = nodes[i]
      sum += weights[i] * expectation { y in f(x, y) }
    }
    return sum
  }
}

/// A quadrature value with an error estimate.
///
/// ```
/// value         = Q_n[f]
/// errorEstimate = |Q_n[f] − Q_{2n}[f]|
/// ```
///
/// The estimate is conservative for `value` when the rule converges (the 2n-point result is far more
/// accurate than the n-point one).
///
/// Source: `shared/science/karakida.md` §8.
public struct QuadratureEstimate: Sendable, Equatable, Codable {
  /// The n-point result.
  public let value: Double
  /// `|Q_n − Q_{2n}|`, the difference between the n-point and the 2n-point results.
  public let errorEstimate: Double
  /// The node count n (per dimension).
  public let points: Int

  /// A value with its error estimate, from a rule of `points` nodes per dimension.
  public init(value: Double, errorEstimate: Double, points: Int) {
    self.value = value
    self.errorEstimate = errorEstimate
    self.points = points
  }
}

/// A pair of Gauss–Hermite rules (n and 2n nodes) that returns expectations with an error estimate.
///
/// ```
/// E[f(u)]          ≈ Q_n[f],  error ≈ |Q_n[f] − Q_{2n}[f]|      (1-D)
/// E[f(x, y)]       ≈ Q_n⊗Q_n[f], error ≈ |Q_n⊗Q_n[f] − Q_{2n}⊗Q_{2n}[f]|   (2-D)
/// ```
///
/// Source: `shared/science/karakida.md` §8.
///
/// Complexity: 3n evaluations of f in 1-D, 5n² in 2-D.
public struct GaussianExpectation: Sendable, Equatable {
  /// The n-point rule that gives the value.
  public let rule: GaussHermite
  /// The 2n-point rule that gives the error estimate.
  public let refinedRule: GaussHermite

  /// Builds the n- and 2n-point rules.
  ///
  /// - Parameter points: the node count n ≥ 1 of the rule that gives the value.
  /// - Throws: ``LinearAlgebraError`` as ``GaussHermite/init(points:)``.
  public init(points: Int) throws(LinearAlgebraError) {
    rule = try GaussHermite(points: points)
    refinedRule = try GaussHermite(points: 2 * points)
  }

  /// `E[f(u)]`, `u ~ N(0, 1)`, with the n-vs-2n error estimate.
  ///
  /// - Parameter f: the integrand.
  /// - Returns: the n-point value and `|Q_n − Q_{2n}|`.
  public func expectation(_ f: (Double) -> Double) -> QuadratureEstimate {
    let coarse = rule.expectation(f)
    let fine = refinedRule.expectation(f)
    return QuadratureEstimate(value: coarse, errorEstimate: abs(coarse - fine), points: rule.points)
  }

  /// `E[f(x, y)]` for independent standard normal x, y, with the n-vs-2n error estimate.
  ///
  /// - Parameter f: the integrand.
  /// - Returns: the n²-point value and `|Q_n⊗Q_n − Q_{2n}⊗Q_{2n}|`.
  public func expectation2D(_ f: (Double, Double) -> Double) -> QuadratureEstimate {
    let coarse = rule.expectation2D(f)
    let fine = refinedRule.expectation2D(f)
    return QuadratureEstimate(value: coarse, errorEstimate: abs(coarse - fine), points: rule.points)
  }
}
