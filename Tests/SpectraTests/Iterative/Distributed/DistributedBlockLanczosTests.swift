// Distributed block Lanczos on R in-process ranks against the dense eigen-solver and against itself.
import Spectra
import TestSupport
import Testing

/// A dense symmetric matrix with its rows split across ranks (each rank keeps A for simplicity; only its
/// rows of the vectors): `(A·V)_r = A[rows_r, :]·V`, V gathered by a sumAll of zero-padded slices.
struct RowSplitDenseOperator: DistributedSymmetricOperator, Sendable {
  let matrix: Matrix
  let communicator: ThreadedCommunicator
  var dimension: Int { matrix.rows }
  var globalRows: [Int] { Array(communicator.slice(of: matrix.rows)) }

  func apply(_ localBlock: Matrix) throws(LinearAlgebraError) -> Matrix {
    let rows = globalRows
    var padded = Matrix(rows: dimension, columns: localBlock.columns)
    for j in 0..<localBlock.columns { for (i, r) in rows.enumerated() { padded[r, j] = localBlock[i, j] } }
    let whole = communicator.sumAll(padded)
    return try matrix.selectingRows(rows).multiplied(by: whole)
  }
}

@Suite("Distributed block Lanczos")
struct DistributedBlockLanczosTests {
  /// A symmetric matrix with the given eigenvalues and a random orthogonal basis.
  static func matrix(_ eigenvalues: [Double], seed: UInt64) throws -> Matrix {
    let n = eigenvalues.count
    let g = RandomStream(seed: seed).gaussianMatrix(rows: n, columns: n)
    let q = try SymmetricEigen(g + g.transposed, vectors: true).eigenvectors!
    let a = try q.multiplied(by: Matrix.diagonal(eigenvalues)).multiplied(by: q, transposingOther: true)
    return (a + a.transposed).scaled(by: 0.5)
  }

  @Test("top-k equals dsyevd's largest eigenvalues (1e-10 relative) on 1…4 ranks", arguments: [1, 2, 3, 4])
  func topKMatchesDense(ranks: Int) throws {
    let values = (0..<60).map { 1 / Double($0 + 1) } + [3, 3, 3, 2.5]  // a triple top eigenvalue
    let a = try Self.matrix(values, seed: 11)
    let expected = Array(values.sorted(by: >).prefix(6))
    let results = try ThreadedCommunicator.run(ranks: ranks) { comm in
      try DistributedBlockLanczos(blockSize: 4, tolerance: 1e-11, seed: 5).largest(
        6, of: RowSplitDenseOperator(matrix: a, communicator: comm))
    }
    for result in results {
      #expect(result.allConverged)
      for (got, want) in zip(result.eigenvalues, expected) {
        #expect(isClose(got, want, relative: Tolerance.eigenvalue), "\(got) vs \(want)")
      }
      #expect(result.eigenvalues == results[0].eigenvalues, "every rank returns the same bits")
    }
  }

  @Test("the same R twice gives the same bits; the Ritz vectors are orthonormal across ranks")
  func reproducibleAndOrthonormal() throws {
    let a = try Self.matrix((0..<40).map { Double($0 % 7) + 0.1 * Double($0) }, seed: 3)
    func run() throws -> [TopEigenpairs] {
      try ThreadedCommunicator.run(ranks: 3) { comm in
        try DistributedBlockLanczos(blockSize: 3, seed: 9).largest(
          4, of: RowSplitDenseOperator(matrix: a, communicator: comm), vectors: true)
      }
    }
    let (first, second) = (try run(), try run())
    #expect(first.map(\.eigenvalues) == second.map(\.eigenvalues))
    #expect(first.map { $0.eigenvectors! } == second.map { $0.eigenvectors! })
    let u = Matrix(
      rows: 40, columns: 4,
      exactColumnMajor: (0..<4).flatMap { j in first.flatMap { $0.eigenvectors!.column(j) } })
    let gram = try u.multiplied(by: u, transposingSelf: true)
    #expect((gram - Matrix.identity(4)).maxAbs < 1e-12)
  }

  @Test("row-indexed random blocks do not depend on the split")
  func randomBlocksIndependentOfSplit() {
    let whole = RowIndexedGaussians.block(rows: Array(0..<10), columns: 3, seed: 4, tag: 7)
    let part = RowIndexedGaussians.block(rows: [7, 8, 9], columns: 3, seed: 4, tag: 7)
    for j in 0..<3 { for i in 0..<3 { #expect(part[i, j] == whole[7 + i, j]) } }
    let values = whole.elements
    let mean = values.reduce(0, +) / Double(values.count)
    #expect(abs(mean) < 1)
    #expect(Set(values).count == values.count)
  }

  @Test("slices partition the samples, the first N mod R one longer")
  func slices() {
    for (n, r) in [(10, 3), (4, 4), (7, 2), (5, 1)] {
      let parts = (0..<r).map { SerialCommunicator.slice(of: n, rank: $0, size: r) }
      #expect(parts.first!.lowerBound == 0 && parts.last!.upperBound == n)
      for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
      #expect(parts.map(\.count).max()! - parts.map(\.count).min()! <= 1)
    }
  }
}

@Suite("Distributed stochastic Lanczos quadrature")
struct DistributedSLQTests {
  @Test("the same Gauss rules on 1…4 ranks; W₁ to the exact spectrum within the a-priori bound")
  func rulesIndependentOfRanksAndWithinBound() throws {
    let g = RandomStream(seed: 21).gaussianMatrix(rows: 120, columns: 60)
    let a = try g.multiplied(by: g, transposingOther: true).scaled(by: 1 / 60)
    let exact = try SymmetricEigen(a).eigenvalues
    var reference: SpectralQuadratureEstimate? = nil
    for ranks in 1...4 {
      let estimates = try ThreadedCommunicator.run(ranks: ranks) { comm in
        let op = RowSplitDenseOperator(matrix: a, communicator: comm)
        let top = try DistributedBlockLanczos(blockSize: 2, tolerance: 1e-11, seed: 1).largest(
          2, of: op, vectors: true)
        return try DistributedStochasticLanczosQuadrature(steps: 25, probes: 8, seed: 4).estimate(
          op, deflating: top)
      }
      let estimate = estimates[0]
      #expect(estimates.allSatisfy { $0.measure == estimate.measure }, "every rank holds the same rules")
      if let reference {
        for (x, y) in zip(estimate.measure.nodes, reference.measure.nodes) {
          #expect(abs(x - y) <= 1e-9 * exact.last!, "R = \(ranks): node \(x) vs \(y)")
        }
        for (x, y) in zip(estimate.measure.weights, reference.measure.weights) {
          #expect(abs(x - y) <= 1e-9, "R = \(ranks): weight \(x) vs \(y)")
        }
      } else {
        reference = estimate
      }
      let weights = [Double](repeating: 1 / Double(exact.count), count: exact.count)
      let distance = estimate.measure.wassersteinDistance(to: WeightedPoints(nodes: exact, weights: weights))
      #expect(distance <= (try estimate.wassersteinBound()).total, "R = \(ranks)")
      for (deflated, value) in zip(estimate.deflatedEigenvalues, exact.reversed()) {
        #expect(abs(deflated - value) <= 1e-10 * value)
      }
    }
  }
}
