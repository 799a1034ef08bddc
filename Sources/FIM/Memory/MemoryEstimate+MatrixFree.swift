// The matrix-free methods' memory: the cached forward pass, one product's working set, the Krylov bases.
import Spectra

extension MemoryEstimate {
  /// The peak of ``MatrixFreeSpectrum`` running `method`'s modes (``MatrixFreeSettings/modes(for:size:)``),
  /// n = C′·N, k top pairs, b the block size, m = min(n, max(2k + 2b, k + 4b)) the Lanczos basis:
  ///
  /// ```
  /// forward cache     8·(N·Σ_{l<L} M_l + N·C + N·Σ_{l<L} M_l [activations, with M_0] + L·N² [Grams, when
  ///                   N < 2·max_{l<L} M_l])                 ForwardPass(keepActivations:), as
  ///                                                          MetricOperator.cachedBytes
  /// stored signals    8·C·N·Σ_{l₀≤l<L−1} M_l + 8·N·M_{L−1}   when the products take the stored-signals
  ///                                                          route (MetricOperator.preferredRoute)
  /// product (b cols)  8·(3·C·N·b + N·b·(C + Σ_{l₀≤l<L} M_l) + 3·N·b·max_{l≥l₀} M_l + max_l M_{l−1}·b·M_l)
  ///                                                          one MetricOperator.apply (its workingBytes)
  /// Lanczos basis     8·(2·n·m + m²)                        BlockLanczos: V and A·V, Rayleigh–Ritz
  /// Ritz vectors      8·n·k                                  the top-k pairs, kept for overlaps and deflation
  /// mean-gradient     one product of C′ columns              MetricDual's contractions K·W before Lanczos
  ///   product                                                  (uncentred requests; counted in the top-k phase)
  /// Gram panels       8·(C·N·Σ_{l₀≤l<L} M_l + 2·C·N·max M + 3·n·512)   exactMoments: the backward signals of
  ///                                                          every layer, the pool, a 512-column panel
  ///                   (linear, uncentred: + 2·min(n, 8192)·512 + L·N·512 + 512·Σ M_l instead of 3·n·512:
  ///                   a band of the lower triangle, its scratch, the column factors, the panel's rows)
  /// Hutch++ sketches  8·2·n·budget                           TraceEstimation.hutchPlusPlus
  /// SLQ basis         8·(n·steps + 3·n)                      LanczosTridiagonalization (one probe at a time)
  /// ```
  /// Nothing is of size n², P × P or a Jacobian. A term enters only for the modes `method` runs: `density`
  /// (top-k + SLQ) has no Gram panels, Hutch++ sketches or moments product, so its peak is slq's peak over
  /// the phases other than `moments` — lower than slq's exactly when the moments phase is slq's peak.
  public static func matrixFree(
    _ method: SpectrumMethod, architecture arch: NetworkArchitecture, samples n: Int, request: MetricRequest,
    settings: MatrixFreeSettings
  ) -> MemoryEstimate {
    precondition(method.isMatrixFree, "matrixFree(_:) estimates the matrix-free methods")
    let w = arch.widths
    let c = arch.outputs
    let depth = arch.depth
    let blocks = request.outputIndex == nil ? c : 1
    let size = ByteCount.product([blocks, n]).bytes
    let modes = settings.modes(for: method, size: size)
    var phases: [MemoryPhase] = []
    for mode in modes {
      switch mode {
      case .topK: phases.append(.topK)
      case .moments: phases.append(.moments)
      case .density: phases.append(.density)
      }
    }
    let held = [MemoryPhase.forward] + phases
    var terms = setupTerms(architecture: arch, samples: n, phases: held)
    let grams = MetricOperator.prefersGrams(architecture: arch, samples: n)  // as MatrixFreeSpectrum runs it
    let hidden = w.dropFirst().dropLast().reduce(ByteCount.zero) { $0 + .doubles(n, $1) }
    let cache = hidden + .doubles(n, c) + hidden + .doubles(n, w[0]) + (grams ? .doubles(depth, n, n) : .zero)
    terms.append(
      MemoryTerm(
        "forward cache", cache, "8·(2·N·Σ_{0<l<L} M_l + N·M_0 + N·C" + (grams ? " + L·N²)" : ")"), held))
    terms.append(forwardTransient(architecture: arch, samples: n, grams: grams))
    let route = MetricOperator.preferredRoute(
      architecture: arch, samples: n, request: request,
      gramsKept: MetricOperator.prefersGrams(architecture: arch, samples: n))
    if route == .storedSignals {
      let signals = MetricOperator.storedBytes(architecture: arch, samples: n, request: request)
      terms.append(
        MemoryTerm(
          "stored signals", ByteCount(signals) + .doubles(w.dropFirst().dropLast().max() ?? c, n, c),
          "8·C·N·Σ_{l₀≤l<L−1} M_l + 8·N·M_{L−1} (+ one M × C·N buffer while computed)", held))
    }
    let lowest = request.kind == .featureMetric ? (request.layer ?? 0) + 1 : (request.layer ?? 1)
    func product(_ b: Int) -> ByteCount { workingBytes(arch, samples: n, blockSize: b, request: request) }
    for mode in modes {
      switch mode {
      case .topK(let k, _, let b):
        let m = min(size, max(2 * k + 2 * b, k + 4 * b))
        if !request.meanSubtracted {
          // MetricDual's mean-gradient contractions K·W (W = [e_k ⊗ 1_N], C′ columns), taken once before
          // Lanczos; otherwise hidden under slq's and lanczos's moments product, it is density's set-up peak.
          terms.append(
            MemoryTerm(
              "mean-gradient product (b = \(blocks))", product(blocks),
              "one dual·W of C′ columns (MetricDual contractions)", [.topK]))
        }
        terms.append(MemoryTerm("product (b = \(b))", product(b), "one dual·V of b columns", [.topK]))
        terms.append(
          MemoryTerm(
            "Lanczos basis", .doubles(2, size, m) + .doubles(m, m), "8·(2·n·m + m²), m = \(m)", [.topK]))
        terms.append(MemoryTerm("Ritz vectors", .doubles(size, k), "8·n·k", phases.filter { $0 >= .topK }))
      case .moments(let budget):
        let signals = (lowest..<depth).reduce(ByteCount.zero) { $0 + .doubles(c, n, w[$1]) }
        let features = request.kind == .featureMetric ? ByteCount.doubles(c, n, w[request.layer ?? 0]) : .zero
        let pool = .doubles(2, c, n, w[lowest...].max() ?? c) + features
        // Weighted (softmax) or centred duals stream full-height panels; the others bands of the lower
        // triangle (up to MetricOperator.tileRows rows, a tile and its scratch), the column factors F_l[:, T]
        // and the panel's factor rows.
        let weighted = request.output == .softmax || request.meanSubtracted
        let panel =
          weighted
          ? ByteCount.doubles(3, size, 512)
          : .doubles(2, min(size, MetricOperator.tileRows), 512) + .doubles(depth, n, 512)
            + .doubles(512, (lowest..<depth).reduce(0) { $0 + w[$1] })
        terms.append(
          MemoryTerm(
            "Gram panels", signals + pool + panel,
            weighted
              ? "8·(C·N·Σ_{l₀≤l<L} M_l + 2·C·N·max M + 3·n·512)"
              : "8·(C·N·Σ_{l₀≤l<L} M_l + 2·C·N·max M + 2·min(n, 8192)·512 + L·N·512 + 512·Σ M_l)",
            [.moments]))
        terms.append(MemoryTerm("Hutch++ sketches", .doubles(2, size, budget), "8·2·n·budget", [.moments]))
        terms.append(
          MemoryTerm(
            "product (b = \(max(blocks, budget / 3)))", product(max(blocks, budget / 3)), "one dual·V",
            [.moments]))
      case .density(let steps, _, _, _):
        terms.append(MemoryTerm("SLQ basis", .doubles(size, steps + 3), "8·n·(steps + 3)", [.density]))
        terms.append(MemoryTerm("product (b = 1)", product(1), "one dual·v", [.density]))
      }
    }
    return MemoryEstimate(method: method, terms: terms)
  }

