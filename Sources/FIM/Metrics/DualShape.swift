// The sizes of a metric's dual: output blocks, size C′·N, operator dimension D, normalisation c, rank bound.
import Spectra

/// The shape of the dual of a ``MetricRequest`` on N samples, shared by the dense and the matrix-free
/// ``MetricDual``.
///
/// ```
/// C′   = C, or 1 for a per-output metric          size = C′·N
/// D    = P (Fisher), M_l·M_{l−1} (block l), C·N (NTK), M_l (feature metric)
/// c    = N (Fisher, feature metric) or 1 (NTK)
/// rank ≤ min(C′N, D), ≤ (C′−1)N with softmax, ≤ C′(N−1) when centred
/// ```
///
/// Source: shared/science/karakida.md §3–§6 and conventions 1 and 6.
public struct DualShape: Sendable, Equatable, Codable {
  /// The number of samples N.
  public let samples: Int
  /// The number of output blocks C′ (C, or 1 for a per-output metric).
  public let blocks: Int
  /// The operator dimension D over which statistics are averaged.
  public let dimension: Int
  /// The normalisation c (N, or 1 for the NTK).
  public let scale: Double
  /// The largest rank the operator can have.
  public private(set) var maximumRank: Int

  /// The shape of `request` on `architecture` with `samples` inputs (the request is assumed valid).
  public init(request: MetricRequest, architecture arch: NetworkArchitecture, samples n: Int) {
    let c = arch.outputs
    switch request.kind {
    case .fisher:
      dimension = request.layer.map { arch.widths[$0] * arch.widths[$0 - 1] } ?? arch.parameterCount
    case .ntk:
      dimension = c * n
    case .featureMetric:
      dimension = arch.widths[request.layer ?? 0]
    }
    blocks = request.outputIndex == nil ? c : 1
    samples = n
    scale = request.kind == .ntk ? 1 : Double(n)
    var rank = min(blocks * n, dimension)
    if request.output == .softmax { rank = min(rank, (blocks - 1) * n) }
    if request.meanSubtracted { rank = min(rank, blocks * (n - 1)) }
    maximumRank = rank
  }

  /// The same dual weighted by a softmax factor: rank ≤ (C′ − 1)·N.
  var softmaxWeighted: DualShape {
    var copy = self
    copy.maximumRank = min(maximumRank, (blocks - 1) * samples)
    return copy
  }

  /// The dual's size C′·N.
  public var size: Int { blocks * samples }

  /// The number of exact zero eigenvalues of the operator beyond the dual's: `max(D − C′N, 0)`.
  public var exactZeroCount: Int { max(dimension - size, 0) }
}
