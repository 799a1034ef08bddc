// J Jᵀ Z streamed over chunks of samples: reverse sweeps accumulate Jᵀ Z in the primal space, forward
// sweeps apply J chunk by chunk, so the working memory no longer grows with N·b·Σ M_l.
import Spectra

extension JacobianProducts {
  /// Whether ``streamedGramProduct(_:samplesPerChunk:)`` applies: every layer takes the parameter route
  /// (no Gram route couples the samples), or the scope is a feature space.
  var canStream: Bool { !parameterLayers.contains { usesSampleGram(layer: $0) } }

  /// `J·Jᵀ·Z` in two passes over chunks of `samplesPerChunk` samples:
  ///
  /// ```
  /// pass 1, each chunk c:  Δ_c by a reverse sweep;  A_l += H_{l−1,c}ᵀ·Δ^l_c,  β_l += 1ᵀΔ^l_c   (features: u += Σ_n g_c(n))
  /// pass 2, each chunk c:  forward sweep with I_l = s_l²·H_{l−1,c}·A_l + t_l²·1·β_l   (features: dH^l = 1·uᵀ)
  /// ```
  /// Equal to ``gramProduct(_:)`` up to rounding. Source: shared/science/karakida.md §3, §6.
  ///
  /// - Complexity: as ``gramProduct(_:)`` on the parameter route; memory b·Σ_{l in scope}(M_{l−1}+1)·M_l
  ///   for `A`, `β` (b primal vectors) plus one chunk's sweep, N_c·b·(C + Σ M_l) + 3·N_c·b·max M_l.
  /// - Precondition: ``canStream``.
  func streamedGramProduct(_ z: Matrix, samplesPerChunk: Int) -> Matrix {
    let n = samples
    let b = z.columns
    let c = z.rows / n
    let chunks = stride(from: 0, to: n, by: max(1, samplesPerChunk)).map { $0..<min(n, $0 + samplesPerChunk) }
    let widths = network.architecture.widths
    func rows(_ chunk: Range<Int>) -> [Int] { (0..<c).flatMap { k in chunk.map { k * n + $0 } } }
    // Pass 1: the primal vectors Jᵀ·Z, as A_l (M_{l−1} × b·M_l) and β_l (b·M_l), or u (N_c-summed h-gradients).
    var gradients: [Int: Matrix] = [:]
    var biasSums: [Int: [Double]] = [:]
    for chunk in chunks {
      let part = JacobianProducts(forward: forward.restricted(to: chunk), scope: scope)
      let cotangents = z.selectingRows(rows(chunk))
      if case .features = scope {
        let u = part.transposedJacobianTimes(cotangents)
        gradients[0] = gradients[0].map { $0 + u } ?? u
        continue
      }
      let deltas = part.reverse(part.stack(cotangents))
      for l in parameterLayers {
        let view = Matrix(rows: chunk.count, columns: b * widths[l], exactColumnMajor: deltas[l]!.elements)
        var a = gradients[l] ?? Matrix(rows: widths[l - 1], columns: b * widths[l])
        Matrix.multiplyAdd(part.forward.activations[l - 1], transposingA: true, view, beta: 1, into: &a)
        gradients[l] = a
        var sums = biasSums[l] ?? [Double](repeating: 0, count: b * widths[l])
        for col in 0..<sums.count {
          for i in 0..<chunk.count { sums[col] += view.elements[col * chunk.count + i] }
        }
        biasSums[l] = sums
      }
    }
    // Pass 2: J applied chunk by chunk.
    var out = Matrix(rows: z.rows, columns: b)
    for chunk in chunks {
      let part = JacobianProducts(forward: forward.restricted(to: chunk), scope: scope)
      let image =
        if case .features = scope {
          part.jacobianTimes(gradients[0]!)
        } else {
          part.unstack(
            part.forwardSweep(rows: chunk.count * b, tangent: nil) { l in
              guard let a = gradients[l] else { return nil }
              return part.injection(
                layer: l, gradient: a, biasSums: scope == .parameters(block: nil) ? biasSums[l] : nil)
            })
        }
      let targets = rows(chunk)
      out.modifyElements { e in
        for j in 0..<b { for (i, r) in targets.enumerated() { e[j * z.rows + r] = image[i, j] } }
      }
    }
    return out
  }

  /// `I_l = s_l²·H_{l−1}·A + t_l²·1·βᵀ` stacked (N·b × M_l), for `A` = Hᵀ·Δ summed over all samples.
  func injection(layer l: Int, gradient a: Matrix, biasSums: [Double]?) -> Matrix {
    let n = samples
    let s = network.weightScale(layer: l)
    var out = Matrix(rows: n, columns: a.columns)
    Matrix.multiplyAdd(forward.activations[l - 1], a, alpha: s * s, into: &out)
    if let biasSums {
      let t2 = network.biasScale(layer: l) * network.biasScale(layer: l)
      out.modifyElements { e in
        for col in 0..<a.columns { for i in 0..<n { e[col * n + i] += t2 * biasSums[col] } }
      }
    }
    return Matrix(
      rows: n * (a.columns / network.architecture.widths[l]), columns: network.architecture.widths[l],
      exactColumnMajor: out.elements)
  }
}
