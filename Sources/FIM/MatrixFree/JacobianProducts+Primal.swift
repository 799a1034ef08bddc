// J·v and Jᵀ·y for vectors of the primal space (parameters, or h^l), b columns at a time.
import Spectra

extension JacobianProducts {
  /// The primal dimension D: P (all parameters), M_l·M_{l−1} (block l), or M_l (features).
  var primalDimension: Int {
    let widths = network.architecture.widths
    switch scope {
    case .parameters(let block?): return widths[block] * widths[block - 1]
    case .parameters(nil): return network.architecture.parameterCount
    case .features(let l): return widths[l]
    }
  }

  /// Where layer l's weights (row-major `M_l × M_{l−1}`) and then biases (`M_l`) start in a primal
  /// vector, in the order W1, b1, W2, b2, … (a block holds its weights alone, from 0).
  func parameterOffset(layer l: Int) -> Int {
    guard case .parameters(nil) = scope else { return 0 }
    let widths = network.architecture.widths
    return (1..<l).reduce(0) { $0 + widths[$1] * widths[$1 - 1] + widths[$1] }
  }

  /// The layers whose parameters are in the primal space.
  var parameterLayers: [Int] {
    guard case .parameters(let block) = scope else { return [] }
    return block.map { [$0] } ?? Array(1...network.architecture.depth)
  }

  /// `J·V` for primal vectors `V` (D × b): the output tangents (C·N × b), by forward-mode propagation
  /// with `I_l = s_l·H_{l−1}·dω_lᵀ + t_l·1·dβ_lᵀ` (parameters) or `dH^l = 1·vᵀ` (features).
  ///
  /// - Complexity: 2·N·b·Σ M_l·M_{l−1} per sweep plus, per parameter layer, 2·N·b·M_l·M_{l−1}.
  /// - Precondition: for parameters, the forward pass kept its activations.
  func jacobianTimes(_ v: Matrix) -> Matrix {
    let n = samples
    let b = v.columns
    let widths = network.architecture.widths
    switch scope {
    case .features(let l):
      let tangent = Matrix(rows: n * b, columns: widths[l]) { r, i in v[i, r / n] }
      return unstack(forwardSweep(rows: n * b, tangent: tangent) { _ in nil })
    case .parameters(let block):
      let top = forwardSweep(rows: n * b, tangent: nil) { l in
        guard block == nil || block == l else { return nil }
        let (fanIn, width, offset) = (widths[l - 1], widths[l], parameterOffset(layer: l))
        let a = Matrix(rows: fanIn, columns: b * width) { q, col in v[offset + (col / b) * fanIn + q, col % b]
        }
        var out = Matrix(rows: n, columns: b * width)
        Matrix.multiplyAdd(forward.activations[l - 1], a, alpha: network.weightScale(layer: l), into: &out)
        if block == nil {
          let t = network.biasScale(layer: l)
          let biasOffset = offset + width * fanIn
          out.modifyElements { e in
            for col in 0..<(b * width) {
              let shift = t * v[biasOffset + col / b, col % b]
              for i in 0..<n { e[col * n + i] += shift }
            }
          }
        }
        return Matrix(rows: n * b, columns: width, exactColumnMajor: out.elements)
      }
      return unstack(top)
    }
  }

  /// `Jᵀ·Y` for output cotangents `Y` (C·N × b): primal vectors (D × b), by backprop with
  /// `∇_{ω^l} = s_l·Δ^{lᵀ}H_{l−1}`, `∇_{β^l} = t_l·Δ^{lᵀ}1` (parameters) or `Σ_n s_{l+1}ω^{l+1ᵀ}δ^{l+1}(n)`
  /// (features).
  ///
  /// - Complexity: one reverse sweep plus, per parameter layer, 2·N·b·M_l·M_{l−1}.
  /// - Precondition: for parameters, the forward pass kept its activations.
  func transposedJacobianTimes(_ y: Matrix) -> Matrix {
    let n = samples
    let b = y.columns
    let widths = network.architecture.widths
    let deltas = reverse(stack(y))
    let dimension = primalDimension
    var out = Matrix(rows: dimension, columns: b)
    if case .features(let l) = scope {
      var gradients = Matrix(rows: n * b, columns: widths[l])
      Matrix.multiplyAdd(
        deltas[l + 1]!, network.weights[l], alpha: network.weightScale(layer: l + 1), into: &gradients)
      let sums = broadcastSampleSums(gradients)
      return Matrix(rows: widths[l], columns: b) { i, j in sums[j * n, i] }
    }
    for l in parameterLayers {
      let (fanIn, width, offset) = (widths[l - 1], widths[l], parameterOffset(layer: l))
      let view = Matrix(rows: n, columns: b * width, exactColumnMajor: deltas[l]!.elements)
      var a = Matrix(rows: fanIn, columns: b * width)
      Matrix.multiplyAdd(
        forward.activations[l - 1], transposingA: true, view, alpha: network.weightScale(layer: l), into: &a)
      let t = network.biasScale(layer: l)
      let withBiases = scope == .parameters(block: nil)
      out.modifyElements { e in
        for col in 0..<(b * width) {
          let (i, j) = (col / b, col % b)
          for q in 0..<fanIn { e[j * dimension + offset + i * fanIn + q] = a[q, col] }
          if withBiases {
            var sum = 0.0
            for r in 0..<n { sum += view.elements[col * n + r] }
            e[j * dimension + offset + width * fanIn + i] = t * sum
          }
        }
      }
    }
    return out
  }
}
