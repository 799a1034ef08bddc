// The exact trace of a sample-sliced dual from per-sample gradient norms: one local reverse sweep.
import Spectra

extension SampleSlicedMetricOperator {
  /// `trace(dual)` exactly, as ``MetricOperator/exactTrace()`` does it, with the samples split across
  /// ranks:
  ///
  /// ```
  /// trace = (1/c) Σ_r Σ_{j on r} ‖Jᵀ 𝒫 z_j‖²,   z_j = E·ℬ·e_j
  /// ‖Jᵀ𝒫z‖² = ‖Jᵀz‖² − (2/N)·aᵀ(KW)ᵀz + (1/N²)·aᵀ(WᵀKW)a,     a = Wᵀz,  W = [e_k ⊗ 1_N]
  /// ```
  /// `‖Jᵀz_j‖²` is local (one reverse sweep of C′ columns on the rank's samples). When mean-subtracted,
  /// `KW` is one distributed product of C columns (one allreduce of C·P doubles) and `WᵀKW` one
  /// allreduce of C² numbers. The local sums are reduced once. Source: shared/science/karakida.md
  /// §3–§6; `m = trace/D`.
  ///
  /// - Complexity: a reverse sweep of C′ columns over n_r samples per rank, plus one product of C
  ///   columns when centred. This is m at any N, unlike ``exactMoments(panelColumns:)``.
  public func exactTrace() -> Double {
    let n = samples.count
    let total = shape.samples
    let c = forward.network.architecture.outputs
    let blocks = shape.blocks
    var directions = Matrix(rows: blocks * n, columns: blocks) { i, k in i / n == k ? 1 : 0 }
    if let softmax { OutputWeighting.applyFactor(softmax, to: &directions, transposed: false) }
    let groups = local.embed(directions)
    let norms = jacobian.perSampleSquaredNorms(groups)
    var sum = 0.0
    for k in 0..<blocks {
      for i in 0..<n { sum += norms[i, k] }
    }
    if request.meanSubtracted {
      let w = Matrix(rows: c * n, columns: c) { r, k in r / n == k ? 1 : 0 }
      let chunks = jacobian.sampleChunks(chunkSamples ?? JacobianProducts.automaticChunk(columns: c))
      let partial = jacobian.primalSums(w, chunks: chunks)
      let kw = jacobian.applyingPrimal(
        partial.refilled(from: communicator.sumAll(partial.flattened)), chunks: chunks, rows: c * n)
      var localCross = Matrix(rows: c, columns: c)
      Matrix.multiplyAdd(w, transposingA: true, kw, into: &localCross)
      let wkw = communicator.sumAll(localCross)
      let nn = Double(total)
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
          sum += -2 / nn * cross + quadratic / (nn * nn)
        }
      }
    }
    return communicator.sumAll(sum) / shape.scale
  }
}
