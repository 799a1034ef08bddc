// The dense method's memory, term by term from the code that allocates: MetricSpectrum → MetricDual → DualGram.
import Spectra

extension MemoryEstimate {
  /// LAPACK's 32-bit indexing refuses duals with `n² > 2³¹ − 1` (`SymmetricEigen`), i.e. n > 46 340.
  public static let largestDenseDual = 46_340

  /// The peak of ``MetricSpectrum`` (the dense dual and its eigen-solves), n = C′·N:
  ///
  /// ```
  /// forward cache       8·(L·N² + N·Σ_{l<L} M_l + N·C)       G_{l−1}, φ′(U_l), logits (ForwardPass)
  /// gram                8·(C·N)²                             K (DualGram.parameterGram / featureGram)
  /// per-output dual     8·N²                                 the N × N slice (MetricDual, --output-index)
  /// backward buffers    8·2·C·N·Σ_{distinct M_l, l ≥ l₀}    BackwardSignals.visit's pool
  /// gram workspace      8·(N² + C·N·p·N), p = clamp(⌈1024/N⌉, 1, C)   Hadamard factor, dsyrk/dgemm panel
  ///                     (feature metric: 8·C·N·M_l for J_h instead)
  /// softmax weighting   8·(4·N·C + C·N)                      SoftmaxCovariance and its transform
  /// eigen copy          8·n²                                 SymmetricEigen copies the dual (dsyevd, then
  ///                                                          dsyevr for the overlaps, one at a time)
  /// LAPACK workspace    8·max(w, (70 + k)·n) + 40·n         values: w = 66·n + 1 for dsyevd JOBZ=N (LWORK ≥
  ///                                                          2n+1, optimal 2n + n·NB, NB ≤ 64), from n = 2 000
  ///                                                          the two-stage bands (3kd + 2)·n + 10n and
  ///                                                          dsytrd_sy2sb's own workspace query
  ///                                                          (`SymmetricEigen.valuesWorkspaceDoubles`);
  ///                                                          dsyevr JOBZ=V: LWORK 26n (optimal
  ///                                                          (NB+6)·n), LIWORK 10n, Z n × k, W n
  /// vectors             8·(4 + C′)·n                         eigenvalue arrays, contractions K·w_k
  /// ```
  /// The gram lives through `assembly` and, as the dual, `eigensolve`; the eigen copy and LAPACK workspace
  /// only in `eigensolve`; the backward buffers and panel only in `assembly`. The peak is usually the
  /// eigen-solve: `16·n²` plus the network, inputs and forward cache.
  ///
  /// - Parameters:
  ///   - arch: the architecture.
  ///   - n: the number of samples N.
  ///   - request: the metric.
  ///   - overlaps: the mean-gradient overlaps are requested (dsyevr with k = C′ vectors).
  public static func dense(
    architecture arch: NetworkArchitecture, samples n: Int, request: MetricRequest, overlaps: Bool = true
  ) -> MemoryEstimate {
    let w = arch.widths
    let c = arch.outputs
    let depth = arch.depth
    let blocks = request.outputIndex == nil ? c : 1
    let size = ByteCount.product([blocks, n]).bytes
    let solve: [MemoryPhase] = [.eigensolve]
    let held: [MemoryPhase] = [.forward, .assembly, .eigensolve]
    var terms = setupTerms(architecture: arch, samples: n, phases: held)
    let hidden = (1..<depth).reduce(ByteCount.zero) { $0 + .doubles(n, w[$1]) }
    terms.append(
      MemoryTerm(
        "forward cache", .doubles(depth, n, n) + hidden + .doubles(n, c), "8·(L·N² + N·Σ_{l<L} M_l + N·C)",
        held))
    terms.append(forwardTransient(architecture: arch, samples: n))
    let gram = ByteCount.doubles(c, n, c, n)
    if request.outputIndex == nil {
      terms.append(MemoryTerm("dual", gram, "8·(C·N)²", [.assembly, .eigensolve]))
    } else {
      terms.append(MemoryTerm("gram", gram, "8·(C·N)²", [.assembly]))
      terms.append(MemoryTerm("dual", .doubles(n, n), "8·N² (one output's block)", [.assembly, .eigensolve]))
    }
    switch request.kind {
    case .fisher, .ntk:
      let lowest = request.layer ?? 1
      if depth >= 2, request.layer != depth {
        terms.append(
          MemoryTerm(
            "backward buffers", backwardBytes(arch, samples: n, from: lowest),
            "8·2·C·N·Σ_{distinct M_l, l ≥ l₀}",
            [.assembly]))
        let p = n >= 1024 ? 1 : max(1, min(c, (1024 + n - 1) / n))
        terms.append(
          MemoryTerm(
            "gram workspace", .doubles(n, n) + .doubles(c, n, p, n),
            "8·(N² + C·N·p·N), p = clamp(⌈1024/N⌉, 1, C)",
            [.assembly]))
      }
    case .featureMetric:
      let l = request.layer ?? 0
      terms.append(
        MemoryTerm(
          "backward buffers", backwardBytes(arch, samples: n, from: l + 1) + .doubles(c, n, w[l]),
          "8·(2·C·N·Σ_{distinct M, l' > l} + C·N·M_l)", [.assembly]))
    }
    if request.output == .softmax {
      terms.append(
        MemoryTerm(
          "softmax weighting", .doubles(4, n, c) + .doubles(size), "8·(4·N·C + C·N)",
          [.assembly, .eigensolve]))
    }
    terms.append(MemoryTerm("eigen copy", .doubles(size, size), "8·(C′N)²", solve))
    let k = overlaps && !request.meanSubtracted ? blocks : 0
    let values =
      (try? SymmetricEigen.valuesWorkspaceDoubles(n: size)).map { ByteCount.doubles($0) }
      ?? .doubles(66, size) + .doubles(1)  // beyond LAPACK's indexing: refused below, counted saturating
    let lapack = max(values, .doubles(70 + k, size)) + .product([40, size])
    let valuesFormula =
      size >= SymmetricEigen.twoStageOrder ? "two-stage bands + dsytrd_sy2sb's query" : "66·n + 1"
    terms.append(MemoryTerm("LAPACK workspace", lapack, "8·max(\(valuesFormula), (70 + k)·n) + 40·n", solve))
    terms.append(MemoryTerm("vectors", .doubles(4 + blocks, size), "8·(4 + C′)·n", [.assembly, .eigensolve]))
    let impossible =
      size > largestDenseDual
      ? "the dual is \(size) × \(size); LAPACK's 32-bit indexing stops at n = \(largestDenseDual)" : nil
    return MemoryEstimate(method: .dense, terms: terms, impossible: impossible)
  }
}
