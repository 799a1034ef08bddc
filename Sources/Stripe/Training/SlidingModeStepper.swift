// Adaptive Euler steps of the sliding-mode hinge field, with location of active-set events.
import Spectra

/// The network flow's step controller on the Filippov field (``HingeSlidingField``).
///
/// Each trial step `w' = w − dt·g` is judged as in the reference controller, with two changes that
/// remove the hinge discontinuity from the accept test:
/// - `dgrad` compares g with the gradient at w' **for the same hinge partition (below / band / above)
///   and the same ReLU pattern** as at w (the network continued linearly across its kinks), so it
///   measures how fast the smooth piece of the field turns, not the jumps of the hinge or of σ'
///   (the reference rule stalls at such jumps: no step is small enough);
/// - a step that moves a point into another region is an event: it is accepted only when that point
///   lands within `jumpTolerance` past the region boundary; otherwise the step is shortened to reach
///   the boundary (linear interpolation of the margin) and retried, without shrinking the nominal dt.
/// ```
/// accept iff dgrad_frozen < 10⁻⁴,  max|ΔF| < 0.1,  every hinge-event overshoot ≤ jumpTolerance
/// grow dt ×1.1 when both measures are below half their limits; shrink ÷10 on a dgrad/dout rejection
/// ```
/// Source: shared/science/stripe.md §2.4 (the reference controller); event location is this
/// toolkit's addition.
struct SlidingModeStepper {
  /// The flow's state: the evaluation, its partition and the gradient for that partition.
  struct State {
    var evaluation: HingeSlidingField.Evaluation
    var regions: [HingeRegion]
    var gradient: HingeSlidingField.Gradient
  }

  /// The outcome of one accepted step.
  struct Step {
    var state: State
    var stepTaken: Double
    var rejections: Int
    var stalled: Bool
  }

  let field: HingeSlidingField
  let control: AdaptiveEulerControl
  /// The nominal step size.
  var dt: Double
  /// The controller's measures (dgrad, dout) of the last accepted step, for progress lines.
  var lastMeasures = (gradientChange: 0.0, outputChange: 0.0)
  /// Trials retried so far, by cause: an event overshoot, dout, dgrad.
  var retries = (event: 0, output: 0, gradient: 0)

  init(field: HingeSlidingField, control: AdaptiveEulerControl) {
    self.field = field
    self.control = control
    dt = control.initialStep
  }

  /// The state at `network`.
  func state(_ network: ShallowNetwork, warm: [Int: Double] = [:]) -> State {
    let e = field.evaluate(network)
    let r = field.regions(e.margins)
    return State(evaluation: e, regions: r, gradient: field.gradient(e, regions: r, warm: warm))
  }

  /// The margin boundary crossed when moving from region `a` to region `b`.
  private func boundary(from a: HingeRegion, to b: HingeRegion) -> Double {
    let kink = field.loss.margin
    switch (a, b) {
    case (.below, _), (_, .below): return kink
    default: return kink + field.band
    }
  }

  /// dout of a trial (``SlidingStepRule``): the largest `|F'_μ − F_μ|` over every point, or over the
  /// points that take part in the field at either end of the step (below the margin or in the band
  /// before or after it). A non-finite output always counts (its NaN margin is classified above the
  /// band) and makes dout NaN, so such a trial is rejected.
  private func outputChange(
    _ s: State, _ e: HingeSlidingField.Evaluation, _ regions: [HingeRegion]
  ) -> Double {
    if control.slidingStepRule == .allOutputs {
      return AdaptiveEulerControl.outputChange(s.evaluation.outputs, e.outputs)
    }
    var m = 0.0
    for mu in regions.indices
    where regions[mu] != .above || s.regions[mu] != .above || !e.outputs[mu].isFinite {
      let change = abs(e.outputs[mu] - s.evaluation.outputs[mu])
      guard !change.isNaN else { return .nan }
      m = max(m, change)
    }
    return m
  }

