// The memory a matrix-free product needs, as a function of the architecture, N and the block size b.
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
}
