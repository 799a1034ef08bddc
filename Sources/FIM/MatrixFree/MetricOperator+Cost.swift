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
  public func productFlops(columns b: Int) -> Double {
    let widths = forward.network.architecture.widths.map(Double.init)
    let depth = forward.network.architecture.depth
    let n = Double(shape.samples)
    let nb = n * Double(b)
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
