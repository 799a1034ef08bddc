// The health report flags asymmetry, negative eigenvalues, excess rank and trace mismatch, and refuses NaN.
import Spectra
import Testing

@Suite("Spectral health")
struct SpectralHealthTests {
  @Test("a Gram matrix of rank r passes with rank r")
  func healthyGram() throws {
    let a = RandomStream(seed: 2385).gaussianMatrix(rows: 40, columns: 7)
    let g = a.gram()
    let eig = try SymmetricEigen(g).eigenvalues
    let h = try SpectralHealth(matrix: g, eigenvalues: eig, maximumRank: 7)
    #expect(h.passed && h.numericalRank == 7 && h.symmetryResidual == 0)
    try h.validate()
    let tight = try SpectralHealth(matrix: g, eigenvalues: eig, maximumRank: 6)
    #expect(!tight.rankWithinBound)
    #expect(throws: LinearAlgebraError.self) { try tight.validate() }
  }

  @Test("asymmetry, a negative eigenvalue and a wrong eigenvalue sum are flagged; NaN is refused")
  func failures() throws {
    var m = Matrix([[2, 1], [1, 2]])
    let ok = try SpectralHealth(matrix: m, eigenvalues: [1, 3], maximumRank: 2)
    #expect(ok.passed)
    m[0, 1] = 1.001
    #expect(!(try SpectralHealth(matrix: m, eigenvalues: [1, 3], maximumRank: 2)).isSymmetric)
    let indefinite = Matrix([[1, 2], [2, 1]])
    let neg = try SpectralHealth(matrix: indefinite, eigenvalues: [-1, 3], maximumRank: 2)
    #expect(!neg.isPositiveSemidefinite)
    #expect(throws: LinearAlgebraError.self) { try neg.validate() }
    #expect(
      !(try SpectralHealth(matrix: Matrix([[2, 1], [1, 2]]), eigenvalues: [1, 3.1], maximumRank: 2))
        .traceAgrees)
    #expect(throws: LinearAlgebraError.self) {
      try SpectralHealth(matrix: Matrix([[.nan, 0], [0, 1]]), eigenvalues: [0, 1], maximumRank: 2)
    }
    #expect(throws: LinearAlgebraError.self) {
      try SpectralHealth(matrix: Matrix([[1, 0], [0, 1]]), eigenvalues: [1, .infinity], maximumRank: 2)
    }
  }
}
