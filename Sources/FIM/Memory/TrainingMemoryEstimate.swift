// The peak memory of `train` and `lr-sweep`, term by term from the code that allocates, before any allocation.
import Spectra

/// The peak-memory estimate of a training run (``TrainingExperiment``) or a learning-rate sweep
/// (``LearningRateSweep``): named terms, each alive during some stages; the peak is the worst stage.
///
/// With n = C·N (the dual's size), P parameters, widths M_0 … M_L:
///
/// ```
/// runtime            48 MB                                   process baseline (MemoryEstimate.runtimeBytes)
/// network            8·P                                     θ₀
/// teacher            8·P                                     the teacher network (teacher data, setup only)
/// data               8·N·(M_0 + C)                           X and the targets
/// draw buffer        8·max(max_l M_l·M_{l−1}, N·M_0)         RandomStream's row-major draw (setup)
/// forward cache θ₀   8·(L·N² + N·Σ_{l<L} M_l + N·C)          ForwardPass with Grams (train: kept for the
///                                                            linearised dynamics; lr-sweep: the λ_max pass)
/// training step      8·(2·P + L·N² + 3·N·Σ_l M_l + 2·N·C)    θ_t+1 and ∇L, LossGradient's kept activations,
///                                                            φ′ and the backward deltas
/// dual assembly      8·(2·C·N·Σ_{distinct M_l} + N² + C·N·p·N)  BackwardSignals' pool and the Gram panel
/// dual               8·n²                                    K/N (λ₀, and F at every tracked step)
/// softmax dual       8·n²                                    ℬᵀ(K/N)ℬ (train: every tracked step)
/// eigen copy         8·n²                                    dsyevr's copy of the dual (top C)
/// dsyevr workspace   8·(70 + C)·n + 40·n                     LWORK, LIWORK, Z (n × C), W
/// linearised         8·(n² + n² + 2n² + 6n + 1) + 4·(5n + 3)  train: kernel, dsyevd's copy (the eigenvectors)
///                                                            and its JOBZ=V workspace
/// ```
/// Stages: `setup` (sampling, λ₀ = λ_max(F(θ₀))), `training` (gradient steps), `spectra` (a tracked step's
/// two duals), `linearised` (train: the NTK-linearised losses). The peak is the worst stage; an lr-sweep
/// runs one width at a time, so its peak is the largest width's.
///
/// Source: `Sources/FIM/Training/*` (the allocations) and ``MemoryEstimate/dense(architecture:samples:request:overlaps:)``
/// for the dual's terms; the estimate is compared with the measured VmHWM in the CLI tests.
public struct TrainingMemoryEstimate: Sendable, Codable, Equatable {
  /// A stage of a training run.
  public enum Stage: String, Sendable, Codable, CaseIterable {
    /// Sampling the network and data, and λ₀.
    case setup
    /// Gradient-descent steps.
    case training
    /// A tracked step's spectra (train only).
    case spectra
    /// The NTK-linearised losses (train only).
    case linearised
  }

  /// One allocation (or group), with its formula and the stages it is alive in.
  public struct Term: Sendable, Codable, Equatable {
    /// Short name.
    public let name: String
    /// Bytes.
    public let bytes: ByteCount
    /// How the bytes are counted.
    public let formula: String
    /// The stages in which it is alive.
    public let stages: [Stage]
  }

  /// `train` or `lr-sweep`.
  public let command: String
  /// The terms of the largest configuration (lr-sweep: the widest).
  public let terms: [Term]
  /// Why the run cannot work at any budget (the dual beyond LAPACK's 32-bit limit), or nil.
  public let impossible: String?

  /// The bytes alive in `stage`.
  public func bytes(in stage: Stage) -> ByteCount {
    terms.filter { $0.stages.contains(stage) }.reduce(.zero) { $0 + $1.bytes }
  }

  /// The stage with the most bytes alive.
  public var peakStage: Stage {
    Stage.allCases.max { bytes(in: $0) < bytes(in: $1) }!
  }

  /// The peak estimate.
  public var peak: ByteCount { bytes(in: peakStage) }

  /// The peak stage's terms, largest first, e.g. `dual 2.0 GB + eigen copy 2.0 GB + …`.
  public var breakdown: String {
    terms.filter { $0.stages.contains(peakStage) }.sorted { $1.bytes < $0.bytes }
      .map { "\($0.name) \($0.bytes)" }.joined(separator: " + ")
  }

  /// The estimate of ``TrainingExperiment`` on `architecture` with `samples` inputs.
  ///
  /// - Parameters:
  ///   - arch: the student's architecture.
  ///   - n: the number of training samples N.
  ///   - teacher: the data come from a teacher network (not `--data`).
  public static func train(architecture arch: NetworkArchitecture, samples n: Int, teacher: Bool)
    -> TrainingMemoryEstimate
  {
    let size = ByteCount.product([arch.outputs, n]).bytes
    var terms = common(arch, samples: n, teacher: teacher, stages: Stage.allCases)
    terms.append(contentsOf: [
      Term(
        name: "forward cache θ₀", bytes: forwardCache(arch, samples: n),
        formula: "8·(L·N² + N·Σ_{l<L} M_l + N·C)", stages: Stage.allCases),
      Term(
        name: "training step", bytes: trainingStep(arch, samples: n),
        formula: "8·(2·P + L·N² + 3·N·Σ_l M_l + 2·N·C)", stages: [.training, .spectra]),
      Term(
        name: "dual assembly", bytes: assembly(arch, samples: n),
        formula: "8·(2·C·N·Σ_{distinct M_l} + N² + C·N·p·N)", stages: [.setup, .spectra, .linearised]),
      Term(name: "dual", bytes: .doubles(size, size), formula: "8·(C·N)²", stages: [.setup, .spectra]),
      Term(name: "softmax dual", bytes: .doubles(size, size), formula: "8·(C·N)²", stages: [.spectra]),
      Term(name: "eigen copy", bytes: .doubles(size, size), formula: "8·(C·N)²", stages: [.setup, .spectra]),
      Term(
        name: "dsyevr workspace", bytes: .doubles(70 + arch.outputs, size) + .product([40, size]),
        formula: "8·(70 + C)·n + 40·n", stages: [.setup, .spectra]),
      Term(
        name: "linearised",
        bytes: .doubles(4, size, size) + .doubles(6, size) + .doubles(1) + .product([4, 5, size]),
        formula: "8·(4n² + 6n + 1) + 4·5n", stages: [.linearised]),
    ])
    return TrainingMemoryEstimate(command: "train", terms: terms, impossible: limit(size))
  }

