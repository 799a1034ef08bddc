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

  @Test("bad input is refused as by SymmetricEigen")
  func errors() {
    expectError(.dimensionMismatch, mentioning: ["square"]) {
      _ = try SymmetricEigen.eigenvaluesTwoStage(Matrix(rows: 2, columns: 3))
    }
  }
}
