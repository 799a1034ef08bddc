// The memory terms every method shares: the process, the network, the inputs, sampling and the forward pass.
import Spectra

extension MemoryEstimate {
  /// Resident memory of the process before any array: the binary, the Swift runtime, OpenBLAS's thread
  /// buffers and the page cache of the libraries (measured VmHWM of a tiny `spectra spectrum`: 37 MB;
  /// rounded up).
  public static let runtimeBytes = ByteCount(48_000_000)

  /// The terms of the setup (the runtime, network, inputs and their draw buffers), alive from `sampling`
  /// through `phases`.
  ///
  /// ```
  /// runtime            48 MB (measured process baseline, 37 MB, with a margin)
  /// network            8·P,  P = Σ_l (M_l·M_{l−1} + M_l)          Network.sample
  /// inputs             8·N·M_0                                    GaussianInputs.sample
  /// draw buffer        8·max(max_l M_l·M_{l−1}, N·M_0)            RandomStream.gaussianMatrix draws row-major,
  ///                                                               then copies into the column-major matrix
  /// ```
  static func setupTerms(architecture arch: NetworkArchitecture, samples n: Int, phases: [MemoryPhase])
    -> [MemoryTerm]
  {
    let w = arch.widths
    let all = [MemoryPhase.sampling] + phases
    let largestLayer = (1...arch.depth).map { ByteCount.doubles(w[$0], w[$0 - 1]) }.max()!
    return [
      MemoryTerm("runtime", runtimeBytes, "process baseline (binary, runtime, BLAS buffers)", all),
      MemoryTerm("network", parameterBytes(arch), "8·P, P = Σ_l (M_l·M_{l−1} + M_l)", all),
      MemoryTerm("inputs", .doubles(n, w[0]), "8·N·M_0", all),
      MemoryTerm(
        "draw buffer", max(largestLayer, .doubles(n, w[0])), "8·max(max_l M_l·M_{l−1}, N·M_0)", [.sampling]),
    ]
  }

  /// `8·P` bytes, saturating.
  static func parameterBytes(_ arch: NetworkArchitecture) -> ByteCount {
    let w = arch.widths
    return (1...arch.depth).reduce(.zero) { $0 + .doubles(w[$1], w[$1 - 1]) + .doubles(w[$1]) }
  }

  /// The forward pass's transient: the layer being computed, `H_{l−1}`, `U_l`, `φ(U_l)`, `φ′(U_l)` and
  /// the Gram of `H_{l−1}` when the pass keeps Grams (``ForwardPass``, ``Network/preActivations(layer:from:)``).
  ///
  /// ```
  /// 8·(N·max_l (M_{l−1} + 3·M_l) + N² [with Grams])
  /// ```
  static func forwardTransient(architecture arch: NetworkArchitecture, samples n: Int, grams: Bool = true)
    -> MemoryTerm
  {
    let w = arch.widths
    let widest = (1...arch.depth).map { ByteCount.doubles(n, w[$0 - 1]) + .doubles(3, n, w[$0]) }.max()!
    return MemoryTerm(
      "forward transient", widest + (grams ? .doubles(n, n) : .zero),
      grams ? "8·(N·max_l(M_{l−1} + 3·M_l) + N²)" : "8·N·max_l(M_{l−1} + 3·M_l)", [.forward])
  }

  /// The distinct hidden widths of layers `lowest…L−1`, summed: ``BackwardSignals`` keeps two buffers of
  /// C·N × M per distinct width.
  static func distinctHiddenWidths(_ arch: NetworkArchitecture, from lowest: Int) -> [Int] {
    guard arch.depth >= 2, lowest <= arch.depth - 1 else { return [] }
    return Array(Set((max(lowest, 1)...(arch.depth - 1)).map { arch.widths[$0] })).sorted()
  }

  /// `8·2·C·N·Σ_{distinct M}` bytes of the backward buffers.
  static func backwardBytes(_ arch: NetworkArchitecture, samples n: Int, from lowest: Int) -> ByteCount {
    distinctHiddenWidths(arch, from: lowest).reduce(.zero) { $0 + .doubles(2, arch.outputs, n, $1) }
  }
}
