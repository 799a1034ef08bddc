// Block Lanczos top-k against the dense solver, on a plain Wishart matrix and on an exactly C-fold
// degenerate top eigenvalue; reported residuals against recomputed ones; restarts; determinism.
import Spectra
import TestSupport
import Testing

@Suite("Block Lanczos top-k")
struct BlockLanczosTests {
  /// Checks values against the dense top-k (relative 1e-10 of ‖A‖), residuals against recomputed ones,
  /// and orthonormality of the returned vectors.
  func expectMatchesDense(
    _ a: Matrix, _ pairs: TopEigenpairs, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let k = pairs.eigenvalues.count
    let dense = try SymmetricEigen.top(k, of: a).eigenvalues.reversed() as [Double]
    let scale = abs(dense[0])
    #expect(pairs.allConverged, sourceLocation: sourceLocation)
    for (x, y) in zip(pairs.eigenvalues, dense) {
      #expect(abs(x - y) <= 1e-10 * scale, "Ritz \(x) vs dense \(y)", sourceLocation: sourceLocation)
    }
    let recomputed = try IterativeFixtures.residuals(a, pairs)
    for (reported, actual) in zip(pairs.residualNorms, recomputed) {
      #expect(
        abs(reported - actual) <= 1e-12 * scale, "reported \(reported), true \(actual)",
        sourceLocation: sourceLocation)
      #expect(actual <= pairs.tolerance * pairs.normEstimate * 1.01, sourceLocation: sourceLocation)
    }
    let u = try #require(pairs.eigenvectors)
    let gram = try u.multiplied(by: u, transposingSelf: true)
    #expect((gram - .identity(k)).maxAbs <= 1e-12, sourceLocation: sourceLocation)
  }

  @Test("top 20 of a Wishart matrix equal dsyevr's")
  func wishartTop() throws {
    let a = try IterativeFixtures.wishart(dimension: 400, samples: 800, seed: 11)
    let pairs = try BlockLanczos(blockSize: 8, seed: 1).largest(
      20, of: DenseSymmetricOperator(a), vectors: true)
    try expectMatchesDense(a, pairs)
  }

  @Test("an exactly 10-fold top eigenvalue over a Wishart bulk: all copies and the next 5 bulk values")
  func degenerateOutliers() throws {
    let a = try IterativeFixtures.wishartWithOutliers(
      dimension: 500, samples: 1000, outliers: 10, outlier: 40, seed: 5)
    let pairs = try BlockLanczos(blockSize: 12, seed: 2).largest(
      15, of: DenseSymmetricOperator(a), vectors: true)
    try expectMatchesDense(a, pairs)
    for value in pairs.eigenvalues.prefix(10) { #expect(abs(value - 40) <= 1e-10 * 40) }
    #expect(pairs.eigenvalues[10] < 5)
  }

  @Test("one vector per block also finds every copy of an exactly 10-fold eigenvalue (locking, restarts)")
  func singleVectorFindsCopies() throws {
    let a = try IterativeFixtures.wishartWithOutliers(
      dimension: 500, samples: 1000, outliers: 10, outlier: 40, seed: 5)
    // A single-vector Krylov space holds one copy; the rest enter by the restarts from the locked vectors'
    // orthogonal complement, which rounding seeds with every copy's direction.
    let single = try BlockLanczos(blockSize: 1, tolerance: 1e-10, seed: 2).largest(
      15, of: DenseSymmetricOperator(a), vectors: true)
    try expectMatchesDense(a, single)
    for value in single.eigenvalues.prefix(10) { #expect(abs(value - 40) <= 1e-10 * 40) }
    #expect(single.restarts > 1, "one basis cannot hold the copies: \(single.restarts) restarts")
  }

  @Test("well-separated outliers stop before the first basis is full, with the dense values")
  func earlyConvergence() throws {
    let a = try IterativeFixtures.wishartWithOutliers(
      dimension: 400, samples: 800, outliers: 10, outlier: 60, seed: 7)
    // A first basis of 100 columns = 10 blocks; the check after each block ends the run earlier.
    let solver = BlockLanczos(blockSize: 10, maxBasisColumns: 100, tolerance: 1e-10, seed: 2)
    let pairs = try solver.largest(10, of: DenseSymmetricOperator(a), vectors: true)
    #expect(pairs.blockProducts < 10 && pairs.restarts == 1, "\(pairs.blockProducts) block products")
    try expectMatchesDense(a, pairs)
  }

  @Test("thick restarts in a small basis reach the same pairs")
  func restarts() throws {
    let a = try IterativeFixtures.wishart(dimension: 300, samples: 450, seed: 21)
    let solver = BlockLanczos(blockSize: 4, maxBasisColumns: 24, tolerance: 1e-11, maxRestarts: 500, seed: 3)
    let pairs = try solver.largest(8, of: DenseSymmetricOperator(a), vectors: true)
    #expect(pairs.restarts > 1)
    try expectMatchesDense(a, pairs)
  }

  @Test("same seed, same result; unconverged pairs are flagged, not thrown")
  func determinismAndFlags() throws {
    let a = try IterativeFixtures.wishart(dimension: 200, samples: 400, seed: 8)
    let op = try DenseSymmetricOperator(a)
    let first = try BlockLanczos(blockSize: 4, seed: 9).largest(6, of: op)
    let second = try BlockLanczos(blockSize: 4, seed: 9).largest(6, of: op)
    #expect(first.eigenvalues == second.eigenvalues && first.residualNorms == second.residualNorms)
    let starved = try BlockLanczos(blockSize: 2, maxBasisColumns: 8, maxRestarts: 1, seed: 9).largest(
      6, of: op)
    #expect(!starved.allConverged && starved.restarts == 2)
  }

  @Test("bad k and block size are refused")
  func errors() throws {
    let op = try DenseSymmetricOperator(.identity(5))
    expectError(.invalidInput, mentioning: ["k ≤ n = 5", "got 6"]) {
      _ = try BlockLanczos().largest(6, of: op)
    }
    expectError(.invalidInput, mentioning: ["block size"]) {
      _ = try BlockLanczos(blockSize: 0).largest(2, of: op)
    }
    expectError(.notSymmetric, mentioning: ["A_ij − A_ji"]) {
      _ = try DenseSymmetricOperator(Matrix([[1, 2], [0, 1]]))
    }
  }
}

@Suite("Deflated operator and small spaces")
struct DeflatedOperatorTests {
  @Test("deflating the 10-fold outliers exposes the bulk's top eigenvalues")
  func deflatedTop() throws {
    let a = try IterativeFixtures.wishartWithOutliers(
      dimension: 300, samples: 600, outliers: 10, outlier: 40, seed: 6)
    let op = try DenseSymmetricOperator(a)
    let outliers = try BlockLanczos(blockSize: 12, seed: 4).largest(10, of: op, vectors: true)
    let deflated = try DeflatedOperator(op, removing: try #require(outliers.eigenvectors))
    let bulkTop = try BlockLanczos(blockSize: 4, seed: 5).largest(3, of: deflated)
    let dense = try SymmetricEigen(a).eigenvalues
    #expect(bulkTop.allConverged)
    for (x, y) in zip(bulkTop.eigenvalues, dense.dropLast(10).reversed()) {
      #expect(abs(x - y) <= 1e-10 * 40)
    }
    expectError(.invalidInput, mentioning: ["not orthonormal"]) {
      _ = try DeflatedOperator(op, removing: Matrix(rows: 300, columns: 2, repeating: 1))
    }
  }

  @Test("k = n: the basis fills the space and returns the whole spectrum")
  func wholeSpace() throws {
    let g = RandomStream(seed: 3).gaussianMatrix(rows: 30, columns: 30)
    let a = (g + g.transposed).scaled(by: 0.5)
    let pairs = try BlockLanczos(blockSize: 7, seed: 1).largest(30, of: DenseSymmetricOperator(a))
    let dense = try SymmetricEigen(a).eigenvalues.reversed() as [Double]
    #expect(pairs.allConverged && pairs.restarts == 1)
    for (x, y) in zip(pairs.eigenvalues, dense) { #expect(abs(x - y) <= 1e-12 * abs(dense[0])) }
  }
}
