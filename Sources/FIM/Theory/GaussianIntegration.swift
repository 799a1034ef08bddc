// How the Gaussian integrals of an activation are evaluated: closed form or Gauss–Hermite quadrature.

/// The evaluation method for the Gaussian integrals of φ that drive the order-parameter recursions.
///
/// Source: `shared/science/karakida.md` §8 (closed forms for linear, ReLU and erf; Gauss–Hermite for
/// tanh and other smooth φ; never plain Gauss–Hermite for kinked φ).
public enum GaussianIntegration: Sendable, Equatable, Codable {
  /// The closed form where one exists (linear, ReLU, erf); Gauss–Hermite with `points` nodes per
  /// dimension otherwise (tanh).
  case automatic(points: Int)
  /// Gauss–Hermite with `points` nodes per dimension even where a closed form exists. Refused for kinked
  /// activations (ReLU), where the quadrature error is about 2e-3.
  case quadrature(points: Int)

  /// The default node count for quadrature, 256 per dimension of the 2-D integrals (1-D integrals use
  /// 2 × 256 nodes).
  ///
  /// Plain Gauss–Hermite converges only like `exp(−c√n)` for tanh because φ has poles at
  /// `u = ±iπ/(2√q)`: with `q ≈ 4` the 256-point error of `∫Du φ′(√q u)²` is about 3e-8, the 512-point
  /// error about 2e-11. The reported error estimate (n against 2n nodes) says how good a given run is.
  public static let defaultPoints = 256

  /// `.automatic(points: 256)`.
  public static let `default` = GaussianIntegration.automatic(points: defaultPoints)

  /// The node count per dimension used when quadrature is needed.
  public var points: Int {
    switch self {
    case .automatic(let n), .quadrature(let n): return n
    }
  }
}
