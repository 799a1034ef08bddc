// The mean-field comparison of a spectrum measured across ranks: every rank computes it (the softmax
// covariance sums are reduced over ranks), rank 0 reports it.
import FIM
import Foundation
import MPIBinding
import Spectra

extension SpectrumMPICommand {
  /// ``TheoryComparison`` of `measured`, or why there is none. Sampled inputs are standard Gaussian
  /// (q̂⁰ = (1, 0)); a network directory's inputs give their measured moments, from the sums over each
  /// rank's share of the samples (``inputMoments(_:width:_:)``). The shares of all ranks partition the N samples:
  /// `shareInputs` gives this rank's inputs (nil: none), `shareLogits` their logits. Collective (every
  /// rank calls it with the same source and request).
  func theory(
    measured: MeasuredStatistics, source: SpectrumMPISource, network: Network,
    communicator comm: MPICommunicator, shareInputs: () throws -> Matrix?, shareLogits: () throws -> Matrix?
  ) throws -> (comparison: TheoryComparison?, note: String?) {
    if noTheory { return (nil, "not requested (--no-theory)") }
    if !MetricDual.theoryApplies(depth: network.architecture.depth) {
      return (nil, MetricDual.noTheoryReason)
    }
    let c = network.architecture.outputs
    let moments =
      source.path == nil
      ? nil : try Self.inputMoments(shareInputs(), width: network.architecture.inputWidth, comm)
    let comparison = try TheoryComparison(
      measured: measured, network: network, samples: source.samples, inputMoments: moments,
      softmaxSums: { try Self.softmaxSums(shareLogits(), outputs: c, comm) })
    return (comparison, nil)
  }

  /// The input moments q̂₁⁰ = Σ‖x‖²/(N·M₀) and q̂₂⁰ = (‖Σx‖² − Σ‖x‖²)/(N(N−1)·M₀) of ``InputMoments/init(data:)``
  /// from each rank's share: one allreduce of M₀ + 2 numbers (Σ‖x‖², Σx, N).
  static func inputMoments(_ x: Matrix?, width: Int, _ comm: MPICommunicator) throws -> InputMoments {
    var sums = [Double](repeating: 0, count: width + 2)
    if let x, x.rows > 0 {
      for j in 0..<x.columns {
        for i in 0..<x.rows {
          let v = x[i, j]
          sums[0] += v * v
          sums[1 + j] += v
        }
      }
      sums[sums.count - 1] = Double(x.rows)
    }
    comm.sumAllInPlace(&sums)
    let (m0, n) = (Double(width), sums[sums.count - 1])
    let squares = sums[0]
    let total = sums[1..<(sums.count - 1)].reduce(0) { $0 + $1 * $1 }
    let q1 = squares / (n * m0)
    let q2 = (total - squares) / (n * (n - 1) * m0)
    return try InputMoments(secondMoment: q1, crossMoment: min(q1, max(-q1, q2)))
  }

  /// The softmax covariance sums over all ranks' shares: one allreduce of C² + 3 numbers, and the maximum
  /// λ_max(Q(n)) (≥ 0: Q(n) is positive semidefinite) from an allreduce of R numbers, each rank's at its
  /// index.
  static func softmaxSums(_ logits: Matrix?, outputs c: Int, _ comm: MPICommunicator) throws
    -> SoftmaxCovarianceSums
  {
    let local = try logits.flatMap { $0.rows > 0 ? try SoftmaxCovarianceSums(logits: $0) : nil }
    var summed = local?.summable ?? [Double](repeating: 0, count: c * c + 3)
    comm.sumAllInPlace(&summed)
    var largest = [Double](repeating: 0, count: comm.size)
    largest[comm.rank] = max(local?.largest ?? 0, 0)
    comm.sumAllInPlace(&largest)
    return SoftmaxCovarianceSums(summable: summed, outputs: c, largest: largest.max() ?? 0)
  }
}

/// The theory lines of a summary: `spectra`'s (``TheoryComparisonJSON``'s summary), or the note.
func theorySummary(_ theory: TheoryComparisonJSON?, note: String?) -> [String] {
  if let theory { return [theory.comparison.summary] }
  return note.map { ["theory: \($0)"] } ?? []
}
