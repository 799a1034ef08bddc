// Box linear complementarity: against exhaustive enumeration of the active sets, and on singular matrices.
import Spectra
import TestSupport
import Testing

@Suite("Box complementarity")
struct BoxComplementarityTests {
  /// Every solution found by enumerating which indices sit at 0, at 1 or in between (small n only).
  private func enumerated(_ m: [[Double]], _ q: [Double]) -> [[Double]] {
    let n = q.count
    var found: [[Double]] = []
    var pattern = [Int](repeating: 0, count: n)
    func check() {
      var c = pattern.map { $0 == 1 ? 1.0 : 0.0 }
      let free = (0..<n).filter { pattern[$0] == 2 }
      if !free.isEmpty {
        // Solve M_FF c_F = −(q_F + M_F,fixed c_fixed) by Gaussian elimination.
        let k = free.count
        var a = free.map { i in free.map { j in m[i][j] } }
        var b = free.map { i in -q[i] - (0..<n).filter { pattern[$0] == 1 }.reduce(0) { $0 + m[i][$1] } }
        // A pivot below 1e-12 (entries of M are O(1)) makes this free set singular: no solution from it.
        for col in 0..<k {
          guard let piv = (col..<k).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[piv][col]) > 1e-12
          else { return }
          a.swapAt(col, piv)
          b.swapAt(col, piv)
          for r in 0..<k where r != col {
            let f = a[r][col] / a[col][col]
            for cc in 0..<k { a[r][cc] -= f * a[col][cc] }
            b[r] -= f * b[col]
          }
        }
        for (r, i) in free.enumerated() { c[i] = b[r] / a[r][r] }
      }
      let w = (0..<n).map { i in q[i] + (0..<n).reduce(0) { $0 + m[i][$1] * c[$1] } }
      for i in 0..<n {
        switch pattern[i] {
        case 0: if w[i] < -Tolerance.linearSolve { return }
        case 1: if w[i] > Tolerance.linearSolve { return }
        default: if c[i] < -Tolerance.linearSolve || c[i] > 1 + Tolerance.linearSolve { return }
        }
      }
      found.append(c)
    }
    func recurse(_ i: Int) {
      if i == n {
        check()
        return
      }
      for v in 0..<3 {
        pattern[i] = v
        recurse(i + 1)
      }
    }
    recurse(0)
    return found
  }

  @Test("matches exhaustive enumeration on random positive-definite problems", arguments: 1...30)
  func matchesEnumeration(seed: Int) throws {
    let stream = RandomStream(seed: UInt64(seed))
    let n = 2 + seed % 5
    let g = stream.gaussianMatrix(rows: n, columns: n + 2)
    let m = g.gram(scale: 1 / Double(n))
    let q = stream.gaussians(n)
    let rows = (0..<n).map { m.row($0) }
    let solution = BoxComplementarity.solve(matrix: m, offset: q)
    #expect(solution.residual < 1e-12)  // the solver's default stopping tolerance
    let expected = enumerated(rows, q)
    #expect(
      expected.count == 1, "a positive-definite problem has one solution, enumeration found \(expected.count)"
    )
    for i in 0..<n { #expect(isClose(solution.solution[i], expected[0][i], absolute: Tolerance.linearSolve)) }
  }

  @Test("singular matrices: the complementarity conditions hold and M·c is the enumerated one")
  func singular() throws {
    let stream = RandomStream(seed: 99)
    for trial in 0..<10 {
      let n = 6
      // Rank 2: many sliding coefficients give the same M·c.
      let g = stream.gaussianMatrix(rows: n, columns: 2)
      let m = g.gram()
      let q = stream.gaussians(n).map { $0 * 0.3 }
      let s = BoxComplementarity.solve(matrix: m, offset: q)
      let rows = (0..<n).map { m.row($0) }
      let w = (0..<n).map { i in q[i] + (0..<n).reduce(0) { $0 + rows[i][$1] * s.solution[$1] } }
      // Rank-deficient M: no condition number bounds the error of c, so these one-off thresholds only
      // assert the sign conditions up to 1e-8 and M·c (against the enumeration's elimination) to 1e-7.
      for i in 0..<n {
        let c = s.solution[i]
        #expect(c >= 0 && c <= 1)
        if c == 0 { #expect(w[i] >= -1e-8, "trial \(trial): c = 0 needs w ≥ 0, got \(w[i])") }
        if c == 1 { #expect(w[i] <= 1e-8, "trial \(trial): c = 1 needs w ≤ 0, got \(w[i])") }
        if c > 0 && c < 1 { #expect(abs(w[i]) < 1e-8, "trial \(trial): interior c needs w = 0, got \(w[i])") }
      }
      if let reference = enumerated(rows, q).first {
        let mc = (0..<n).map { i in (0..<n).reduce(0) { $0 + rows[i][$1] * s.solution[$1] } }
        let mr = (0..<n).map { i in (0..<n).reduce(0) { $0 + rows[i][$1] * reference[$1] } }
        for i in 0..<n { #expect(abs(mc[i] - mr[i]) < 1e-7) }
      }
    }
  }

  @Test("a warm start at the solution needs no sweep; the empty problem is solved trivially")
  func warmStartAndEmpty() {
    let m = Matrix([[2, 1], [1, 2]])
    let q = [-1.0, 3.0]
    let cold = BoxComplementarity.solve(matrix: m, offset: q)
    #expect(isClose(cold.solution[0], 0.5, absolute: Tolerance.reduction) && cold.solution[1] == 0)
    let warm = BoxComplementarity.solve(matrix: m, offset: q, start: cold.solution)
    #expect(warm.sweeps == 0)
    #expect(BoxComplementarity.solve(matrix: Matrix(rows: 0, columns: 0), offset: []).solution.isEmpty)
  }
}
