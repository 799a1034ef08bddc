// Rayleigh–Ritz extraction of the largest Ritz pairs from an orthonormal basis and its image.

/// The largest Ritz pairs of `A` on `span(V)`, from `V` (orthonormal, `n × m`) and `W = A·V`.
///
/// ```
/// H = ½(VᵀW + WᵀV) = S·Θ·Sᵀ   (dsyevd; symmetrised so rounding in W cannot make it unsymmetric)
/// Y = V·S_p,  A·Y = W·S_p,  R = A·Y − Y·Θ_p,  rᵢ = ‖R e_i‖₂
/// ```
/// Source: Parlett, *The Symmetric Eigenvalue Problem* (1998), §11.4 (Rayleigh–Ritz).
///
/// Complexity: `4·n·m² + 4·n·m·p` flops and an `m × m` dense eigenproblem.
struct RitzExtraction {
  /// The `p` largest Ritz values, descending.
  let values: [Double]
  /// Ritz vectors `Y` (`n × p`), in the order of ``values``.
  let vectors: Matrix
  /// `A·Y`.
  let images: Matrix
  /// `R = A·Y − Y·Θ`.
  let residuals: Matrix
  /// `‖R e_i‖₂`.
  let residualNorms: [Double]
  /// `max |θ|` over all `m` Ritz values.
  let normEstimate: Double
  /// `S_p`, the `m × p` coefficients of the Ritz vectors in the basis (`Y = V·S_p`).
  let rotation: Matrix

  /// - Parameters:
  ///   - basis: `V`, orthonormal columns.
  ///   - image: `W = A·V`.
  ///   - p: how many of the largest pairs.
  ///   - cross: `VᵀW` when the caller keeps it (``KrylovProjection``); nil computes it (`2·n·m²` flops).
  init(basis: Matrix, image: Matrix, count p: Int, cross: Matrix? = nil) throws(LinearAlgebraError) {
    let projection: Matrix
    if let cross {
      projection = cross
    } else {
      projection = try basis.multiplied(by: image, transposingSelf: true)
    }
    let (values, selected, normEstimate) = try Self.largestPairs(of: projection, count: p)
    self.values = values
    self.normEstimate = normEstimate
    rotation = selected
    vectors = try basis.multiplied(by: selected)
    images = try image.multiplied(by: selected)
    var r = images
    for j in 0..<p {
      for i in 0..<basis.rows { r[i, j] -= values[j] * vectors[i, j] }
    }
    residuals = r
    residualNorms = r.columnNorms
  }

  /// The `p` largest Ritz values (descending), their coefficients `S_p` (`m × p`) and `max |θ|`, from
  /// `VᵀW` (symmetrised).
  static func largestPairs(of cross: Matrix, count p: Int) throws(LinearAlgebraError)
    -> (values: [Double], rotation: Matrix, normEstimate: Double)
  {
    let m = cross.rows
    let projected = (cross + cross.transposed).scaled(by: 0.5)
    let eigen = try SymmetricEigen(projected, vectors: true)
    guard let s = eigen.eigenvectors else { preconditionFailure("dsyevd returned no vectors") }
    let order = Array(((m - p)..<m).reversed())
    var selected = Matrix(rows: m, columns: p)
    for (target, source) in order.enumerated() {
      selected.elements.replaceSubrange((target * m)..<((target + 1) * m), with: s.column(source))
    }
    return (order.map { eigen.eigenvalues[$0] }, selected, eigen.eigenvalues.map(abs).max() ?? 0)
  }

  /// Only the residual norms of the `p` largest Ritz pairs, `‖(W·S_p − V·S_p·Θ_p) e_i‖₂`: one `n × p`
  /// matrix instead of the three (Y, A·Y, R) of a full extraction, for a convergence test that usually
  /// fails. Equal to ``residualNorms`` of a full extraction to rounding.
  ///
  /// Complexity: `4·n·m·p` flops, `n·p` doubles.
  static func residualNorms(basis: Matrix, image: Matrix, count p: Int, cross: Matrix)
    throws(LinearAlgebraError) -> (values: [Double], residualNorms: [Double], normEstimate: Double)
  {
    let (values, selected, normEstimate) = try largestPairs(of: cross, count: p)
    var r = try image.multiplied(by: selected)
    var scaled = selected
    for j in 0..<p {
      for i in 0..<scaled.rows { scaled[i, j] *= values[j] }
    }
    BLAS.dgemm(transposeA: false, transposeB: false, alpha: -1, basis, scaled, beta: 1, &r)
    return (values, r.columnNorms, normEstimate)
  }
}
