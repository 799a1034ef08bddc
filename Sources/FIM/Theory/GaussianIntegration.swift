// How the Gaussian integrals of an activation are evaluated: closed form or Gauss–Hermite quadrature.

/// The evaluation method for the Gaussian integrals of φ that drive the order-parameter recursions.
///
/// Source: `shared/science/karakida.md` §8 (closed forms where they exist; Gauss–Hermite for tanh and other
/// smooth φ; never plain Gauss–Hermite for kinked φ, which get Gauss–Legendre pieces split at the kinks).
public enum GaussianIntegration: Sendable, Equatable, Codable {
  /// The closed form where the activation has one (``GaussianIntegrals/closedForm(_:)``); quadrature with
  /// `points` nodes per dimension otherwise (tanh, silu, sigmoid, softplus, elu, shifted forms).
  case automatic(points: Int)
  /// Quadrature with `points` nodes per dimension even where a closed form exists (to check closed forms):
  /// Gauss–Hermite for smooth φ, Gauss–Legendre pieces split at the kinks for kinked φ (ReLU, abs, …).
  case quadrature(points: Int)

  /// The default node count for quadrature, 256 per dimension of the 2-D integrals (Gauss–Hermite 1-D
  /// integrals and the piecewise Gauss–Legendre values use 2 × 256 nodes).
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
