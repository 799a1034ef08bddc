import Foundation
import Spectra
import TestSupport
import Testing

/// Residual checks of the symmetric eigen-solver (GSL eigen/test.c style: A·V = V·Λ and VᵀV = I within
/// c·n·eps·‖A‖), and agreement of the index-range solver with the full spectrum.
@Suite("Symmetric eigen-solver")
struct SymmetricEigenTests {
  static func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix {
    let g = RandomStream(seed: seed).gaussianMatrix(rows: n, columns: n)
    return (g + g.transposed).scaled(by: 0.5)
  }

  @Test("residuals ‖AV − VΛ‖ and ‖VᵀV − I‖ are O(n·eps·‖A‖)", arguments: [2, 7, 64, 257])
  func residuals(n: Int) throws {
    let a = Self.randomSymmetric(n, seed: 2385 + UInt64(n))
    let eig = try SymmetricEigen(a, vectors: true)
    let v = try #require(eig.eigenvectors)
    let av = try a.multiplied(by: v)
    let vl = try v.multiplied(by: .diagonal(eig.eigenvalues))
    let tol = 10 * Double(n) * .ulpOfOne * a.frobeniusNorm
    #expect((av - vl).frobeniusNorm <= tol)
    let vtv = try v.multiplied(by: v, transposingSelf: true)
    #expect((vtv - .identity(n)).frobeniusNorm <= 10 * Double(n) * .ulpOfOne)
    #expect(zip(eig.eigenvalues, eig.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 })
    // Values-only path agrees with the vectors path.
    let valuesOnly = try SymmetricEigen(a).eigenvalues
    #expect(zip(valuesOnly, eig.eigenvalues).allSatisfy { abs($0 - $1) <= tol })
  }

  @Test("top-k and index ranges equal the tail of the full spectrum")
  func topK() throws {
    let a = Self.randomSymmetric(120, seed: 7)
    let full = try SymmetricEigen(a).eigenvalues
    let top = try SymmetricEigen.top(5, of: a, vectors: true)
    #expect(top.eigenvalues.count == 5)
    let norm = abs(full.last!)
    for (x, y) in zip(top.eigenvalues, full.suffix(5)) {
      #expect(isClose(x, y, absolute: Tolerance.eigenvalue * norm))
    }
    let mid = try SymmetricEigen(a, indices: 10..<20)
    for (x, y) in zip(mid.eigenvalues, full[10..<20]) {
      #expect(isClose(x, y, absolute: Tolerance.eigenvalue * norm))
    }
    #expect(top.firstIndex == 115)
  }

  @Test("only the requested triangle is read")
  func triangleRead() throws {
    var a = Self.randomSymmetric(30, seed: 3)
    let reference = try SymmetricEigen(a).eigenvalues
    for j in 0..<30 { for i in 0..<j { a[i, j] = .nan } }  // poison the upper triangle
    let lower = try SymmetricEigen(a, triangle: .lower).eigenvalues
    #expect(lower == reference)
  }

  @Test("bad input is refused with a message naming the problem")
  func errors() throws {
    #expect {
      _ = try SymmetricEigen(Matrix(rows: 3, columns: 4))
    } throws: { ($0 as? LinearAlgebraError)?.code == .dimensionMismatch }
    var nanMatrix = Matrix.identity(4)
    nanMatrix[2, 1] = .nan
    do {
      _ = try SymmetricEigen(nanMatrix)
      Issue.record("NaN accepted")
    } catch {
      #expect(error.code == .nonFinite)
      #expect(error.message.contains("(2, 1)"))
    }
    #expect {
      _ = try SymmetricEigen.top(0, of: .identity(3))
    } throws: { ($0 as? LinearAlgebraError)?.code == .invalidInput }
  }
}

/// The CBLAS symbols must bind to OpenBLAS, not GSL's reference CBLAS (≈ 40× slower): checked by asking
/// the dynamic linker which library defines `cblas_dgemm`, not by timing.
@Suite("BLAS binding")
struct BLASBindingTests {
  @Test("cblas_dgemm resolves to OpenBLAS, and OpenBLAS reports its configuration")
  func openBLASIsBound() throws {
    let library = BLASBinding.library()
    #expect(library != nil, "cblas_dgemm is not loaded")
    #expect(BLASBinding.isOpenBLAS, "cblas_dgemm resolves to \(library ?? "nothing"), not OpenBLAS")
    #expect(!(library ?? "").contains("gslcblas"))
    #expect(BLASBinding.library(of: "no_such_symbol_deepspectra") == nil)
    #expect(BLASThreads.configuration.contains("OpenBLAS"))
  }

  @Test("dgemm agrees with a naive triple loop")
  func gemmCorrect() throws {
    let r = RandomStream(seed: 5)
    let a = r.gaussianMatrix(rows: 7, columns: 5)
    let b = r.gaussianMatrix(rows: 5, columns: 9)
    let c = try a.multiplied(by: b)
    for i in 0..<7 {
      for j in 0..<9 {
        let naive = (0..<5).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
        #expect(isClose(c[i, j], naive, absolute: Tolerance.longClosedForm))
      }
    }
    let g = a.gram()
    let explicit = try a.multiplied(by: a, transposingOther: true)
    #expect((g - explicit).maxAbs < Tolerance.longClosedForm)
    #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
  }
}
