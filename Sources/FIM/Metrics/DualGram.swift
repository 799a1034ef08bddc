// The C·N × C·N dual Grams: the layer-wise parameter Gram K = J Jᵀ and the feature-space Gram J_h J_hᵀ.
import Spectra

/// Assembly of the dual Gram matrices, never forming a Jacobian or any P × P matrix.
///
/// ```
/// K = Σ_{l=1}^{L} (D_l D_lᵀ) ∘ (1_C 1_Cᵀ ⊗ (s_l² H_{l−1}H_{l−1}ᵀ + t_l² 1 1ᵀ))      (C·N × C·N)
/// K_{(k,n),(k',m)} = ∇_θ f_k(n) · ∇_θ f_{k'}(m)
/// ```
///
/// Rows and columns are indexed `(k, n) ↦ k·N + n` (output-major). Layer L has `D_L = I_C ⊗ 1_N`, so it only
/// touches the C diagonal blocks. Source: shared/science/karakida.md §3 (layer-wise Gram; verified against
/// explicit `J Jᵀ` to 4e-16), §5 (NTK parameterisation through `s_l`, `t_l`).
public enum DualGram {
  /// The parameter Gram `K = J Jᵀ` over all weights and biases, or, with `block = l`, the Gram
  /// `K^{(l)} = (D_l D_lᵀ) ∘ (1 1ᵀ ⊗ s_l² H_{l−1}H_{l−1}ᵀ)` of the weights of layer l alone (the dual of the
  /// diagonal block F_ll, science §3).
  ///
  /// - Parameters:
  ///   - forward: the forward pass.
  ///   - block: `nil` for all parameters, or a layer `1…L` for that layer's weights.
  /// - Returns: `C·N × C·N`, both triangles stored.
  /// - Complexity: (C·N)²·Σ_{l<L} M_l flops for `D_l D_lᵀ` (one triangle: half of the gemm count), the
  ///   backward pass (``BackwardSignals``), and one fused Hadamard-accumulate pass of (C·N)²/2 per layer;
  ///   memory (C·N)² + C·N·max(N, 1024) + N² plus the backward buffers (2·C·N·max M_l).
  ///
  /// Implementation Notes: `D_l D_lᵀ` is never materialised: for each panel of p output blocks (at least 1024
  /// columns when C·N allows), dsyrk (diagonal square) and dgemm (below it) fill a C·N × p·N panel that the
  /// fused pass multiplies by the Hadamard factor and adds into the lower triangle of K
  /// (`Matrix.addHadamardGram(of:kroneckerExpanded:workspace:)`); K is mirrored once at the end.
  /// Nothing is allocated inside the layer loop.
  public static func parameterGram(_ forward: ForwardPass, block: Int? = nil) -> Matrix {
    let net = forward.network
    let arch = net.architecture
    let depth = arch.depth
    let n = forward.sampleCount
    let c = arch.outputs
    let cn = c * n
    let includesBiases = block == nil
    precondition(
      forward.activationGrams.count == depth,
      "the layer-wise Gram needs a forward pass run with keepGrams: true")
    var k = Matrix(rows: cn, columns: cn)
    var hadamardFactor = Matrix(rows: n, columns: n)

    func loadFactor(_ l: Int) {
      let s2 = net.weightScale(layer: l) * net.weightScale(layer: l)
      let t2 = includesBiases ? net.biasScale(layer: l) * net.biasScale(layer: l) : 0
      let g = forward.activationGrams[l - 1]
      hadamardFactor.modifyElements { e in
        for i in e.indices { e[i] = s2 * g.elements[i] + t2 }
      }
    }

    // Layer L: D_L D_Lᵀ = I_C ⊗ 1 1ᵀ, so only the diagonal blocks receive the factor.
    if block == nil || block == depth {
      loadFactor(depth)
      let f = hadamardFactor
      k.modifyElements { e in
        for b in 0..<c {
          for j in 0..<n {
            let col = (b * n + j) * cn + b * n
            for i in j..<n { e[col + i] += f[i, j] }
          }
        }
      }
    }
    if depth >= 2, block != depth {
      var panel = Matrix.hadamardGramWorkspace(rows: cn, blockSize: n)
      let lowest = block ?? 1
      BackwardSignals.visit(forward, downTo: lowest) { l, d in
        guard block == nil || block == l else { return }
        loadFactor(l)
        k.addHadamardGram(of: d, kroneckerExpanded: hadamardFactor, workspace: &panel)
      }
    }
    k.mirrorTriangle(from: .lower)
    return k
  }

  /// The feature-space Gram `K_h = J_h J_hᵀ` at layer `l` (l = 0: input space), with
  /// `J_h = D_{l+1}·s_{l+1}ω^{l+1}` (C·N × M_l): `(K_h)_{(k,n),(k',m)} = ∇_{h^l}f_k(n) · ∇_{h^l}f_{k'}(m)`.
  ///
  /// Source: shared/science/karakida.md §6.
  ///
  /// - Returns: `C·N × C·N`, both triangles stored.
  /// - Complexity: the backward pass to layer l + 1, one gemm (2·C·N·M_{l+1}·M_l) and one syrk
  ///   ((C·N)²·M_l); memory (C·N)² + C·N·M_l.
  ///
  /// Implementation Notes: the M_l × M_l metric A^l is never formed.
  public static func featureGram(_ forward: ForwardPass, layer l: Int) -> Matrix {
    let jh = BackwardSignals.featureGradients(forward, layer: l)
    var g = Matrix(rows: jh.rows, columns: jh.rows)
    Matrix.gramUpdate(jh, into: &g, triangle: .lower)
    g.mirrorTriangle(from: .lower)
    return g
  }
}
