// Products with the output Jacobian through the cached forward pass: reverse mode (Jᵀ·Z, backprop with output
// cotangents) and forward mode (J·U, tangent propagation), b columns at a time with BLAS-3.
import Spectra

/// Which Jacobian a product uses.
enum JacobianScope: Sendable, Equatable {
  /// `∂f/∂θ` over all weights and biases (`block == nil`) or over the weights of layer `block` alone.
  case parameters(block: Int?)
  /// `∂f/∂h^l`, the input (l = 0) or feature space.
  case features(layer: Int)
}

/// Matrix-free products with the C·N × D Jacobian J of a ``ForwardPass`` (parameters or features).
///
/// Cotangents of b columns are stacked by sample: the `(N·b) × M` matrix whose row `j·N + n` belongs to
/// column j and sample n. The same memory read as `N × (b·M)` (column `i·b + j`) puts every column's
/// `N × M` block side by side, so the per-column products `G·Δ_j` or `Hᵀ·Δ_j` are one gemm each.
///
/// ```
/// reverse:  Δ^L = Z (stacked),   Δ^l = (Δ^{l+1}·s_{l+1}ω^{l+1}) ∘ φ′(U_l)
/// forward:  dU^l = s_l·dH^{l−1}·ω^{lᵀ} + I_l,   dH^l = φ′(U_l) ∘ dU^l,   J·U = dU^L
/// J Jᵀ Z:   I_l = s_l²·H_{l−1}H_{l−1}ᵀ·Δ^l + t_l²·1 1ᵀ·Δ^l    (the tangent of layer l's gradient s_l·Δ^{lᵀ}H_{l−1})
/// features: g(n) = s_{l+1}·ω^{l+1ᵀ}δ^{l+1}(n), u = Σ_n g(n) (= J_hᵀ Z), dH^l = 1·uᵀ, then forward from l + 1
/// ```
///
/// `H H ᵀ Δ` is taken as `G·Δ` with the cached Gram (2·N²·M_l flops per column) when N < 2·M_{l−1} or no
/// activations are cached, else as `H·(Hᵀ·Δ)` (4·N·M_{l−1}·M_l per column, the parameter-space route).
/// Source: shared/science/karakida.md §2 (backward signals), §3 (`∇_{W^l} f = δ^l h^{l−1ᵀ}`), §5 (s_l, t_l),
/// §6 (`∇_{h^l} f = s_{l+1}ω^{l+1ᵀ}δ^{l+1}`).
struct JacobianProducts: Sendable {
  /// The cached forward pass (activations or Grams, derivatives).
  let forward: ForwardPass
  /// Parameters (all or a block) or features.
  let scope: JacobianScope
  /// Samples per chunk of the streamed product (nil: ``automaticChunk(columns:)``).
  var samplesPerChunk: Int? = nil

  /// About this many stacked rows N_c·b per chunk when streaming (134 MB per buffer of width 1024).
  static let streamingRows = 16_384

  /// The automatic chunk: `max(1, streamingRows / b)` samples.
  static func automaticChunk(columns b: Int) -> Int { max(1, streamingRows / max(b, 1)) }

  var network: Network { forward.network }
  var samples: Int { forward.sampleCount }

  /// The lowest layer the reverse sweep must reach and the first the forward sweep starts from.
  var lowestLayer: Int {
    switch scope {
    case .parameters(let block): block ?? 1
    case .features(let l): l + 1
    }
  }

  /// `J·Jᵀ·Z` for output cotangents `Z` (C·N × b), streamed over chunks of samples when every layer takes
  /// the parameter route and a chunk is smaller than N (``streamedGramProduct(_:samplesPerChunk:)``).
  ///
  /// - Complexity: per column, 4·N·Σ M_l·M_{l+1} for the sweeps plus the injections (see the type).
  func gramProduct(_ z: Matrix) -> Matrix {
    let chunk = samplesPerChunk ?? Self.automaticChunk(columns: z.columns)
    if canStream, chunk < samples { return streamedGramProduct(z, samplesPerChunk: chunk) }
    let deltas = reverse(stack(z))
    switch scope {
    case .parameters(let block):
      let top = forwardSweep(rows: z.columns * samples, tangent: nil) { l in
        block == nil || block == l ? gramInjection(layer: l, deltas[l]!, biases: block == nil) : nil
      }
      return unstack(top)
    case .features(let l):
      var gradients = Matrix(rows: deltas[l + 1]!.rows, columns: network.architecture.widths[l])
      Matrix.multiplyAdd(
        deltas[l + 1]!, network.weights[l], alpha: network.weightScale(layer: l + 1), into: &gradients)
      let tangent = broadcastSampleSums(gradients)
      return unstack(forwardSweep(rows: tangent.rows, tangent: tangent) { _ in nil })
    }
  }

