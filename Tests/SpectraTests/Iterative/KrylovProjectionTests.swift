// The incrementally kept projections VᵀW, WᵀW against their direct products, and the residual screen.
import TestSupport
import Testing

@testable import Spectra

@Suite("Krylov projections")
struct KrylovProjectionTests {
  /// ‖x − y‖_F / ‖y‖_F.
  func relativeFrobeniusError(_ x: Matrix, _ y: Matrix) -> Double {
    (x - y).frobeniusNorm / y.frobeniusNorm
  }

  /// A symmetric test matrix with a known spectrum: Q·diag(λ)·Qᵀ.
  static func operatorMatrix(n: Int) throws -> Matrix {
    let q = try BlockOrthonormalization.orthonormalize(
      RandomStream(seed: 4).gaussianMatrix(rows: n, columns: n), against: Matrix(rows: n, columns: 0),
      stream: RandomStream(seed: 5))
    var scaled = q
    for j in 0..<n { for i in 0..<n { scaled[i, j] *= 1 / Double(j + 1) } }
    return try scaled.multiplied(by: q, transposingOther: true)
  }

  @Test("appended block by block, and restarted, they equal VᵀW and WᵀW computed directly")
  func incrementalEqualsDirect() throws {
    let n = 60
    let a = try Self.operatorMatrix(n: n)
    let stream = RandomStream(seed: 9)
    var basis = Matrix(rows: n, columns: 0)
    var image = Matrix(rows: n, columns: 0)
    var projection = KrylovProjection()
    for width in [3, 1, 4, 2] {
      let block = try BlockOrthonormalization.orthonormalize(
        stream.gaussianMatrix(rows: n, columns: width), against: basis, stream: stream)
      let product = try a.multiplied(by: block)
      try projection.append(block: block, image: product, basis: basis, previousImage: image)
      basis.appendColumns(block)
      image.appendColumns(product)
    }
    let direct = try KrylovProjection(basis: basis, image: image)
    #expect(basis.columns == 10)
    #expect(relativeFrobeniusError(projection.cross, direct.cross) <= 1e-14)
    #expect(relativeFrobeniusError(projection.gram, direct.gram) <= 1e-14)

    let ritz = try RitzExtraction(basis: basis, image: image, count: 6)
    // The residual-only check equals the full extraction's residuals to rounding.
    let check = try RitzExtraction.residualNorms(
      basis: basis, image: image, count: 6, cross: projection.cross)
    #expect(zip(check.values, ritz.values).allSatisfy { abs($0 - $1) <= 1e-13 * ritz.normEstimate })
    #expect(
      zip(check.residualNorms, ritz.residualNorms).allSatisfy { abs($0 - $1) <= 1e-13 * ritz.normEstimate })
    try projection.restart(by: ritz.rotation)
    let restarted = try KrylovProjection(basis: ritz.vectors, image: ritz.images)
    #expect(relativeFrobeniusError(projection.cross, restarted.cross) <= 1e-13)
    #expect(relativeFrobeniusError(projection.gram, restarted.gram) <= 1e-13)
  }

  @Test("the screen passes an invariant subspace and stops a random one")
  func screen() throws {
    let n = 50
    let a = try Self.operatorMatrix(n: n)
    let eigen = try SymmetricEigen(a, vectors: true)
    let top = eigen.eigenvectors!.columns((n - 5)..<n)  // exact eigenvectors: zero residuals
    let exact = try KrylovProjection(basis: top, image: try a.multiplied(by: top))
    #expect(try exact.mayHaveConverged(count: 5, tolerance: 1e-10, dimension: n))
    let random = try BlockOrthonormalization.orthonormalize(
      RandomStream(seed: 2).gaussianMatrix(rows: n, columns: 5), against: Matrix(rows: n, columns: 0),
      stream: RandomStream(seed: 3))
    let rough = try KrylovProjection(basis: random, image: try a.multiplied(by: random))
    #expect(!(try rough.mayHaveConverged(count: 5, tolerance: 1e-10, dimension: n)))
    #expect(!(try rough.mayHaveConverged(count: 6, tolerance: 1e-10, dimension: n)))  // more than m
  }
}
