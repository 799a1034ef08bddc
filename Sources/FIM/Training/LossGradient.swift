// The gradient of a training loss with respect to every trainable parameter, by back-propagation (BLAS-3).
import Spectra

/// The loss and its gradient `∇_θ L` for all samples at once, by back-propagating the output error.
///
/// ```
/// E_L = ∂L/∂f                                   (N × C, from ``TrainingLoss/outputGradient(outputs:targets:)``)
/// ∂L/∂ω^l = s_l · E_lᵀ H_{l−1}                  (M_l × M_{l−1})
/// ∂L/∂β^l = t_l · E_lᵀ 1_N                      (M_l)
/// E_{l−1} = (E_l · s_l ω^l) ∘ φ′(U_{l−1})      (N × M_{l−1}),  l = L … 2
/// ```
///
/// `s_l`, `t_l` are the parameterisation's scales (``Network/weightScale(layer:)``), so the gradient is with
/// respect to the stored parameters (W, b for the standard and ω, β for the NTK parameterisation).
/// The forward pass is the metrics engine's ``ForwardPass`` (kept activations), and the same pass serves the
/// spectral tracker. Source: shared/science/karakida.md §1, §2 (backward recursion), §5.
///
/// Complexity: the forward pass (2·N·Σ M_l M_{l−1} flops plus the activation Grams) and 4·N·Σ M_l M_{l−1}
/// for the backward pass (two dgemm per layer); memory N·Σ M_l (activations) plus P (the gradient).
///
/// Implementation Notes: no per-sample loop and no Jacobian; every product is one dgemm over all N samples.
public struct LossGradient: Sendable {
  /// The loss L(θ).
  public let loss: Double
  /// `∂L/∂ω^l` for layers 1…L (index l − 1), shaped like the weights.
  public let weights: [Matrix]
  /// `∂L/∂β^l` for layers 1…L (index l − 1).
  public let biases: [[Double]]
  /// The forward pass at θ (activations kept), reusable for spectra at this step.
  public let forward: ForwardPass

  /// The loss and gradient of `network` on `data`.
  ///
  /// - Throws: `ConfigurationError` when the data do not fit the network (input width, output count).
  public init(network: Network, data: TrainingData, loss: TrainingLoss) throws(ConfigurationError) {
    let arch = network.architecture
    guard data.targets.columns == arch.outputs else {
      throw ConfigurationError(
        field: "targets",
        "targets have \(data.targets.columns) columns but the network has C = \(arch.outputs) outputs")
    }
    let forward = try ForwardPass(network: network, inputs: data.inputs, keepActivations: true)
    let depth = arch.depth
    let n = data.inputs.rows
    var error = loss.outputGradient(outputs: forward.logits, targets: data.targets)
    var gw = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: depth)
    var gb = [[Double]](repeating: [], count: depth)
    for l in stride(from: depth, through: 1, by: -1) {
      let h = forward.activations[l - 1]
      var g = Matrix(rows: arch.widths[l], columns: arch.widths[l - 1])
      Matrix.multiplyAdd(error, transposingA: true, h, alpha: network.weightScale(layer: l), into: &g)
      gw[l - 1] = g
      let t = network.biasScale(layer: l)
      gb[l - 1] = (0..<arch.widths[l]).map { j in
        var sum = 0.0
        for i in 0..<n { sum += error[i, j] }
        return t * sum
      }
      if l > 1 {
        var below = Matrix(rows: n, columns: arch.widths[l - 1])
        Matrix.multiplyAdd(error, network.weights[l - 1], alpha: network.weightScale(layer: l), into: &below)
        let d = forward.derivatives[l - 2]
        below.modifyElements { e in for i in e.indices { e[i] *= d.elements[i] } }
        error = below
      }
    }
    self.loss = loss.value(outputs: forward.logits, targets: data.targets)
    weights = gw
    biases = gb
    self.forward = forward
  }
}
