// The adaptive explicit-Euler step controller of the reference code (accept/reject, grow ×1.1, shrink ÷10).
import Spectra

/// Settings of the adaptive Euler integrator of a gradient flow.
///
/// A trial step `w' = w − dt·g` is accepted when
/// ```
/// dgrad = ‖g − g'‖² / (‖g‖·‖g'‖) < maxGradientChange   (0 when either norm is 0)
/// dout  = max_μ |F'_μ − F_μ|     < maxOutputChange
/// ```
/// After an accepted step, `dt ← growFactor·dt` when both measures are below `growThreshold` times
/// their limits; after a rejection the state is restored and `dt ← dt/shrinkFactor`.
/// Defaults: dt₀ = 1, 10⁻⁴, 0.1, ×1.1, ÷10, 0.5 (network) — the kernel flow uses 0.1.
///
/// `jumpTolerance` (not in the reference code, documented here): the hinge derivative is
/// discontinuous, so a step that switches a point between active and inactive changes g by a finite
/// amount however small dt is. Such a step is accepted when `dout < jumpTolerance`: the Euler error
/// it causes is then below `jumpTolerance` in F. Set it to 0 for the reference rule (which can stall,
/// reported as ``FlowStopReason/stalled``). The sliding-mode network integrator
/// (``NetworkFlowIntegrator/slidingMode``) gives it another meaning: how far past a hinge boundary a
/// step may carry a point before the step is shortened to the event.
///
/// Source: shared/science/stripe.md §2.4, §5.1
public struct AdaptiveEulerControl: Sendable, Equatable, Codable {
  /// Initial step dt₀.
  public var initialStep: Double = 1
  /// Limit on the relative gradient change dgrad.
  public var maxGradientChange: Double = 1e-4
  /// Limit on the largest change of an α-scaled training output F per step.
  public var maxOutputChange: Double = 0.1
  /// Step growth factor after an easy step.
  public var growFactor: Double = 1.1
  /// Step shrink factor after a rejection.
  public var shrinkFactor: Double = 10
  /// Both measures must be below this fraction of their limits for dt to grow.
  public var growThreshold: Double = 0.5
  /// Euler schemes: output change below which a gradient jump (active-set change) is accepted.
  /// Sliding mode: largest overshoot of a margin past a region boundary in one step.
  public var jumpTolerance: Double = 1e-2
  /// Consecutive rejections after which the flow is declared stalled.
  public var maxConsecutiveRejections: Int = 80
  /// Sliding-mode integrator only: which outputs dout is taken over and when events are judged.
  public var slidingStepRule: SlidingStepRule = .fieldOutputs

  /// The reference settings for the network flow (growth threshold 0.5).
  public static let network = AdaptiveEulerControl()
  /// The reference settings for the kernel flow (growth threshold 0.1).
  public static let kernel = AdaptiveEulerControl(growThreshold: 0.1)

  /// Settings with the given values (defaults as in the reference code).
  public init(
    initialStep: Double = 1, maxGradientChange: Double = 1e-4, maxOutputChange: Double = 0.1,
    growFactor: Double = 1.1, shrinkFactor: Double = 10, growThreshold: Double = 0.5,
    jumpTolerance: Double = 1e-2, maxConsecutiveRejections: Int = 80,
    slidingStepRule: SlidingStepRule = .fieldOutputs
  ) {
    self.initialStep = initialStep
    self.maxGradientChange = maxGradientChange
    self.maxOutputChange = maxOutputChange
    self.growFactor = growFactor
    self.shrinkFactor = shrinkFactor
    self.growThreshold = growThreshold
    self.jumpTolerance = jumpTolerance
    self.maxConsecutiveRejections = maxConsecutiveRejections
    self.slidingStepRule = slidingStepRule
  }

  /// Decodes a stored controller. A record without `slidingStepRule` predates the rule and was made
  /// with ``SlidingStepRule/allOutputs``, so it decodes as that (a resumed study then refuses to mix it
  /// with results of the current default).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    initialStep = try c.decode(Double.self, forKey: .initialStep)
    maxGradientChange = try c.decode(Double.self, forKey: .maxGradientChange)
    maxOutputChange = try c.decode(Double.self, forKey: .maxOutputChange)
    growFactor = try c.decode(Double.self, forKey: .growFactor)
    shrinkFactor = try c.decode(Double.self, forKey: .shrinkFactor)
    growThreshold = try c.decode(Double.self, forKey: .growThreshold)
    jumpTolerance = try c.decode(Double.self, forKey: .jumpTolerance)
    maxConsecutiveRejections = try c.decode(Int.self, forKey: .maxConsecutiveRejections)
    slidingStepRule = try c.decodeIfPresent(SlidingStepRule.self, forKey: .slidingStepRule) ?? .allOutputs
  }

  private enum CodingKeys: String, CodingKey {
    case initialStep, maxGradientChange, maxOutputChange, growFactor, shrinkFactor, growThreshold
    case jumpTolerance, maxConsecutiveRejections, slidingStepRule
  }

  /// Checks every field.
  ///
  /// - Throws: `ConfigurationError` naming the first field out of range.
  public func validate() throws(ConfigurationError) {
    func positive(_ v: Double, _ name: String) throws(ConfigurationError) {
      guard v.isFinite, v > 0 else {
        throw ConfigurationError(field: name, "must be finite and > 0, got \(v)")
      }
    }
    try positive(initialStep, "initial-step")
    try positive(maxGradientChange, "max-dgrad")
    try positive(maxOutputChange, "max-dout")
    guard growFactor.isFinite, growFactor >= 1 else {
      throw ConfigurationError(field: "grow-factor", "must be ≥ 1, got \(growFactor)")
    }
    guard shrinkFactor.isFinite, shrinkFactor > 1 else {
      throw ConfigurationError(field: "shrink-factor", "must be > 1, got \(shrinkFactor)")
    }
    guard growThreshold > 0, growThreshold <= 1 else {
      throw ConfigurationError(field: "grow-threshold", "must be in (0, 1], got \(growThreshold)")
    }
    guard jumpTolerance >= 0, jumpTolerance < maxOutputChange else {
      throw ConfigurationError(field: "jump-tolerance", "must be in [0, max-dout), got \(jumpTolerance)")
    }
    guard maxConsecutiveRejections >= 1 else {
      throw ConfigurationError(
        field: "max-rejections", "must be ≥ 1, got \(maxConsecutiveRejections)")
    }
  }

  /// The relative gradient change `‖g − g'‖²/(‖g‖·‖g'‖)` (0 when either norm vanishes).
  public static func gradientChange(_ g: [Double], _ g2: [Double]) -> Double {
    var n1 = 0.0
    var n2 = 0.0
    var diff = 0.0
    for i in g.indices {
      n1 += g[i] * g[i]
      n2 += g2[i] * g2[i]
      let e = g[i] - g2[i]
      diff += e * e
    }
    guard n1 > 0, n2 > 0 else { return 0 }
    return diff / (n1 * n2).squareRoot()
  }

  /// The largest absolute difference `max_μ |a_μ − b_μ|`.
  public static func outputChange(_ a: [Double], _ b: [Double]) -> Double {
    var m = 0.0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
  }
}

