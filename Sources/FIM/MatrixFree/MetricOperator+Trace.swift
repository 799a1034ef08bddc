// The exact trace of a matrix-free dual from per-sample gradient norms and the mean-gradient products.
import Spectra

extension MetricOperator {
  /// `trace(dual)` exactly, without any Gram: the squared norms of the weighted per-sample gradients,
  /// corrected for centring by the C mean-gradient directions `W = [e_k ⊗ 1_N]`:
  ///
  /// ```
  /// trace = (1/c) Σ_j ‖Jᵀ 𝒫 z_j‖²,   z_j = E·ℬ·e_j  (supported on the sample n_j of column j)
  /// ‖Jᵀ𝒫z‖² = ‖Jᵀz‖² − (2/N)·aᵀ(KW)ᵀz + (1/N²)·aᵀ(WᵀKW)a,     a = Wᵀz
  /// ```
  /// `‖Jᵀ z_j‖²` for all j comes from one reverse sweep of the C′ columns `E·ℬ·(e_k ⊗ 1_N)`
  /// (`JacobianProducts/perSampleSquaredNorms(_:)`); `KW` is one product of C columns (centred only).
  /// Source: shared/science/karakida.md §3–§6; `trace = D·m`.
  ///
  /// - Complexity: a reverse sweep of C′ columns, one product of C columns when centred, O(C²·N);
  ///   memory that of a product of C columns.
  public func exactTrace() -> Double {
    let n = shape.samples
    let c = forward.network.architecture.outputs
    let blocks = shape.blocks
    let groups = weighting.embed(
      softmax.map { s in
        var w = MetricDual.meanGradientDirections(shape)
        OutputWeighting.applyFactor(s, to: &w, transposed: false)
        return w
      } ?? MetricDual.meanGradientDirections(shape))
    let norms = jacobian.perSampleSquaredNorms(groups)
    var total = 0.0
    for k in 0..<blocks {
      for i in 0..<n { total += norms[i, k] }
    }
    if request.meanSubtracted {
      let w = Matrix(rows: c * n, columns: c) { r, k in r / n == k ? 1 : 0 }
      let kw = jacobian.gramProduct(w)
      var wkw = Matrix(rows: c, columns: c)
      Matrix.multiplyAdd(w, transposingA: true, kw, into: &wkw)
      let nn = Double(n)
      for k in 0..<blocks {
        for i in 0..<n {
          let a = (0..<c).map { groups[$0 * n + i, k] }
          var cross = 0.0
          var quadratic = 0.0
          for p in 0..<c where a[p] != 0 {
            for q in 0..<c {
              cross += a[p] * kw[p * n + i, q] * a[q]
              quadratic += a[p] * wkw[p, q] * a[q]
            }
          }
          total += -2 / nn * cross + quadratic / (nn * nn)
        }
      }
    }
    return total / shape.scale
  }
}
