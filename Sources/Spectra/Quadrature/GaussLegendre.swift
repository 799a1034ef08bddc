// The n-point Gauss–Legendre rule on [−1, 1], by Newton's method on the Legendre polynomial.
import Foundation

/// An n-point Gauss–Legendre rule: `∫_{−1}^{1} f(t) dt ≈ Σ_i w_i f(t_i)`, exact for polynomials of degree
/// ≤ 2n − 1 and exponentially convergent for functions analytic near the interval.
///
/// ```
/// P_n(t_i) = 0,   w_i = 2 / ((1 − t_i²) P_n′(t_i)²)
/// ```
/// Nodes start at `cos(π(i + 3/4)/(n + 1/2))` and take Newton steps on the three-term recurrence
/// `(k+1) P_{k+1} = (2k+1) t P_k − k P_{k−1}` until the step is below 1e-15; nodes are symmetrised.
///
/// Source: Press et al., *Numerical Recipes* (3rd ed.), §4.6 (`gauleg`); Abramowitz & Stegun 25.4.29.
///
/// Complexity: O(n²) to build; n evaluations of f per integral.
public struct GaussLegendre: Sendable, Equatable {
  /// The node count n.
  public let points: Int
  /// Nodes in [−1, 1], ascending and symmetric about 0.
  public let nodes: [Double]
  /// Positive weights summing to 2.
  public let weights: [Double]

  /// The n-point rule.
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` when `points < 1`.
  public init(points n: Int) throws(LinearAlgebraError) {
    guard n >= 1 else {
      throw LinearAlgebraError(.invalidInput, "Gauss–Legendre needs at least 1 node, got \(n)")
    }
    if n == 1 {
      (points, nodes, weights) = (1, [0], [2])
      return
    }
    var t = [Double](repeating: 0, count: n)
    var w = [Double](repeating: 0, count: n)
    for i in 0..<((n + 1) / 2) {
      var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
      var derivative = 0.0
      for _ in 0..<100 {
        var (p0, p1) = (1.0, x)
        for k in 1..<n { (p0, p1) = (p1, ((2 * Double(k) + 1) * x * p1 - Double(k) * p0) / Double(k + 1)) }
        derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
        let step = p1 / derivative
        x -= step
        if abs(step) < 1e-15 { break }
      }
      let weight = 2 / ((1 - x * x) * derivative * derivative)
      (t[i], t[n - 1 - i]) = (-x, x)
      (w[i], w[n - 1 - i]) = (weight, weight)
    }
    if n % 2 == 1 { t[n / 2] = 0 }
    (points, nodes, weights) = (n, t, w)
  }

  /// `∫_a^b f(x) dx ≈ (b−a)/2 Σ_i w_i f((a+b)/2 + (b−a)/2 t_i)`.
  ///
  /// - Parameters:
  ///   - a: the lower limit.
  ///   - b: the upper limit.
  ///   - f: the integrand.
  public func integral(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
    let (mid, half) = ((a + b) / 2, (b - a) / 2)
    var sum = 0.0
    for i in 0..<points { sum += weights[i] * f(mid + half * nodes[i]) }
    return half * sum
  }
}
