// The values-only two-stage dense eigensolver (stage 2 pipelined over threads) against dsyevd and LAPACK's
// own dsyevd_2stage.
import Spectra
import TestSupport
import Testing

@Suite("Two-stage symmetric eigenvalues")
struct TwoStageEigenTests {
  @Test(
    "the two-stage values equal dsyevd and dsyevd_2stage to 1e-12 of ‖A‖", arguments: [1, 2, 17, 200, 513])
  func matchesDivideAndConquer(n: Int) throws {
    let g = RandomStream(seed: 77 + UInt64(n)).gaussianMatrix(rows: n, columns: n)
    let a = (g + g.transposed).scaled(by: 0.5)
    let reference = try SymmetricEigen(a).eigenvalues
    let lapack = try SymmetricEigen.eigenvaluesLAPACKTwoStage(a)
    let twoStage = try SymmetricEigen.eigenvaluesTwoStage(a)
    let scale = reference.map(abs).max()!
    #expect(twoStage.count == n)
    #expect(zip(twoStage, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
    #expect(zip(lapack, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
  }

  @Test("the values do not depend on the threads of the bulge chasing, nor on the stored triangle")
  func threadIndependence() throws {
    let g = RandomStream(seed: 12).gaussianMatrix(rows: 350, columns: 350)
    let a = (g + g.transposed).scaled(by: 0.5)
    let one = try SymmetricEigen.eigenvaluesTwoStage(a, threads: 1)
    #expect(try SymmetricEigen.eigenvaluesTwoStage(a, threads: 2) == one)
    #expect(try SymmetricEigen.eigenvaluesTwoStage(a, threads: 3) == one)
    // The upper triangle alone (lower one poisoned) gives the same matrix, hence the same values.
    var upper = a
    for j in 0..<350 { for i in (j + 1)..<350 { upper[i, j] = .nan } }
    #expect(try SymmetricEigen.eigenvaluesTwoStage(upper, triangle: .upper, threads: 2) == one)
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

  @Test("the workspace counts both stages from the threshold on, dsyevd's optimum below")
  func workspace() throws {
    let n = 300
    let twoStage = try SymmetricEigen.valuesWorkspaceDoubles(n: n, twoStageFrom: n)
    let divideAndConquer = try SymmetricEigen.valuesWorkspaceDoubles(n: n, twoStageFrom: n + 1)
    #expect(divideAndConquer == 66 * n + 1 + (3 + 5 * n + 1) / 2)
    #expect(twoStage >= 2 * n + 1)  // LAPACK's documented minimum LWORK for JOBZ = 'N'
    // At least the band (kd + 1)·n and the working band (2·kd + 1)·n of the two stages.
    #expect(twoStage >= 3 * n)
    #expect(twoStage != divideAndConquer)
    #expect(SymmetricEigen.twoStageOrder == 2_000)
    #expect(SymmetricEigen.valuesRoute(order: 1_999) == "dsyevd")
    #expect(SymmetricEigen.valuesRoute(order: 2_000) == "two-stage")
  }

  @Test("bad input is refused as by SymmetricEigen")
  func errors() {
    expectError(.dimensionMismatch, mentioning: ["square"]) {
      _ = try SymmetricEigen.eigenvaluesTwoStage(Matrix(rows: 2, columns: 3))
    }
  }
}
