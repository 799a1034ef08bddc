// The primal vectors Jᵀ·Z that pass 1 of the streamed product leaves: what a data-parallel product reduces.
import Spectra

/// The primal vectors `Jᵀ·Z` of a block of b cotangent columns, as pass 1 of the streamed product leaves
/// them: `A_l = Σ_n h^{l−1}(n)·δ^l(n)ᵀ` (M_{l−1} × b·M_l) and `β_l = Σ_n δ^l(n)` (b·M_l) per layer in
/// scope, or the h-space direction u (features, key 0). Sums over samples, so sums over ranks too.
struct PrimalSums: Sendable {
  /// `A_l` by layer (features: u at key 0).
  var gradients: [Int: Matrix] = [:]
  /// `β_l` by layer.
  var biasSums: [Int: [Double]] = [:]

  /// b, from the first layer's `A_l` (M_{l−1} × b·M_l).
  func columns(widths: [Int]) -> Int {
    guard let l = gradients.keys.min(), l > 0 else { return 0 }
    return gradients[l]!.columns / widths[l]
  }

  /// Every entry in one buffer: the `A_l` by ascending l, then the `β_l` by ascending l.
  var flattened: [Double] {
    gradients.keys.sorted().flatMap { gradients[$0]!.elements }
      + biasSums.keys.sorted().flatMap { biasSums[$0]! }
  }

  /// The same layout filled from `buffer` (as ``flattened`` lays it out).
  func refilled(from buffer: [Double]) -> PrimalSums {
    var out = self
    var offset = 0
    for l in gradients.keys.sorted() {
      let a = gradients[l]!
      out.gradients[l] = Matrix(
        rows: a.rows, columns: a.columns,
        exactColumnMajor: Array(buffer[offset..<(offset + a.elements.count)]))
      offset += a.elements.count
    }
    for l in biasSums.keys.sorted() {
      let count = biasSums[l]!.count
      out.biasSums[l] = Array(buffer[offset..<(offset + count)])
      offset += count
    }
    return out
  }
}