  /// The estimate of ``LearningRateSweep`` at its widest `architecture` (one width at a time).
  public static func learningRateSweep(architecture arch: NetworkArchitecture, samples n: Int)
    -> TrainingMemoryEstimate
  {
    let size = ByteCount.product([arch.outputs, n]).bytes
    var terms = common(arch, samples: n, teacher: true, stages: [.setup, .training])
    terms.append(contentsOf: [
      Term(
        name: "forward cache θ₀", bytes: forwardCache(arch, samples: n),
        formula: "8·(L·N² + N·Σ_{l<L} M_l + N·C)", stages: [.setup]),
      Term(
        name: "training step", bytes: trainingStep(arch, samples: n),
        formula: "8·(2·P + L·N² + 3·N·Σ_l M_l + 2·N·C)", stages: [.training]),
      Term(
        name: "dual assembly", bytes: assembly(arch, samples: n),
        formula: "8·(2·C·N·Σ_{distinct M_l} + N² + C·N·p·N)", stages: [.setup]),
      Term(name: "dual", bytes: .doubles(size, size), formula: "8·(C·N)²", stages: [.setup]),
      Term(name: "eigen copy", bytes: .doubles(size, size), formula: "8·(C·N)²", stages: [.setup]),
      Term(
        name: "dsyevr workspace", bytes: .doubles(71, size) + .product([40, size]),
        formula: "8·71·n + 40·n", stages: [.setup]),
    ])
    return TrainingMemoryEstimate(command: "lr-sweep", terms: terms, impossible: limit(size))
  }

  /// Runtime, network, teacher, data and draw buffer.
  static func common(_ arch: NetworkArchitecture, samples n: Int, teacher: Bool, stages: [Stage]) -> [Term] {
    let w = arch.widths
    let params = MemoryEstimate.parameterBytes(arch)
    let largestLayer = (1...arch.depth).map { ByteCount.doubles(w[$0], w[$0 - 1]) }.max()!
    var terms = [
      Term(name: "runtime", bytes: MemoryEstimate.runtimeBytes, formula: "process baseline", stages: stages),
      Term(name: "network", bytes: params, formula: "8·P", stages: stages),
      Term(name: "data", bytes: .doubles(n, w[0] + arch.outputs), formula: "8·N·(M_0 + C)", stages: stages),
      Term(
        name: "draw buffer", bytes: max(largestLayer, .doubles(n, w[0])),
        formula: "8·max(max_l M_l·M_{l−1}, N·M_0)", stages: [.setup]),
    ]
    if teacher { terms.append(Term(name: "teacher", bytes: params, formula: "8·P", stages: [.setup])) }
    return terms
  }

  /// `8·(L·N² + N·Σ_{l<L} M_l + N·C)`: a ForwardPass keeping its Grams.
  static func forwardCache(_ arch: NetworkArchitecture, samples n: Int) -> ByteCount {
    let hidden = (1..<arch.depth).reduce(ByteCount.zero) { $0 + .doubles(n, arch.widths[$1]) }
    return .doubles(arch.depth, n, n) + hidden + .doubles(n, arch.outputs)
  }

  /// `8·(2·P + L·N² + 3·N·Σ_l M_l + 2·N·C)`: θ_{t+1}, ∇L and LossGradient's pass with activations.
  static func trainingStep(_ arch: NetworkArchitecture, samples n: Int) -> ByteCount {
    let all = (0...arch.depth).reduce(ByteCount.zero) { $0 + .doubles(3, n, arch.widths[$1]) }
    return MemoryEstimate.parameterBytes(arch) * 2 + .doubles(arch.depth, n, n) + all
      + .doubles(2, n, arch.outputs)
  }

  /// `8·(2·C·N·Σ_{distinct M_l} + N² + C·N·p·N)`: the dual's backward buffers and Gram panel.
  static func assembly(_ arch: NetworkArchitecture, samples n: Int) -> ByteCount {
    let c = arch.outputs
    let p = n >= 1024 ? 1 : max(1, min(c, (1024 + n - 1) / n))
    return MemoryEstimate.backwardBytes(arch, samples: n, from: 1) + .doubles(n, n) + .doubles(c, n, p, n)
  }

  /// The LAPACK limit on the dual's size, or nil.
  static func limit(_ size: Int) -> String? {
    size > MemoryEstimate.largestDenseDual
      ? "the dual is \(size) × \(size); LAPACK's 32-bit indexing stops at n = \(MemoryEstimate.largestDenseDual)"
      : nil
  }
}