  /// The h-space direction `u_j = Σ_n g_j(n)` of each column (J_hᵀ·Z: h^l is one point shared by all
  /// samples) written back to every sample as the tangent `dH^l` (J_h·u): stacked in, stacked out.
  func broadcastSampleSums(_ stacked: Matrix) -> Matrix {
    let n = samples
    var out = stacked
    out.modifyElements { e in
      for start in stride(from: 0, to: e.count, by: n) {
        var sum = 0.0
        for i in start..<(start + n) { sum += e[i] }
        for i in start..<(start + n) { e[i] = sum }
      }
    }
    return out
  }

  /// The reverse sweep from stacked output cotangents: `Δ^l` for `l = L, L−1, …, lowestLayer` (index l).
  func reverse(_ top: Matrix) -> [Int: Matrix] {
    let depth = network.architecture.depth
    var deltas = [depth: top]
    var d = top
    for l in stride(from: depth - 1, through: lowestLayer, by: -1) {
      var next = Matrix(rows: d.rows, columns: network.architecture.widths[l])
      Matrix.multiplyAdd(d, network.weights[l], alpha: network.weightScale(layer: l + 1), into: &next)
      next.multiplyRowBlocks(by: forward.derivatives[l - 1])
      deltas[l] = next
      d = next
    }
    return deltas
  }

  /// The forward sweep from layer `lowestLayer` with incoming tangent `dH^{lowest−1}` (nil: zero) and the
  /// injection `I_l` of each layer (nil: none); returns `dU^L` stacked (`rows` = N·b, × C).
  func forwardSweep(rows: Int, tangent: Matrix?, injection: (Int) -> Matrix?) -> Matrix {
    let arch = network.architecture
    var incoming = tangent
    var l = lowestLayer
    while true {
      var du = injection(l) ?? Matrix(rows: rows, columns: arch.widths[l])
      if let t = incoming {
        Matrix.multiplyAdd(
          t, network.weights[l - 1], transposingB: true, alpha: network.weightScale(layer: l), beta: 1,
          into: &du)
      }
      if l == arch.depth { return du }
      du.multiplyRowBlocks(by: forward.derivatives[l - 1])
      incoming = du
      l += 1
    }
  }

  /// `I_l = s_l²·H_{l−1}H_{l−1}ᵀ·Δ_j (+ t_l²·1 1ᵀ·Δ_j)` for every column j, stacked.
  func gramInjection(layer l: Int, _ delta: Matrix, biases: Bool) -> Matrix {
    let n = samples
    let width = delta.columns
    let view = Matrix(rows: n, columns: delta.rows / n * width, exactColumnMajor: delta.elements)
    let s = network.weightScale(layer: l)
    var out = Matrix(rows: n, columns: view.columns)
    if usesSampleGram(layer: l) {
      Matrix.multiplyAdd(forward.activationGrams[l - 1], view, alpha: s * s, into: &out)
    } else {
      let h = forward.activations[l - 1]
      var a = Matrix(rows: h.columns, columns: view.columns)
      Matrix.multiplyAdd(h, transposingA: true, view, into: &a)
      Matrix.multiplyAdd(h, a, alpha: s * s, into: &out)
    }
    if biases {
      let t2 = network.biasScale(layer: l) * network.biasScale(layer: l)
      out.modifyElements { e in
        for col in 0..<view.columns {
          var sum = 0.0
          for i in 0..<n { sum += view.elements[col * n + i] }
          for i in 0..<n { e[col * n + i] += t2 * sum }
        }
      }
    }
    return Matrix(rows: delta.rows, columns: width, exactColumnMajor: out.elements)
  }

  /// Whether `H_{l−1}H_{l−1}ᵀ·Δ` is taken through the cached Gram (cheaper when N < 2·M_{l−1}, or the
  /// only choice when no activations are cached).
  func usesSampleGram(layer l: Int) -> Bool {
    guard !forward.activationGrams.isEmpty else { return false }
    return forward.activations.isEmpty || samples < 2 * network.architecture.widths[l - 1]
  }

  /// `Z` (C·N × b, rows `k·N + n`) → stacked `(N·b) × C` (rows `j·N + n`).
  func stack(_ z: Matrix) -> Matrix {
    let n = samples
    let c = z.rows / n
    let b = z.columns
    var s = Matrix(rows: n * b, columns: c)
    s.modifyElements { e in
      for j in 0..<b {
        for k in 0..<c {
          let (src, dst) = (j * c * n + k * n, k * n * b + j * n)
          for i in 0..<n { e[dst + i] = z.elements[src + i] }
        }
      }
    }
    return s
  }

  /// The inverse of ``stack(_:)``: `(N·b) × C` → C·N × b.
  func unstack(_ s: Matrix) -> Matrix {
    let n = samples
    let c = s.columns
    let b = s.rows / n
    var z = Matrix(rows: c * n, columns: b)
    z.modifyElements { e in
      for j in 0..<b {
        for k in 0..<c {
          let (dst, src) = (j * c * n + k * n, k * n * b + j * n)
          for i in 0..<n { e[dst + i] = s.elements[src + i] }
        }
      }
    }
    return z
  }
}
