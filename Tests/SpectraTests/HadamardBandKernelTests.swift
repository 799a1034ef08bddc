import Spectra
import Testing

// The band kernel's run-wise passes against the plain per-element loops they replace (bit-identical),
// on bands that start inside a sample block and wrap around N more than once.
@Suite("Hadamard band kernel")
struct HadamardBandKernelTests {
  private func matrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    Matrix(rows: rows, columns: columns, exactColumnMajor: RandomStream(seed: seed).gaussians(rows * columns))
  }

  @Test(
    "hadamard pass equals out[i, t] += p[i, t]·f[(top + i) mod N, t] exactly",
    arguments: [(0, 7), (5, 7), (13, 3), (2, 40)])
  func hadamard(top: Int, n: Int) {
    let (height, width) = (17, 4)
    let p = matrix(height, width, seed: 1)
    let f = matrix(n, width, seed: 2)
    var out = matrix(height, width, seed: 3)
    var expected = out
    for t in 0..<width {
      for i in 0..<height { expected[i, t] += p[i, t] * f[(top + i) % n, t] }
    }
    HadamardBandKernel.accumulate(&out, product: p, factor: f, top: top, samples: n)
    #expect(out.elements == expected.elements)
  }

  @Test(
    "block-diagonal pass adds f[row mod N, t] exactly where row and column share a sample block",
    arguments: [(0, 7), (5, 7), (13, 3), (2, 40)])
  func blockDiagonal(top: Int, n: Int) {
    let height = 17
    let columns = [0, n - 1, n, 2 * n + 1, 3 * n + 2]
    let f = matrix(n, columns.count, seed: 4)
    var out = matrix(height, columns.count, seed: 5)
    var expected = out
    for (t, column) in columns.enumerated() {
      for i in 0..<height where (top + i) / n == column / n { expected[i, t] += f[(top + i) % n, t] }
    }
    HadamardBandKernel.addBlockDiagonal(&out, factor: f, top: top, columns: columns, samples: n)
    #expect(out.elements == expected.elements)
  }
}
