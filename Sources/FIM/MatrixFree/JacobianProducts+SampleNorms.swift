// Per-sample squared gradient norms from one reverse sweep: the diagonal of J Jᵀ without any Gram.
import Spectra

extension JacobianProducts {
  /// `‖Jᵀ z_j(n)‖²` for every column j of the cotangents `Z` (C·N × b) and every sample n, where `z_j(n)`
  /// is column j restricted to sample n (its C entries `Z_{(·,n),j}`): N × b.
  ///
  /// ```
  /// parameters:  Σ_{l in scope} ‖δ^l_j(n)‖² · (s_l²·‖h^{l−1}(n)‖² + t_l²)      (t_l only with biases)
  /// features:    ‖s_{l+1}ω^{l+1ᵀ} δ^{l+1}_j(n)‖²
  /// ```
  /// Exact because a weight gradient of one sample is the rank-one `δ hᵀ`, `‖δ hᵀ‖_F² = ‖δ‖²‖h‖²`.
  /// Source: shared/science/karakida.md §3 (`∇_{W^l} f = δ^l h^{l−1ᵀ}`), §6.
  ///
  /// - Complexity: one reverse sweep of b columns (2·N·b·Σ M_l·M_{l+1}) and N·b·Σ M_l; memory as the sweep.
  func perSampleSquaredNorms(_ z: Matrix) -> Matrix {
    let n = samples
    let b = z.columns
    let deltas = reverse(stack(z))
    var norms = [Double](repeating: 0, count: n * b)
    switch scope {
    case .parameters(let block):
      let depth = network.architecture.depth
      for l in (block.map { $0...$0 } ?? 1...depth) {
        let s = network.weightScale(layer: l)
        let t2 = block == nil ? network.biasScale(layer: l) * network.biasScale(layer: l) : 0
        let inputs = squaredActivationNorms(layer: l - 1)
        let rows = Self.squaredRowNorms(deltas[l]!)
        for j in 0..<b {
          for i in 0..<n { norms[j * n + i] += rows[j * n + i] * (s * s * inputs[i] + t2) }
        }
      }
    case .features(let l):
      var gradients = Matrix(rows: n * b, columns: network.architecture.widths[l])
      Matrix.multiplyAdd(
        deltas[l + 1]!, network.weights[l], alpha: network.weightScale(layer: l + 1), into: &gradients)
      norms = Self.squaredRowNorms(gradients)
    }
    return Matrix(rows: n, columns: b, exactColumnMajor: norms)
  }

  /// `‖h^l(n)‖²` for every sample (the Gram's diagonal, or the activations' row norms).
  func squaredActivationNorms(layer l: Int) -> [Double] {
    forward.activationGrams.isEmpty
      ? Self.squaredRowNorms(forward.activations[l]) : forward.activationGrams[l].diagonal
  }

  /// `Σ_i A_{ri}²` for every row r.
  static func squaredRowNorms(_ a: Matrix) -> [Double] {
    var out = [Double](repeating: 0, count: a.rows)
    for col in 0..<a.columns {
      let base = col * a.rows
      for r in 0..<a.rows { out[r] += a.elements[base + r] * a.elements[base + r] }
    }
    return out
  }
}