  /// Advances one accepted step from `s`.
  mutating func step(from s: State) -> Step {
    var rejections = 0
    var trialStep = dt
    let w = s.evaluation.network.flatParameters
    let g = s.gradient.vector
    while true {
      var next = w
      for i in next.indices { next[i] -= trialStep * g[i] }
      let e = field.evaluate(s.evaluation.network.with(flatParameters: next))
      let regions = field.regions(e.margins)
      let dout = outputChange(s, e, regions)
      var rejectedStep = !(dout.isFinite && dout < control.maxOutputChange)
      var eventShortening = 1.0
      if control.slidingStepRule == .fieldOutputs ? dout.isFinite : !rejectedStep {
        // Events: points that changed region. Each may overshoot its boundary by jumpTolerance.
        for mu in regions.indices where regions[mu] != s.regions[mu] {
          let b = boundary(from: s.regions[mu], to: regions[mu])
          let before = s.evaluation.margins[mu]
          let after = e.margins[mu]
          let overshoot = abs(after - b)
          if overshoot > control.jumpTolerance, after != before {
            // Step fraction that lands half the tolerance past the boundary (margins are linear in dt
            // to first order).
            let fraction = (abs(b - before) + 0.5 * control.jumpTolerance) / abs(after - before)
            eventShortening = min(eventShortening, fraction)
          }
        }
      }
      if eventShortening < 1 {
        rejections += 1
        retries.event += 1
        trialStep *= eventShortening
        if rejections >= control.maxConsecutiveRejections {
          return Step(state: s, stepTaken: 0, rejections: rejections, stalled: true)
        }
        continue
      }
      var warm = s.gradient.sliding
      var frozen: HingeSlidingField.Gradient? = nil
      var dgrad = 0.0
      if !rejectedStep {
        // The field at w' with the partition and the ReLU pattern of w: the smooth piece of the
        // field the step started on, continued across the kinks.
        let f = field.gradient(e, regions: s.regions, warm: s.gradient.sliding, pattern: s.evaluation)
        dgrad = AdaptiveEulerControl.gradientChange(g, f.vector)
        rejectedStep = !(dgrad.isFinite && dgrad < control.maxGradientChange)
        warm = f.sliding
        frozen = f
      }
      if rejectedStep {
        rejections += 1
        if dout.isFinite && dout < control.maxOutputChange {
          retries.gradient += 1
        } else {
          retries.output += 1
        }
        // Shrink to the step the violated measure allows (dout ∝ dt, dgrad ∝ dt²), at least ×1/2
        // and at most ÷shrinkFactor (the reference always divides by 10).
        var allowed = 1 / control.shrinkFactor
        if dout.isFinite && dgrad.isFinite {
          let byOutput = dout > 0 ? 0.5 * control.maxOutputChange / dout : 1
          let byGradient = dgrad > 0 ? 0.7 * (control.maxGradientChange / dgrad).squareRoot() : 1
          allowed = max(allowed, min(0.5, byOutput, byGradient))
        }
        dt = trialStep * allowed
        trialStep = dt
        if rejections >= control.maxConsecutiveRejections {
          return Step(state: s, stepTaken: 0, rejections: rejections, stalled: true)
        }
        continue
      }
      lastMeasures = (dgrad, dout)
      if trialStep == dt && dgrad < control.growThreshold * control.maxGradientChange
        && dout < control.growThreshold * control.maxOutputChange
      {
        dt *= control.growFactor
      }
      // The gradient for the new partition and ReLU pattern: a sparse correction of the frozen one
      // (fused evaluation) or a full evaluation (dense).
      let gradient =
        frozen.map { field.gradient(e, regions: regions, warm: warm, correcting: $0, pattern: s.evaluation) }
        ?? field.gradient(e, regions: regions, warm: warm)
      return Step(
        state: State(evaluation: e, regions: regions, gradient: gradient), stepTaken: trialStep,
        rejections: rejections, stalled: false)
    }
  }
}
