// The fused Hadamard-Gram kernel, row-block masking and tiled mirroring against plain loops.
import Spectra
import TestSupport
import Testing

@Suite("Kronecker-expanded element-wise operations")
struct KroneckerOperationsTests {
  @Test(
    "addHadamardGram adds (D Dᵀ) ∘ (1 1ᵀ ⊗ G) to the lower triangle only",
    arguments: [(1, 5), (3, 4), (4, 1), (6, 7)])
  func hadamardGram(blocks: Int, n: Int) throws {
    let m = 9
    let d = RandomStream(seed: 2385).gaussianMatrix(rows: blocks * n, columns: m)
    let g = RandomStream(seed: 3).gaussianMatrix(rows: n, columns: n)  // not symmetric on purpose
    let start = RandomStream(seed: 4).gaussianMatrix(rows: blocks * n, columns: blocks * n)
    var k = start
    var narrow = Matrix(rows: blocks * n, columns: n)  // one block per panel
    var wide = Matrix.hadamardGramWorkspace(rows: blocks * n, blockSize: n, minimumPanelWidth: 2 * n)
    #expect(wide.columns == min(blocks, 2) * n)
    k.addHadamardGram(of: d, kroneckerExpanded: g, workspace: &narrow)
    k.addHadamardGram(of: d, kroneckerExpanded: g, workspace: &wide)  // accumulates; other panel width
    let ddt = try d.multiplied(by: d, transposingOther: true)
    for j in 0..<(blocks * n) {
      for i in 0..<(blocks * n) {
        let expected = i >= j ? start[i, j] + 2 * ddt[i, j] * g[i % n, j % n] : start[i, j]
        #expect(
          isClose(k[i, j], expected, absolute: Tolerance.reduction * (1 + abs(expected))), "(\(i), \(j))")
      }
    }
  }

  @Test(
    "multiplyRowBlocks masks every stacked block; mirrorTriangle copies exactly",
    arguments: [1, 63, 64, 65, 130])
  func maskAndMirror(n: Int) throws {
    let mask = RandomStream(seed: 5).gaussianMatrix(rows: 3, columns: 4)
    var a = RandomStream(seed: 6).gaussianMatrix(rows: 6, columns: 4)
    let original = a
    a.multiplyRowBlocks(by: mask)
    for i in 0..<6 { for j in 0..<4 { #expect(a[i, j] == original[i, j] * mask[i % 3, j]) } }
    var s = RandomStream(seed: UInt64(n)).gaussianMatrix(rows: n, columns: n)
    var t = s
    s.mirrorTriangle(from: .lower)
    t.symmetrize(from: .lower)
    #expect(s == t)
  }
}
