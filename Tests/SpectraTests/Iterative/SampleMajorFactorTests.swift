import Foundation
import Testing

@testable import Spectra

/// The per-sample contractions of a stacked factor against plain loops, and their independence of the
/// number of workers.
@Suite("Sample-major factor contractions")
struct SampleMajorFactorTests {
  /// D ((C·N) × M), Z ((C·N) × b) and W ((M·b) × N) with a width that is not a multiple of the SIMD lanes.
  static func operands(n: Int = 7, c: Int = 3, m: Int = 13, b: Int = 2) -> (Matrix, Matrix, Matrix) {
    let stream = RandomStream(seed: 11)
    return (
      stream.gaussianMatrix(rows: c * n, columns: m), stream.gaussianMatrix(rows: c * n, columns: b),
      stream.gaussianMatrix(rows: m * b, columns: n)
    )
  }

  @Test("contract and expandAdd equal the defining sums; both layouts give the same factor")
  func definitions() throws {
    let (n, c, m, b) = (7, 3, 13, 2)
    let (d, z, w) = Self.operands(n: n, c: c, m: m, b: b)
    let factor = SampleMajorFactor(d, samples: n)
    #expect(factor.samples == n && factor.outputs == c && factor.width == m && factor.bytes == 8 * c * n * m)
    let u = factor.contract(z)
    #expect(u.rows == m * b && u.columns == n)
    for s in 0..<n {
      for j in 0..<b {
        for i in 0..<m {
          var expected = 0.0
          for k in 0..<c { expected += z[k * n + s, j] * d[k * n + s, i] }
          #expect(abs(u[i + m * j, s] - expected) <= 1e-14 * 10)
        }
      }
    }
    var y = RandomStream(seed: 5).gaussianMatrix(rows: c * n, columns: b)
    let start = y
    factor.expandAdd(w, into: &y)
    for s in 0..<n {
      for j in 0..<b {
        for k in 0..<c {
          var expected = start[k * n + s, j]
          for i in 0..<m { expected += d[k * n + s, i] * w[i + m * j, s] }
          #expect(abs(y[k * n + s, j] - expected) <= 1e-13)
        }
      }
    }
    // The same factor given sample-major (M × N·C, column n·C + k = row k·N + n of D).
    let sampleMajor = Matrix(rows: m, columns: n * c) { i, col in d[(col % c) * n + col / c, i] }
    let same = SampleMajorFactor(sampleMajor: sampleMajor, outputs: c)
    #expect(same.contract(z) == u)
  }

  @Test("the result does not depend on the number of workers (bit for bit)")
  func threadIndependence() throws {
    let (d, z, w) = Self.operands(n: 101, c: 4, m: 37, b: 3)
    let factor = SampleMajorFactor(d, samples: 101)
    let saved = BLASThreads.count
    defer { BLASThreads.set(saved) }
    var results: [(Matrix, Matrix)] = []
    for threads in [1, 2, 3] {
      BLASThreads.set(threads)
      var y = Matrix(rows: z.rows, columns: z.columns)
      factor.expandAdd(w, into: &y)
      results.append((factor.contract(z), y))
    }
    for r in results.dropFirst() {
      #expect(r.0 == results[0].0)
      #expect(r.1 == results[0].1)
    }
  }
}
