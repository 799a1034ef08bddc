// Single-vector Lanczos with full reorthogonalisation: the Jacobi matrix of one probe.

/// `m` steps of Lanczos on `(A, v)` with full reorthogonalisation against all previous vectors.
///
/// ```
/// q₁ = v/‖v‖,  w = A·q_j − α_j·q_j − β_{j−1}·q_{j−1},  α_j = q_jᵀ A q_j
/// w ← w − Q_j(Q_jᵀ w)  twice,  β_j = ‖w‖,  q_{j+1} = w/β_j
/// ```
/// (the projection against all of `Q_j` subsumes the three-term subtraction).
/// Full reorthogonalisation (Parlett 1998, §13.2) keeps the `q_j` orthonormal, so no spurious copies
/// of converged Ritz values ("ghosts") enter the quadrature; the two Gram–Schmidt passes are dgemm
/// products against the whole stored basis (unused columns are zero). The run stops early when
/// `β_j ≤ 1e-12·max(|α|, β)` (an invariant subspace: the rule is then exact for every `f`).
///
/// `orthogonalTo` (if not empty) holds orthonormal columns the Krylov space must avoid, e.g. the
/// deflated outliers: they are projected out of the start vector and of every new vector.
///
/// Complexity: `m` operator products of one column, `8·n·m²` flops of reorthogonalisation; memory
/// `n·m` doubles.
enum LanczosTridiagonalization {
  static func run<Operator: SymmetricOperator>(
    _ op: Operator, start v: [Double], steps m: Int, orthogonalTo locked: Matrix
  ) throws(LinearAlgebraError) -> LanczosQuadrature {
    let n = op.dimension
    var basis = Matrix(rows: n, columns: m)
    var q = try Matrix(rows: n, columns: 1, columnMajor: v).projectedOut(locked).projectedOut(locked)
    q = q.scaled(by: 1 / q.frobeniusNorm)
    var alpha: [Double] = []
    var beta: [Double] = []
    var residualNorm = 0.0
    for j in 0..<m {
      basis.elements.replaceSubrange((j * n)..<((j + 1) * n), with: q.elements)
      var w = try op.apply(q)
      let a = BLAS.ddot(q.elements, w.elements)
      alpha.append(a)
      w = w.projectedOut(basis).projectedOut(basis).projectedOut(locked)
      let b = w.frobeniusNorm
      let scale = max(alpha.map(abs).max() ?? 0, beta.max() ?? 0)
      if j == m - 1 || !(b > 1e-12 * scale) {
        residualNorm = b > 1e-12 * scale ? b : 0
        break
      }
      beta.append(b)
      q = w.scaled(by: 1 / b)
    }
    return try LanczosQuadrature(alpha: alpha, beta: beta, residualNorm: residualNorm)
  }
}
