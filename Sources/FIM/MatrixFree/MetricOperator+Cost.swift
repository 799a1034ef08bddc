// The memory and flops of a matrix-free product, as functions of the architecture, N and the block size b.
import Spectra

extension MetricOperator {
  /// Peak working memory in bytes of one ``apply(_:)`` of `blockSize` columns, beyond the cached forward
  /// pass (8 bytes per double):
  ///
  /// ```
  /// 3·C·N·b                              input, cotangents, result
  /// N·b·(C + Σ_{l=l₀}^{L−1} M_l)         the reverse sweep's signals Δ^l, kept for the forward sweep
  /// 3·N·b·max_l M_l                      tangent, next tangent, injection
  /// max_l M_{l−1}·b·M_l                  Hᵀ·Δ of the parameter route (b gradients of one layer)
  /// ```
  /// with `l₀` the lowest layer the request reaches (1, the block l, or l + 1 for the feature metric).
  /// The parameter-route term is counted for every parameter metric (it is absent when every layer takes
  /// the Gram route, N < 2·M_{l−1}).
  public static func workingBytes(
    architecture arch: NetworkArchitecture, samples n: Int, blockSize b: Int, request: MetricRequest
  ) -> Int {
    let widths = arch.widths
    let depth = arch.depth
    let c = arch.outputs
    let lowest = request.kind == .featureMetric ? (request.layer ?? 0) + 1 : (request.layer ?? 1)
    let signals = lowest <= depth - 1 ? (lowest...(depth - 1)).reduce(0) { $0 + widths[$1] } : 0
    let widest = widths[lowest...].max() ?? c
    var gradient = 0
    if request.kind != .featureMetric {
      let layers = request.layer.map { [$0] } ?? Array(1...depth)
      gradient = layers.map { widths[$0 - 1] * b * widths[$0] }.max() ?? 0
    }
    let doubles = 3 * c * n * b + n * b * (c + signals) + 3 * n * b * widest + gradient
    return 8 * doubles
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