/// How the sliding-mode integrator (``NetworkFlowIntegrator/slidingMode``) judges a trial step's output
/// change and its hinge events.
///
/// ```
/// fieldOutputs: dout = max |ΔF_μ| over μ below the margin or in the band at either end of the step;
///               events (region changes) are located first, then dout and dgrad are judged
/// allOutputs:   dout = max |ΔF_μ| over every training point; events only after dout passes
/// ```
/// A point above the band at both ends of a step adds nothing to the field, so how far its output moves
/// does not bear on the step's accuracy; a step that would carry it into the band is an event and is
/// shortened to it under either rule. In the feature regime the far-satisfied outputs keep growing, and
/// under ``allOutputs`` their motion (and the overshoot of points just below the margin, which that rule
/// answers by halving dt instead of locating the event) held dt down for thousands of late steps:
/// p = 1024, h = 1000, d = 5 took 14 575 steps under ``allOutputs`` and 3 141 under ``fieldOutputs``.
///
/// Source: this toolkit's integrator (not in the reference code; shared/science/stripe.md §2.4 has the
/// reference controller).
public enum SlidingStepRule: String, Sendable, Equatable, Codable, CaseIterable {
  /// dout over the points taking part in the field; events located before dout is judged (default).
  case fieldOutputs = "field-outputs"
  /// dout over every training output, events judged after it (versions before 2026-11-30).
  case allOutputs = "all-outputs"
}

/// Why a gradient flow stopped.
///
/// Source: shared/science/stripe.md §2.5
public enum FlowStopReason: String, Sendable, Codable {
  /// Every training margin reached the target (hinge loss exactly 0).
  case marginsReached = "margins-reached"
  /// The gradient vanished before the margins were reached.
  case zeroGradient = "zero-gradient"
  /// An output became NaN or infinite.
  case nonFinite = "non-finite"
  /// The wall-clock limit was reached.
  case wallLimit = "wall-limit"
  /// The step limit was reached.
  case stepLimit = "step-limit"
  /// The controller rejected `maxConsecutiveRejections` trial steps in a row, or (exact kernel flow)
  /// points remain below the margin but none of them can ever reach it.
  case stalled
}

/// One state of a flow with what the controller needs: α-scaled training outputs and the gradient.
struct FlowPoint<State> {
  var state: State
  var outputs: [Double]
  var gradient: [Double]
}

/// The outcome of one controlled step.
struct ControlledStep<State> {
  var point: FlowPoint<State>
  var stepTaken: Double
  var rejections: Int
  var gradientChange: Double
  var outputChange: Double
  var stalled: Bool
}

/// The mutable integrator: the current dt and the accept/reject loop.
struct AdaptiveEulerIntegrator {
  let control: AdaptiveEulerControl
  var dt: Double

  init(control: AdaptiveEulerControl) {
    self.control = control
    dt = control.initialStep
  }

  /// Advances one accepted step from `point`; `trial(point, dt)` returns the evaluated trial point.
  mutating func step<State>(
    from point: FlowPoint<State>, trial: (FlowPoint<State>, Double) -> FlowPoint<State>
  ) -> ControlledStep<State> {
    var rejections = 0
    while true {
      let next = trial(point, dt)
      let dgrad = AdaptiveEulerControl.gradientChange(point.gradient, next.gradient)
      let dout = AdaptiveEulerControl.outputChange(point.outputs, next.outputs)
      let finite = dout.isFinite && dgrad.isFinite
      let smooth = dgrad < control.maxGradientChange || dout < control.jumpTolerance
      if finite && smooth && dout < control.maxOutputChange {
        let taken = dt
        if dgrad < control.growThreshold * control.maxGradientChange
          && dout < control.growThreshold * control.maxOutputChange
        {
          dt *= control.growFactor
        }
        return ControlledStep(
          point: next, stepTaken: taken, rejections: rejections, gradientChange: dgrad, outputChange: dout,
          stalled: false)
      }
      rejections += 1
      dt /= control.shrinkFactor
      if rejections >= control.maxConsecutiveRejections {
        return ControlledStep(
          point: point, stepTaken: 0, rejections: rejections, gradientChange: dgrad, outputChange: dout,
          stalled: true)
      }
    }
  }
}