  /// ``MetricOperator/workingBytes(architecture:samples:blockSize:request:)`` with saturating arithmetic: the
  /// same terms, including the streaming of products over chunks of `N_c = 16 384/b` samples when every
  /// layer in scope takes the parameter route.
  static func workingBytes(
    _ arch: NetworkArchitecture, samples n: Int, blockSize b: Int, request: MetricRequest
  )
    -> ByteCount
  {
    let w = arch.widths
    let depth = arch.depth
    let c = arch.outputs
    let lowest = request.kind == .featureMetric ? (request.layer ?? 0) + 1 : (request.layer ?? 1)
    let layers = request.kind == .featureMetric ? [] : request.layer.map { [$0] } ?? Array(1...depth)
    let gramRoute =
      MetricOperator.prefersGrams(architecture: arch, samples: n) && layers.contains { n < 2 * w[$0 - 1] }
    let chunk = gramRoute ? n : min(n, JacobianProducts.automaticChunk(columns: b))
    let signals =
      lowest <= depth - 1 ? (lowest...(depth - 1)).reduce(ByteCount.zero) { $0 + ByteCount(w[$1]) }.bytes : 0
    let widest = w[lowest...].max() ?? c
    var total =
      .doubles(3, c, n, b) + .doubles(chunk, b, c) + .doubles(chunk, b, signals)
      + .doubles(3, chunk, b, widest)
    if chunk < n {
      let primal =
        request.kind == .featureMetric
        ? ByteCount(w[request.layer ?? 0])
        : layers.reduce(ByteCount.zero) { $0 + ByteCount.product([w[$1 - 1] + 1, w[$1]]) }
      let hidden = w.dropFirst().dropLast().reduce(0, +)
      total = total + primal * b * 8 + .doubles(chunk, w.dropLast().reduce(0, +) + hidden + c)
    } else if request.kind != .featureMetric {
      total = total + (layers.map { ByteCount.doubles(w[$0 - 1], b, w[$0]) }.max() ?? .zero)
    }
    return total
  }
}
