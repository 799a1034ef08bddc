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
    let chunks = sampleChunks(samplesPerChunk)
    return applyingPrimal(primalSums(z, chunks: chunks), chunks: chunks, rows: z.rows)
  }

  /// The local samples in consecutive chunks of `samplesPerChunk`.
  func sampleChunks(_ samplesPerChunk: Int) -> [Range<Int>] {
    let step = max(1, samplesPerChunk)
    return stride(from: 0, to: samples, by: step).map { $0..<min(samples, $0 + step) }
  }

  /// The dual rows `k·N + n` of the samples `chunk`, output block by output block.
  private func dualRows(_ chunk: Range<Int>, outputs c: Int) -> [Int] {
    (0..<c).flatMap { k in chunk.map { k * samples + $0 } }
  }

  /// Pass 1 of ``streamedGramProduct(_:samplesPerChunk:)``: `Jᵀ·Z` as A_l, β_l (or u), summed over the
  /// chunks in order. A data-parallel caller sums these over ranks before pass 2.
  func primalSums(_ z: Matrix, chunks: [Range<Int>]) -> PrimalSums {
    let b = z.columns
    let c = z.rows / samples
    let widths = network.architecture.widths
    var sums = PrimalSums()
    for chunk in chunks {
      let part = JacobianProducts(forward: forward.restricted(to: chunk), scope: scope)
      let cotangents = z.selectingRows(dualRows(chunk, outputs: c))
      if case .features = scope {
        let u = part.transposedJacobianTimes(cotangents)
        sums.gradients[0] = sums.gradients[0].map { $0 + u } ?? u
        continue
      }
      let deltas = part.reverse(part.stack(cotangents))
      for l in parameterLayers {
        let view = Matrix(rows: chunk.count, columns: b * widths[l], exactColumnMajor: deltas[l]!.elements)
        var a = sums.gradients[l] ?? Matrix(rows: widths[l - 1], columns: b * widths[l])
        Matrix.multiplyAdd(part.forward.activations[l - 1], transposingA: true, view, beta: 1, into: &a)
        sums.gradients[l] = a
        var bias = sums.biasSums[l] ?? [Double](repeating: 0, count: b * widths[l])
        for col in 0..<bias.count {
          for i in 0..<chunk.count { bias[col] += view.elements[col * chunk.count + i] }
        }
        sums.biasSums[l] = bias
      }
    }
    return sums
  }

  /// Pass 2 of ``streamedGramProduct(_:samplesPerChunk:)``: `J` applied chunk by chunk to the primal
  /// vectors `sums` (summed over all samples); `rows` = C·N of the result.
  func applyingPrimal(_ sums: PrimalSums, chunks: [Range<Int>], rows: Int) -> Matrix {
    let c = rows / samples
    var b = 0
    var out: Matrix? = nil
    for chunk in chunks {
      let part = JacobianProducts(forward: forward.restricted(to: chunk), scope: scope)
      let image =
        if case .features = scope {
          part.jacobianTimes(sums.gradients[0]!)
        } else {
          part.unstack(
            part.forwardSweep(
              rows: chunk.count * sums.columns(widths: network.architecture.widths), tangent: nil
            ) { l in
              guard let a = sums.gradients[l] else { return nil }
              return part.injection(
                layer: l, gradient: a, biasSums: scope == .parameters(block: nil) ? sums.biasSums[l] : nil)
            })
        }
      if out == nil {
        b = image.columns
        out = Matrix(rows: rows, columns: b)
      }
      let targets = dualRows(chunk, outputs: c)
      out!.modifyElements { e in
        for j in 0..<b { for (i, r) in targets.enumerated() { e[j * rows + r] = image[i, j] } }
      }
    }
    return out ?? Matrix(rows: rows, columns: 0)
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
