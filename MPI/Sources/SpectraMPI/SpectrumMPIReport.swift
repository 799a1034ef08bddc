// The record of one `spectra-mpi spectrum` run: configuration, ranks, reduction order, result, timings.
import FIM
import Foundation

/// What rank 0 prints and writes: enough to rerun the computation (seeds and sizes, or the network
/// directory; R) and to compare it with `spectra spectrum --method lanczos` (largest, mean,
/// second_moment, result.top.eigenvalues). The keys that do not apply are `null`: `network` for a sampled
/// network; `seed`, `data_seed` and `width` for a network directory (whose widths are `widths`), and
/// σ_w², σ_b² there unless given.
struct SpectrumMPIReport: Encodable {
  let tool: String
  let version: String
  let mpiLibrary: String
  let ranks: Int
  let reductionOrder: String
  let withinRankOrder: String
  let method: MPIMethod
  let metric: String
  /// The network directory (`--network`), null for a sampled network.
  @NullWhenAbsent var network: String?
  let activation: String
  /// The hidden width M of a sampled network (null for a network directory).
  @NullWhenAbsent var width: Int?
  /// M_0 … M_L.
  let widths: [Int]
  let inputWidth: Int
  let depth: Int
  let outputs: Int
  let samples: Int
  @NullWhenAbsent var sigmaW2: Double?
  @NullWhenAbsent var sigmaB2: Double?
  let parameterisation: Parameterisation
  /// The seeds of a sampled network's weights and inputs (null for a network directory).
  @NullWhenAbsent var seed: UInt64?
  @NullWhenAbsent var dataSeed: UInt64?
  let lanczosSeed: UInt64
  let topK: Int?
  let blockSize: Int?
  let tolerance: Double
  /// m over D (moments; the key of `spectra spectrum --json`).
  let m: Double?
  /// s over D (moments).
  let s: Double?
  /// λ_max (top-k).
  let lambdaMax: Double?
  /// The top-k eigenvalues in ascending order (as `spectra spectrum --json` lists them).
  let eigenvalues: [Double]?
  let result: DistributedMatrixFreeSpectrum
  /// Bytes each rank sends into the allreduce of one block product of `blockSize` columns.
  let bytesPerRankPerBlockProduct: Int
  let started: String
  /// Seconds of the distributed computation (after the forward pass).
  let seconds: Double
  /// Seconds of the whole command on rank 0.
  let totalSeconds: Double
  /// The mean-field comparison (sampled Gaussian inputs), or nil with ``theoryNote`` saying why.
  var theory: TheoryComparisonJSON? = nil
  /// Why there is no comparison, when there is none.
  var theoryNote: String? = nil

  /// snake_case keys, sorted, full precision.
  static var encoder: JSONEncoder {
    let e = JSONEncoder()
    e.keyEncodingStrategy = .convertToSnakeCase
    e.outputFormatting = [.sortedKeys, .prettyPrinted]
    e.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  var summary: String {
    var lines = ["spectra-mpi spectrum: \(metric), N = \(samples) over R = \(ranks) ranks"]
    if let top = result.top {
      lines.append(
        "top-\(top.eigenvalues.count): "
          + top.eigenvalues.map { String(format: "%.12g", $0) }.joined(separator: " "))
      lines.append("converged: \(top.converged.allSatisfy { $0 }), matvecs \(top.matrixVectorProducts)")
    }
    if let m, let s { lines.append(String(format: "m = %.15g  s = %.15g", m, s)) }
    if let o = result.overlap {
      lines.append(
        "mean-gradient overlap with the top \(o.topCount) (parameter space): "
          + o.parameterSpace.map { String(format: "%.4f", $0) }.joined(separator: " "))
    }
    if let e = result.estimates {
      let d = Double(result.dimension)
      lines.append(
        String(
          format: "Hutch++ (%d products each): m ≈ %.6g ± %.2g  s ≈ %.6g ± %.2g",
          e.traceEstimate.matrixVectorProducts,
          e.mean, e.traceEstimate.standardError / d, e.secondMoment,
          e.frobeniusSquaredEstimate.standardError / d))
    }
    lines.append(
      String(
        format: "%.3f s (allreduce %d bytes per block product per rank)", seconds, bytesPerRankPerBlockProduct
      ))
    lines += theorySummary(theory, note: theoryNote)
    return lines.joined(separator: "\n")
  }
}
