// Stage 2 of the two-stage reduction pipelined over threads, against LAPACK's sequential dsytrd_sb2st.
import TestSupport
import Testing

@testable import Spectra

@Suite("Bulge chasing on several threads")
struct BulgeChasingTests {
  /// A random symmetric matrix reduced to a band by stage 1.
  static func band(n: Int, bandwidth: Int, seed: UInt64) -> (matrix: Matrix, band: LowerBand) {
    let g = RandomStream(seed: seed).gaussianMatrix(rows: n, columns: n)
    let a = (g + g.transposed).scaled(by: 0.5)
    var work = a
    return (a, LAPACK.reduceToBand(&work, bandwidth: bandwidth))
  }

  @Test(
    "equal to dsytrd_sb2st to rounding, and bitwise the same for every thread count",
    arguments: [
      (n: 2, kd: 1), (n: 3, kd: 2), (n: 40, kd: 39), (n: 97, kd: 8), (n: 300, kd: 32), (n: 513, kd: 16),
    ])
  func matchesSequentialDriver(n: Int, kd: Int) {
    let (_, band) = Self.band(n: n, bandwidth: kd, seed: 5 + UInt64(n))
    let reference = LAPACK.tridiagonalSequential(band)
    let scale = band.elements.map(abs).max()!
    let one = BulgeChasing.tridiagonal(band, threads: 1)
    // The entries of T follow the reflectors' rounding, accumulated over n sweeps; its eigenvalues
    // agree to 1e-12 (`similarity`).
    let diagonalError = zip(one.diagonal, reference.diagonal).map { abs($0 - $1) }.max() ?? 0
    let offDiagonalError =
      zip(one.offDiagonal, reference.offDiagonal).map { abs(abs($0) - abs($1)) }.max() ?? 0
    #expect(diagonalError <= 1e-11 * scale, "diagonal off by \(diagonalError / scale)·max|B|")
    #expect(offDiagonalError <= 1e-11 * scale, "off-diagonal off by \(offDiagonalError / scale)·max|B|")
    #expect(one.diagonal.count == n && one.offDiagonal.count == n - 1)
    for threads in [2, 3, 4] {
      let pipelined = BulgeChasing.tridiagonal(band, threads: threads)
      #expect(pipelined.diagonal == one.diagonal, "threads \(threads)")
      #expect(pipelined.offDiagonal == one.offDiagonal, "threads \(threads)")
    }
  }

  @Test("the reflector kernels: dlarfg annihilates, dlarfy is H·C·H, and a zero vector gives τ = 0")
  func kernels() {
    var alpha = 3.0
    var x = [4.0, 0.0, 12.0]
    let tau = x.withUnsafeMutableBufferPointer { px in
      BulgeChasingKernels.householder(4, alpha: &alpha, x: px.baseAddress!)
    }
    // H·[3, 4, 0, 12] = [β, 0, 0, 0] with |β| = 13 and the sign opposite to α.
    let v = [1.0] + x
    let original = [3.0, 4.0, 0.0, 12.0]
    let vx = zip(v, original).reduce(0) { $0 + $1.0 * $1.1 }
    let image = (0..<4).map { original[$0] - tau * v[$0] * vx }
    #expect(abs(alpha + 13) <= 1e-14 * 13)
    #expect(abs(image[0] - alpha) <= 1e-13 && image.dropFirst().allSatisfy { abs($0) <= 1e-13 })
    var zeroAlpha = 2.0
    var zeros = [0.0, 0.0]
    let none = zeros.withUnsafeMutableBufferPointer { px in
      BulgeChasingKernels.householder(3, alpha: &zeroAlpha, x: px.baseAddress!)
    }
    #expect(none == 0 && zeroAlpha == 2)
  }

  @Test("the tridiagonal matrix has the eigenvalues of the dense one (dsyevd) to 1e-12 of ‖A‖")
  func similarity() throws {
    let (a, band) = Self.band(n: 257, bandwidth: 24, seed: 3)
    let (d, e) = BulgeChasing.tridiagonal(band, threads: 2)
    let values = try LAPACK.dsterf(diagonal: d, offDiagonal: e)
    let reference = try SymmetricEigen(a).eigenvalues
    let scale = reference.map(abs).max()!
    #expect(zip(values, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
    // Stage 1 alone preserves the trace: Σ d = Σ aᵢᵢ.
    let trace = (0..<257).reduce(0.0) { $0 + a[$1, $1] }
    #expect(abs(d.reduce(0, +) - trace) <= 1e-12 * scale * 257)
  }

  @Test("the scaling of dsyevd_2stage: tiny and huge matrices keep their eigenvalues")
  func scaledExtremes() throws {
    let g = RandomStream(seed: 8).gaussianMatrix(rows: 60, columns: 60)
    let a = (g + g.transposed).scaled(by: 0.5)
    let reference = try SymmetricEigen(a).eigenvalues
    for factor in [1e-300, 1e300] {
      let values = try SymmetricEigen.eigenvaluesTwoStage(a.scaled(by: factor), threads: 2)
      let scale = reference.map(abs).max()!
      #expect(values.allSatisfy { $0.isFinite })
      #expect(
        zip(values, reference).allSatisfy { abs($0 / factor - $1) <= 1e-12 * scale }, "factor \(factor)")
    }
    #expect(OverflowScaling(largestEntry: 1).factor == 1)
    #expect(OverflowScaling(largestEntry: 0).factor == 1)
    #expect(OverflowScaling(largestEntry: 1e-300).factor > 1)
    #expect(OverflowScaling(largestEntry: 1e300).factor < 1)
  }
}
