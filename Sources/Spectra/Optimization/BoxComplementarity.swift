// The box-constrained linear complementarity problem of a positive semi-definite matrix (a convex box QP).

/// The solution of a box linear complementarity problem and how well it satisfies its conditions.
public struct BoxComplementaritySolution: Sendable, Equatable {
  /// The solution c ∈ [0, 1]ⁿ.
  public let solution: [Double]
  /// The natural residual `max_i |c_i − clamp(c_i − w_i/s, 0, 1)|`, `w = M·c + q`, `s = max_i M_ii`.
  public let residual: Double
  /// Projected Gauss–Seidel sweeps used.
  public let sweeps: Int
}

/// Solves the box linear complementarity problem of a symmetric positive semi-definite `M`:
///
/// ```
/// find c ∈ [0, 1]ⁿ,  w = M·c + q,  with  c_i = 0 ⇒ w_i ≥ 0,   c_i = 1 ⇒ w_i ≤ 0,   0 < c_i < 1 ⇒ w_i = 0
/// ```
/// These are the optimality conditions of the convex quadratic programme
/// `min ½ cᵀMc + qᵀc` over the unit box, so a solution exists, and `M·c` is unique.
///
/// Method: projected Gauss–Seidel sweeps `c_i ← clamp(c_i − w_i/M_ii, 0, 1)` from a warm start,
/// alternated with an exact solve of `M_FF c_F = −(q_F + M_FB c_B)` on the current free set F
/// (Cholesky), accepted when it stays inside the box. The Newton step makes the answer exact once the
/// free set is identified; the sweeps guarantee convergence when `M_FF` is singular.
///
/// Source: Cottle, Pang & Stone, *The Linear Complementarity Problem* (1992), §5.2 (projected SOR for
/// symmetric LCPs). Used for the Filippov sliding velocity of hinge-loss flows
/// (shared/science/stripe.md §2.4, §5.1).
public enum BoxComplementarity {
  /// Solves the problem for the `n × n` matrix `m` (column-major, symmetric PSD) and offset `q`.
  ///
  /// - Parameters:
  ///   - m: the matrix M (`n × n`, symmetric positive semidefinite).
  ///   - q: the offset q (n entries).
  ///   - start: a warm start (clamped to the box); zeros when nil.
  ///   - tolerance: stop when the natural residual is below this.
  ///   - maxSweeps: cap on projected Gauss–Seidel sweeps.
  /// - Precondition: `m` is square with `q.count` rows and has no negative diagonal entry.
  public static func solve(
    matrix m: Matrix, offset q: [Double], start: [Double]? = nil, tolerance: Double = 1e-12,
    maxSweeps: Int = 20_000
  ) -> BoxComplementaritySolution {
    let n = q.count
    precondition(m.rows == n && m.columns == n, "need an n × n matrix for n = \(n)")
    guard n > 0 else { return BoxComplementaritySolution(solution: [], residual: 0, sweeps: 0) }
    let a = m.elements
    let diagonal = (0..<n).map { a[$0 * n + $0] }
    precondition(diagonal.allSatisfy { $0 >= 0 }, "a positive semi-definite matrix has no negative diagonal")
    let scale = max(diagonal.max() ?? 0, Double.leastNormalMagnitude)
    var c = (start ?? [Double](repeating: 0, count: n)).map { min(1, max(0, $0)) }
    precondition(c.count == n, "warm start needs \(n) entries")
    // w = M·c + q, kept up to date by column updates.
    var w = q
    for j in 0..<n where c[j] != 0 {
      for i in 0..<n { w[i] += a[j * n + i] * c[j] }
    }
    func residual() -> Double {
      var r = 0.0
      for i in 0..<n { r = max(r, abs(c[i] - min(1, max(0, c[i] - w[i] / scale)))) }
      return r
    }
    func update(_ j: Int, to value: Double) {
      let delta = value - c[j]
      guard delta != 0 else { return }
      c[j] = value
      for i in 0..<n { w[i] += a[j * n + i] * delta }
    }
    var sweeps = 0
    var r = residual()
    while r > tolerance && sweeps < maxSweeps {
      for _ in 0..<min(8, maxSweeps - sweeps) {
        for i in 0..<n {
          if diagonal[i] > 0 {
            update(i, to: min(1, max(0, c[i] - w[i] / diagonal[i])))
          } else {
            // A zero diagonal of a PSD matrix means a zero row: c_i only follows the sign of q_i.
            update(i, to: w[i] > 0 ? 0 : (w[i] < 0 ? 1 : c[i]))
          }
        }
        sweeps += 1
      }
      r = residual()
      if r > tolerance, let refined = freeSetSolve(a, n: n, q: q, c: c) {
        let saved = (c, w)
        for j in 0..<n { update(j, to: refined[j]) }
        let refinedResidual = residual()
        if refinedResidual < r { r = refinedResidual } else { (c, w) = saved }
      }
    }
    return BoxComplementaritySolution(solution: c, residual: r, sweeps: sweeps)
  }

  /// The exact solution on the free set `F = {0 < c_i < 1}` with the others fixed, or nil when the
  /// reduced matrix is not numerically positive definite or the solution leaves the box.
  private static func freeSetSolve(_ a: [Double], n: Int, q: [Double], c: [Double]) -> [Double]? {
    let free = (0..<n).filter { c[$0] > 0 && c[$0] < 1 }
    guard !free.isEmpty else { return nil }
    let k = free.count
    var l = [Double](repeating: 0, count: k * k)
    var rhs = [Double](repeating: 0, count: k)
    for (r, i) in free.enumerated() {
      var s = -q[i]
      for j in 0..<n where !(c[j] > 0 && c[j] < 1) { s -= a[j * n + i] * c[j] }
      rhs[r] = s
      for (col, j) in free.enumerated() { l[r + col * k] = a[j * n + i] }
    }
    guard let z = CholeskySolve.solve(&l, n: k, rhs) else { return nil }
    guard z.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
    var out = c
    for (r, i) in free.enumerated() { out[i] = z[r] }
    return out
  }
}

/// A small dense Cholesky solver in plain Swift (the free sets of sliding modes are tiny).
enum CholeskySolve {
  /// Solves `A z = b` for symmetric `A` (column-major `n × n`, overwritten by its factor); nil when a
  /// pivot is not positive relative to the largest diagonal entry (1e-13).
  static func solve(_ a: inout [Double], n: Int, _ b: [Double]) -> [Double]? {
    let largest = (0..<n).map { a[$0 * n + $0] }.max() ?? 0
    guard largest > 0 else { return nil }
    for j in 0..<n {
      var d = a[j * n + j]
      for k in 0..<j { d -= a[j + k * n] * a[j + k * n] }
      guard d > 1e-13 * largest else { return nil }
      let root = d.squareRoot()
      a[j * n + j] = root
      for i in (j + 1)..<n {
        var s = a[i + j * n]
        for k in 0..<j { s -= a[i + k * n] * a[j + k * n] }
        a[i + j * n] = s / root
      }
    }
    var z = b
    for i in 0..<n {
      var s = z[i]
      for k in 0..<i { s -= a[i + k * n] * z[k] }
      z[i] = s / a[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = z[i]
      for k in (i + 1)..<n { s -= a[k + i * n] * z[k] }
      z[i] = s / a[i * n + i]
    }
    return z
  }
}
