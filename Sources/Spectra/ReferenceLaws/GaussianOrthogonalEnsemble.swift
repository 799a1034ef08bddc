// Sampler of GOE matrices scaled so that the spectrum tends to a semicircle of radius 2σ.

/// The Gaussian orthogonal ensemble scaled by `1/√n`: `H = σ·(A + Aᵀ)/√(2n)` with `A` an `n × n`
/// matrix of i.i.d. `N(0, 1)` entries.
///
/// ```
/// H_ij ~ N(0, σ²/n) (i ≠ j),   H_ii ~ N(0, 2σ²/n),   spectrum → WignerSemicircle(radius: 2σ)
/// ```
///
/// Source: Mehta, *Random Matrices* (3rd ed., 2004), ch. 2; Bai & Silverstein (2010), Thm 2.5.
public struct GaussianOrthogonalEnsemble: Sendable, Equatable {
  /// `n`, the order of `H`.
  public let dimension: Int
  /// `σ²`, so that off-diagonal entries have variance `σ²/n`.
  public let variance: Double

  /// The ensemble of `n × n` matrices `σ·(A + Aᵀ)/√(2n)`.
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` naming a non-positive dimension or variance.
  public init(dimension: Int, variance: Double = 1) throws(LinearAlgebraError) {
    guard dimension >= 1 else {
      throw LinearAlgebraError(.invalidInput, "GOE dimension must be positive, got \(dimension)")
    }
    guard variance > 0, variance.isFinite else {
      throw LinearAlgebraError(.invalidInput, "GOE variance must be positive, got \(variance)")
    }
    self.dimension = dimension
    self.variance = variance
    limitingLaw = try WignerSemicircle(variance: variance)
  }

  /// The limiting law, a semicircle of radius `2σ`.
  public let limitingLaw: WignerSemicircle

  /// One matrix `σ·(A + Aᵀ)/√(2n)`, `A` drawn from `stream` in row-major order.
  ///
  /// - Complexity: `n²` Gaussian draws and O(n²) additions.
  public func sample(using stream: RandomStream) -> Matrix {
    let a = stream.gaussianMatrix(rows: dimension, columns: dimension)
    return (a + a.transposed).scaled(by: (variance / (2 * Double(dimension))).squareRoot())
  }
}
