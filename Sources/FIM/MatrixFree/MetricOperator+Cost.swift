// The memory and flops of a matrix-free product, as functions of the architecture, N and the block size b.
import Spectra

extension MetricOperator {
  /// Peak working memory in bytes of one ``apply(_:)`` of `blockSize` columns, beyond the cached forward
  /// pass, for a forward pass cached as ``prefersGrams(architecture:samples:)`` says (8 bytes per double):
  ///
  /// ```
  /// 3·C·N·b                              input, cotangents, result
  /// N_c·b·(C + Σ_{l=l₀}^{L−1} M_l)       the reverse sweep's signals Δ^l of one chunk
  /// 3·N_c·b·max_{l≥l₀} M_l               tangent, next tangent, injection
  /// streamed:  b·Σ_{l in scope}(M_{l−1} + 1)·M_l  (Jᵀ·Z as b primal vectors)  +  N_c·(Σ_{l<L} M_l + Σ_{0<l<L} M_l + C)  (the chunk's slice)
  /// otherwise: max_l M_{l−1}·b·M_l      (Hᵀ·Δ of one parameter-route layer)
  /// ```
  /// with `l₀` the lowest layer the request reaches (1, the block l, or l + 1 for the feature metric).
  /// Products are streamed over chunks of `N_c = 16 384/b` samples when every layer in scope takes the
  /// parameter route (`N ≥ 2·M_{l−1}`) and `N_c < N`; otherwise `N_c = N`.
  public static func workingBytes(
    architecture arch: NetworkArchitecture, samples n: Int, blockSize b: Int, request: MetricRequest
  ) -> Int {
    let widths = arch.widths
    let depth = arch.depth
    let c = arch.outputs
    let lowest = request.kind == .featureMetric ? (request.layer ?? 0) + 1 : (request.layer ?? 1)
    let layers = request.kind == .featureMetric ? [] : request.layer.map { [$0] } ?? Array(1...depth)
    let gramRoute = prefersGrams(architecture: arch, samples: n) && layers.contains { n < 2 * widths[$0 - 1] }
    let chunk = gramRoute ? n : min(n, JacobianProducts.automaticChunk(columns: b))
    let signals = lowest <= depth - 1 ? (lowest...(depth - 1)).reduce(0) { $0 + widths[$1] } : 0
    let widest = widths[lowest...].max() ?? c
    var doubles = 3 * c * n * b + chunk * b * (c + signals) + 3 * chunk * b * widest
    if chunk < n {
      let primal =
        request.kind == .featureMetric
        ? widths[request.layer ?? 0] : layers.reduce(0) { $0 + (widths[$1 - 1] + 1) * widths[$1] }
      let hidden = widths.dropFirst().dropLast().reduce(0, +)
      doubles += b * primal + chunk * (widths.dropLast().reduce(0, +) + hidden + c)
    } else {
      doubles += layers.map { widths[$0 - 1] * b * widths[$0] }.max() ?? 0
    }
    return 8 * doubles
  }

  /// Whether a forward pass for the matrix-free operator should keep its Grams: when some layer takes the
  /// Gram route (`N < 2·M_{l−1}`, where `G·Δ` costs less than `H·(Hᵀ·Δ)`); they then cost
  /// `L·N² < 2·L·N·max M` doubles, the order of the activations.
  public static func prefersGrams(architecture arch: NetworkArchitecture, samples n: Int) -> Bool {
    n < 2 * (arch.widths.dropLast().max() ?? 0)
  }

  /// Bytes of the cached forward pass: derivatives `N·Σ_{l<L} M_l`, logits `N·C`, and the activations
  /// `N·Σ_{l<L} M_l` (with `M_0`) and/or the Grams `L·N²` as kept.
  public static func cachedBytes(
    architecture arch: NetworkArchitecture, samples n: Int, activations: Bool, grams: Bool
  ) -> Int {
    let widths = arch.widths
    let hidden = widths.dropFirst().dropLast().reduce(0, +)
    var doubles = n * hidden + n * arch.outputs
    if activations { doubles += n * (widths[0] + hidden) }
    if grams { doubles += arch.depth * n * n }
    return 8 * doubles
  }

