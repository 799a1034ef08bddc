// Test matrices for the matrix-free algorithms: Wishart bulks, exactly C-fold outliers, exact W₁.
import Spectra

/// Matrices with known spectra for the iterative-solver tests.
enum IterativeFixtures {
  /// `X·Xᵀ/samples` with `X` a `dimension × samples` standard Gaussian matrix.
  static func wishart(dimension: Int, samples: Int, seed: UInt64) throws -> Matrix {
    try WishartEnsemble(dimension: dimension, samples: samples).sample(using: RandomStream(seed: seed))
  }

  /// `P·W·P + outlier·U·Uᵀ` with `U` (`n × C`) orthonormal and `P = I − U·Uᵀ`: `span(U)` is an exactly
  /// C-fold eigenspace of eigenvalue `outlier`, the complement carries the Wishart bulk.
  static func wishartWithOutliers(
    dimension n: Int, samples: Int, outliers c: Int, outlier: Double, seed: UInt64
  ) throws -> Matrix {
    let w = try wishart(dimension: n, samples: samples, seed: seed)
    let g = RandomStream(seed: seed &+ 1).gaussianMatrix(rows: n, columns: c)
    let u = try SymmetricEigen(
      g.multiplied(by: g, transposingOther: true), indices: (n - c)..<n, vectors: true
    )
    .eigenvectors!
    let p = try Matrix.identity(n) - u.multiplied(by: u, transposingOther: true)
    let bulk = try p.multiplied(by: w).multiplied(by: p)
    let spike = try u.multiplied(by: u, transposingOther: true, scale: outlier)
    let a = bulk + spike
    return (a + a.transposed).scaled(by: 0.5)
  }

  /// `(1/n) Σ δ_{λᵢ}` as weighted points.
  static func empiricalMeasure(_ eigenvalues: [Double]) -> WeightedPoints {
    WeightedPoints(nodes: eigenvalues, weights: eigenvalues.map { _ in 1 / Double(eigenvalues.count) })
  }

  /// `‖A·uᵢ − θᵢ·uᵢ‖₂` recomputed from the dense matrix.
  static func residuals(_ a: Matrix, _ pairs: TopEigenpairs) throws -> [Double] {
    let u = pairs.eigenvectors!
    let au = try a.multiplied(by: u)
    return pairs.eigenvalues.indices.map { j in
      zip(au.column(j), u.column(j)).reduce(0) {
        $0 + ($1.0 - pairs.eigenvalues[j] * $1.1) * ($1.0 - pairs.eigenvalues[j] * $1.1)
      }
      .squareRoot()
    }
  }
}
