// Exact m and s of a sample-sliced dual: every column of the dual by products, panel by panel.
import Spectra

extension SampleSlicedMetricOperator {
  /// `trace(dual)` and `‖dual‖_F²` exactly, from the dual's columns `dual·E_T` for panels T of whole
  /// samples (all C′ outputs of up to `panelColumns / C′` samples of one rank), taken as distributed
  /// products:
  ///
  /// ```
  /// for each rank q, each panel T of q's samples:  Y = dual·E_T   (E_T: unit columns, non-zero on q only)
  ///   ‖dual‖_F² += Σ_r ‖Y_r‖²,   trace += Σ_{j∈T} Y[j, j]   (on q)
  /// m = trace/D,  s = ‖dual‖_F²/D    (convention 1)
  /// ```
  /// Every rank takes part in every product (the panels are the whole dual's columns, in the order of the
  /// ranks' slices), so each rank does `1/R` of the sweeps; the two sums are accumulated locally in panel
  /// order and reduced once at the end. Source: shared/science/karakida.md §3–§6, convention 1.
  ///
  /// - Complexity: C′·N operator columns, about `4·C′·N²·Σ_l M_{l−1}M_l / R` flops per rank (≈ 4·M/C′
  ///   times the single-node panel method of ``MetricOperator/exactMoments(panelColumns:tileRows:progress:)``, which needs
  ///   every sample's factors on one node); communication C′N/b reductions of the product's buffer.
  public func exactMoments(panelColumns: Int = 256) throws(LinearAlgebraError) -> ExactMoments {
    let blocks = shape.blocks
    let n = shape.samples
    let localCount = samples.count
    let chunk = max(1, panelColumns / blocks)
    var trace = 0.0
    var frobenius = 0.0
    for owner in 0..<communicator.size {
      let slice = Communicator.slice(of: n, rank: owner, size: communicator.size)
      for first in stride(from: slice.lowerBound, to: slice.upperBound, by: chunk) {
        let panel = first..<min(slice.upperBound, first + chunk)
        let width = blocks * panel.count
        var x = Matrix(rows: blocks * localCount, columns: width)
        if owner == communicator.rank {
          for k in 0..<blocks {
            for (t, sample) in panel.enumerated() {
              x[k * localCount + sample - samples.lowerBound, k * panel.count + t] = 1
            }
          }
        }
        let y = try apply(x)
        for value in y.elements { frobenius += value * value }
        if owner == communicator.rank {
          for k in 0..<blocks {
            for (t, sample) in panel.enumerated() {
              trace += y[k * localCount + sample - samples.lowerBound, k * panel.count + t]
            }
          }
        }
      }
    }
    let sums = communicator.sumAll([trace, frobenius])
    return ExactMoments(trace: sums[0], frobeniusSquared: sums[1], dimension: shape.dimension)
  }
}