  /// The flops of one ``apply(_:)`` of `columns` vectors (the BLAS-3 products; the O(C·N·b) weighting
  /// and elementwise passes are left out):
  ///
  /// ```
  /// reverse   Σ_{l=l₀}^{L−1} 2·N·b·M_{l+1}·M_l          forward   Σ_{l=l₀+1}^{L} 2·N·b·M_{l−1}·M_l
  /// layer l   2·N²·b·M_l (Gram route) or 4·N·b·M_{l−1}·M_l (parameter route), for each layer in scope
  /// ```
  ///
  /// On the stored-signals route: `Σ_{l in scope} 2·N²·b·M_l` for the gemms plus `4·C·N·b·Σ_{l<L} M_l` for the
  /// two passes over the stored signals.
  public func productFlops(columns b: Int) -> Double {
    let widths = forward.network.architecture.widths.map(Double.init)
    let depth = forward.network.architecture.depth
    let n = Double(shape.samples)
    let nb = n * Double(b)
    if let stored {
      let c = Double(forward.network.architecture.outputs)
      return stored.grams.keys.reduce(0.0) { total, l in
        total + 2 * n * nb * widths[l] + (l < depth ? 4 * c * nb * widths[l] : 0)
      }
    }
    let lowest = jacobian.lowestLayer
    var flops = 0.0
    for l in lowest..<depth { flops += 2 * nb * widths[l + 1] * widths[l] }
    for l in stride(from: lowest + 1, through: depth, by: 1) { flops += 2 * nb * widths[l - 1] * widths[l] }
    if case .features(let l) = jacobian.scope { flops += 2 * nb * widths[l + 1] * widths[l] }
    for l in jacobian.parameterLayers {
      flops +=
        jacobian.usesSampleGram(layer: l) ? 2 * n * nb * widths[l] : 4 * nb * widths[l - 1] * widths[l]
    }
    return flops
  }
}

/// How a ``MetricOperator`` computes `J·Jᵀ·Z`.
public enum ProductRoute: String, Sendable, Codable, CaseIterable {
  /// A reverse and a forward sweep through the network per product (`JacobianProducts`): memory of the
  /// order of one block of signals.
  case sweeps
  /// From the backward signals of every layer, computed once and kept (`StoredSignalProducts`): no sweep
  /// per product, `8·C·N·Σ_{l<L−1} M_l + 8·N·M_{L−1}` bytes resident.
  case storedSignals = "stored-signals"
}

extension MetricOperator {
  /// The largest resident signals the automatic route accepts: 1 GiB. A fixed figure, not the machine's
  /// free memory, so that one configuration always takes one route and gives the same bits.
  public static let storedSignalsLimit = 1 << 30

  /// Bytes of the stored signals D_l: `8·C·N·Σ_{l₀≤l<L−1} M_l` for a parameter request, plus `8·N·M_{L−1}`
  /// (φ′ᵀ) when the last hidden layer is in scope, whose signals are applied from the read-out weights
  /// (`ReadOutSignalFactor`); 0 for the feature metric, which never stores them.
  public static func storedBytes(
    architecture arch: NetworkArchitecture, samples n: Int, request: MetricRequest
  )
    -> Int
  {
    guard request.kind != .featureMetric else { return 0 }
    let depth = arch.depth
    let layers = request.layer.map { [$0] } ?? Array(1...depth)
    let width = layers.filter { $0 < depth - 1 }.reduce(0) { $0 + arch.widths[$1] }
    let readOut = depth >= 2 && layers.contains(depth - 1) ? arch.widths[depth - 1] : 0
    return 8 * n * (arch.outputs * width + readOut)
  }

  /// The automatic route: ``ProductRoute/storedSignals`` when the request is a parameter metric, the
  /// forward pass kept its Grams, every layer in scope takes the Gram route (`N < 2·M_{l−1}`), the signals
  /// fit ``storedSignalsLimit``, and the modelled time per column is lower:
  ///
  /// ```
  /// sweeps:          4·N·Σ_{l₀≤l<L} M_l·M_{l+1} + Σ_{l in scope} 2·N²·M_l           flops
  /// stored signals:  Σ_{l in scope} 2·N²·M_l + γ·2·bytes stored                   flops + γ·bytes streamed
  /// ```
  /// with γ = 10 flops per byte streamed (measured with `spectra-bench matrix-free --route`: dgemm at about
  /// 100 GFLOP/s against about 10 GB/s for the two passes, on 2 cores of an AVX-512 Xeon; the passes stream
  /// D_l once per block, so the b = 1 figure is the conservative one). Otherwise ``ProductRoute/sweeps``.
  public static func preferredRoute(
    architecture arch: NetworkArchitecture, samples n: Int, request: MetricRequest, gramsKept: Bool
  ) -> ProductRoute {
    guard request.kind != .featureMetric, gramsKept else { return .sweeps }
    let w = arch.widths
    let depth = arch.depth
    let layers = request.layer.map { [$0] } ?? Array(1...depth)
    guard layers.allSatisfy({ n < 2 * w[$0 - 1] }) else { return .sweeps }
    let bytes = storedBytes(architecture: arch, samples: n, request: request)
    guard bytes <= storedSignalsLimit else { return .sweeps }
    let lowest = layers.min()!
    let nd = Double(n)
    let sweeps = (lowest..<depth).reduce(0.0) { $0 + 4 * nd * Double(w[$1]) * Double(w[$1 + 1]) }
    let streamed = 2 * Double(bytes) * 10
    return streamed < sweeps ? .storedSignals : .sweeps
  }
}
