// Command-line options shared by the stripe subcommands.
import ArgumentParser
import Foundation
import Spectra
import Stripe

extension InvariantTask: ExpressibleByArgument {}
extension NetworkFlowIntegrator: ExpressibleByArgument {}
extension SlidingStepRule: ExpressibleByArgument {}

/// The `--kernel-flow` choices.
enum KernelFlowChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case eventDriven = "event-driven"
  case euler
}

/// Options of the task, the network and the run limits.
struct StripeModelOptions: ParsableArguments {
  @Option(help: "Task: stripe, cylinder or cylinder-median.")
  var task: InvariantTask = .stripe

  @Option(help: "Input dimension d.")
  var dimension: Int = 5

  @Option(help: "Hidden width h.")
  var width: Int = 1000

  @Option(name: .customLong("alpha-sqrt-h"), help: "α√h of the network (≪ 1: feature regime, ≫ 1: lazy).")
  var alphaSqrtH: Double = 1e-2

  @Option(name: .customLong("bias-scale"), help: "Bias multiplier B ([RECALL] 1).")
  var biasScale: Double = 1

  @Option(name: .customLong("bias-variance"), help: "Initial bias variance v_b ([RECALL] 1).")
  var biasVariance: Double = 1

  @Option(
    help:
      "Network flow integrator: sliding-mode (Filippov sliding on the margin with event location, fused evaluation; default), sliding-mode-dense (the same with the dense BLAS evaluation of earlier versions) or euler (the reference scheme)."
  )
  var integrator: NetworkFlowIntegrator = .slidingMode

  @Option(
    name: .customLong("sliding-band"),
    help: "Sliding-mode integrator: margins in [1, 1 + band] slide along the margin.")
  var slidingBand: Double = 1e-2

  @Option(
    name: .customLong("jump-tolerance"),
    help:
      "Sliding mode: how far past a hinge boundary a step may carry a point (margin units). Euler: output change below which a hinge jump is accepted."
  )
  var jumpTolerance: Double = 1e-2

  @Option(
    name: .customLong("step-rule"),
    help:
      "Sliding mode: field-outputs (dout over the points below or on the margin, events located first; default) or all-outputs (dout over every output, as before 2026-11-30; about 4× the steps in the feature regime)."
  )
  var stepRule: SlidingStepRule = .fieldOutputs

  @Option(
    name: .customLong("margin-tolerance"),
    help:
      "Stop when every margin is ≥ 1 − tolerance (0: strict; the Euler schemes chatter near the margin and need about 0.01)."
  )
  var marginTolerance: Double = 0

  @Option(
    name: .customLong("kernel-flow"),
    help: "Kernel hinge flow: event-driven (exact, default) or euler (the reference adaptive Euler scheme).")
  var kernelFlow: KernelFlowChoice = .eventDriven

  @Option(name: .customLong("max-wall"), help: "Wall-clock limit per network or kernel run (seconds).")
  var maxWall: Double = 600

  @Option(name: .customLong("max-steps"), help: "Step limit per network or kernel run.")
  var maxSteps: Int = 1_000_000

  @Option(help: "OpenBLAS threads.")
  var threads: Int?

  @Option(help: "Output directory.")
  var out: String

  func validate() throws {
    guard dimension >= 2 else { throw ValidationError("--dimension must be ≥ 2, got \(dimension)") }
    guard width >= 1 else { throw ValidationError("--width must be ≥ 1, got \(width)") }
    guard alphaSqrtH > 0, alphaSqrtH.isFinite else {
      throw ValidationError("--alpha-sqrt-h must be finite and > 0, got \(alphaSqrtH)")
    }
    guard maxWall > 0 else { throw ValidationError("--max-wall must be > 0, got \(maxWall)") }
    guard maxSteps >= 1 else { throw ValidationError("--max-steps must be ≥ 1, got \(maxSteps)") }
    if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
    guard slidingBand > 0, slidingBand < 1 else {
      throw ValidationError("--sliding-band must be in (0, 1), got \(slidingBand)")
    }
    guard marginTolerance >= 0, marginTolerance < 1 else {
      throw ValidationError("--margin-tolerance must be in [0, 1), got \(marginTolerance)")
    }
    guard jumpTolerance >= 0, jumpTolerance < 0.1 else {
      throw ValidationError("--jump-tolerance must be in [0, 0.1), got \(jumpTolerance)")
    }
  }

  /// The network controller with the chosen jump tolerance.
  var networkControl: AdaptiveEulerControl {
    var c = AdaptiveEulerControl.network
    c.jumpTolerance = jumpTolerance
    c.slidingStepRule = stepRule
    return c
  }

  /// The kernel flow integrator: exact event-driven, or the reference Euler with the jump tolerance.
  var kernelIntegrator: KernelFlowIntegrator {
    switch kernelFlow {
    case .eventDriven: return .eventDriven
    case .euler:
      var c = AdaptiveEulerControl.kernel
      c.jumpTolerance = jumpTolerance
      return .euler(c)
    }
  }

  /// Applies the thread count, if given, and keeps large temporaries in the malloc heap.
  func applyThreads() {
    if let threads { BLASThreads.set(threads) }
    HeapTuning.keepLargeBlocksInHeap()
  }
}
