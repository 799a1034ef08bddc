// Sampler of real Wishart (sample-covariance) matrices W = X·Xᵀ/n, whose spectrum tends to Marchenko–Pastur.

/// Real Wishart matrices `W = X·Xᵀ/n` with `X` a `p × n` matrix of i.i.d. `N(0, σ²)` entries.
///
/// ```
/// W = (1/n)·X·Xᵀ  (p × p),     E[W] = σ²·I,     spectrum → MarchenkoPastur(ratio: p/n, variance: σ²)
/// ```
///
/// Source: Wishart, Biometrika 20A (1928) 32; Bai & Silverstein (2010), ch. 3.
public struct WishartEnsemble: Sendable, Equatable {
  /// `p`, the order of `W`.
  public let dimension: Int
  /// `n`, the number of samples (columns of `X`).
  public let samples: Int
  /// `σ²`, the variance of the entries of `X`.
  public let variance: Double

  /// The ensemble of `p × p` matrices `X·Xᵀ/n`.
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` naming a non-positive dimension, sample count or
  ///   variance.
  public init(dimension: Int, samples: Int, variance: Double = 1) throws(LinearAlgebraError) {
    guard dimension >= 1 else {
      throw LinearAlgebraError(.invalidInput, "Wishart dimension p must be positive, got \(dimension)")
    }
    guard samples >= 1 else {
      throw LinearAlgebraError(.invalidInput, "Wishart sample count n must be positive, got \(samples)")
    }
    guard variance > 0, variance.isFinite else {
      throw LinearAlgebraError(.invalidInput, "Wishart entry variance must be positive, got \(variance)")
    }
    self.dimension = dimension
    self.samples = samples
    self.variance = variance
    limitingLaw = try MarchenkoPastur(ratio: Double(dimension) / Double(samples), variance: variance)
  }

  /// The limiting law `MarchenkoPastur(ratio: p/n, variance: σ²)`.
  public let limitingLaw: MarchenkoPastur

  /// One matrix `X·Xᵀ/n`, `X` drawn from `stream` (row-major order, see ``RandomStream/gaussianMatrix(rows:columns:standardDeviation:)``).
  ///
  /// - Complexity: `p·n` Gaussian draws and `p²·n` flops (dsyrk).
  public func sample(using stream: RandomStream) -> Matrix {
    let x = stream.gaussianMatrix(rows: dimension, columns: samples, standardDeviation: variance.squareRoot())
    return x.gram(scale: 1 / Double(samples))
  }
}
