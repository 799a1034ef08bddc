// The values-only two-stage dense eigensolver (dsyevd_2stage) against dsyevd.
import Spectra
import TestSupport
import Testing

@Suite("Two-stage symmetric eigenvalues")
struct TwoStageEigenTests {
  @Test("dsyevd_2stage equals dsyevd to 1e-12 of ‖A‖", arguments: [1, 17, 200, 513])
  func matchesDivideAndConquer(n: Int) throws {
    let g = RandomStream(seed: 77 + UInt64(n)).gaussianMatrix(rows: n, columns: n)
    let a = (g + g.transposed).scaled(by: 0.5)
    let reference = try SymmetricEigen(a).eigenvalues
    let twoStage = try SymmetricEigen.eigenvaluesTwoStage(a)
    let scale = reference.map(abs).max()!
    #expect(twoStage.count == n)
    #expect(zip(twoStage, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
  }

  @Test("allEigenvalues takes the two-stage driver from the threshold on, reproducibly")
  func sizeChoice() throws {
    let g = RandomStream(seed: 91).gaussianMatrix(rows: 300, columns: 300)
    let a = (g + g.transposed).scaled(by: 0.5)
    let divideAndConquer = try SymmetricEigen(a).eigenvalues
    let below = try SymmetricEigen.allEigenvalues(a, twoStageFrom: 301)
    let above = try SymmetricEigen.allEigenvalues(a, twoStageFrom: 300)
    #expect(below == divideAndConquer)
    #expect(above == (try SymmetricEigen.eigenvaluesTwoStage(a)))
    #expect(above == (try SymmetricEigen.allEigenvalues(a, twoStageFrom: 300)))
    let scale = divideAndConquer.map(abs).max()!
    #expect(zip(above, divideAndConquer).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
  }

  @Test("the workspace is dsyevd_2stage's own query from the threshold on, dsyevd's optimum below")
  func workspace() throws {
    let n = 300
    let twoStage = try SymmetricEigen.valuesWorkspaceDoubles(n: n, twoStageFrom: n)
    let divideAndConquer = try SymmetricEigen.valuesWorkspaceDoubles(n: n, twoStageFrom: n + 1)
    #expect(divideAndConquer == 66 * n + 1 + (3 + 5 * n + 1) / 2)
    #expect(twoStage >= 2 * n + 1)  // LAPACK's documented minimum LWORK for JOBZ = 'N'
    #expect(twoStage != divideAndConquer)
    #expect(SymmetricEigen.twoStageOrder == 4_000)
  }

  @Test("bad input is refused as by SymmetricEigen")
  func errors() {
    expectError(.dimensionMismatch, mentioning: ["square"]) {
      _ = try SymmetricEigen.eigenvaluesTwoStage(Matrix(rows: 2, columns: 3))
    }
  }
}
