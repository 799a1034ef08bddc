// The mean-field comparison of a spectrum measured across ranks: every rank computes it (the softmax
// covariance sums are reduced over ranks), rank 0 reports it.
import FIM
import Foundation
import MPIBinding
import Spectra

extension SpectrumMPICommand {
  /// ``TheoryComparison`` of `measured` for sampled Gaussian inputs (q̂⁰ = (1, 0)), or why there is none.
  /// Collective when the request is the softmax FIM: each rank gives the logits of its share of the
  /// samples (`shareLogits`, nil for none; the shares of all ranks partition the N samples) and the sums
  /// of their softmax covariances are reduced over ranks (``SoftmaxCovarianceSums``).
  func theory(
    measured: MeasuredStatistics, network: Network, communicator comm: MPICommunicator,
    shareLogits: () throws -> Matrix?
  ) throws -> (comparison: TheoryComparison?, note: String?) {
    if noTheory { return (nil, "not requested (--no-theory)") }
    if !MetricDual.theoryApplies(depth: network.architecture.depth) {
      return (nil, MetricDual.noTheoryReason)
    }
    let c = network.architecture.outputs
    let comparison = try TheoryComparison(
      measured: measured, network: network, samples: samples, inputMoments: nil,
      softmaxSums: { try Self.softmaxSums(shareLogits(), outputs: c, comm) })
    return (comparison, nil)
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

/// The theory lines of a summary: one per compared statistic, or the note.
func theorySummary(_ theory: TheoryComparison?, note: String?) -> [String] {
  guard let theory else { return note.map { ["theory: \($0)"] } ?? [] }
  var lines = ["theory (\(theory.matrix), M = \(theory.referenceWidth)):"]
  for s in theory.statistics {
    let predicted = s.predicted.map { String(format: "%.6g", $0) } ?? "—"
    let error = s.relativeError.map { String(format: "%+.2f %%", 100 * $0) } ?? "—"
    lines.append(
      String(format: "  %-24@ measured %.6g  predicted %@  (%@)", s.name, s.measured, predicted, error))
  }
  if let note = theory.note { lines.append("  note: \(note)") }
  return lines
}
