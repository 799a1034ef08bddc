// The two integrators of the network's hinge flow behind one interface: sliding mode (default) or reference Euler.
import Spectra

/// How the network's hinge-loss gradient flow is integrated.
///
/// Source: shared/science/stripe.md §2.4
public enum NetworkFlowIntegrator: String, Sendable, Equatable, Codable, CaseIterable {
  /// Filippov sliding-mode field with event location (`HingeSlidingField`, `SlidingModeStepper`):
  /// points on the margin stay on it instead of chattering, so the controller keeps large steps.
  /// The field is evaluated by fused passes over the pre-activations (`RectifiedUnitSums`).
  case slidingMode = "sliding-mode"
  /// The same sliding-mode integrator with the dense evaluation of earlier versions (σ(Z) and σ'(Z)
  /// materialised, BLAS products): identical formulas, another summation order, about 2–3× slower.
  /// Kept to reproduce earlier results and to check the fused evaluation against it.
  case slidingModeDense = "sliding-mode-dense"
  /// The reference code's adaptive Euler scheme on the plain hinge gradient (with the jump tolerance).
  case euler
}

/// One integrator of the network flow, advanced step by step by ``NetworkTraining``.
struct NetworkFlowEngine {
  private enum Kind {
    case euler(AdaptiveEulerIntegrator, FlowPoint<[Double]>)
    case sliding(SlidingModeStepper, SlidingModeStepper.State)
  }

  private var kind: Kind
  private let initial: ShallowNetwork

  /// An engine at `initial` for the given training set and options.
  init(
    _ initial: ShallowNetwork, x: Matrix, labels y: [Double], reference f0: [Double],
    options: NetworkTrainingOptions
  ) {
    self.initial = initial
    switch options.integrator {
    case .euler:
      let alpha = options.alpha
      let loss = options.loss
      let e = initial.hingeEvaluation(x, labels: y, alpha: alpha, reference: f0, loss: loss)
      kind = .euler(
        AdaptiveEulerIntegrator(control: options.control),
        FlowPoint(state: initial.flatParameters, outputs: e.outputs, gradient: e.gradient))
    case .slidingMode, .slidingModeDense:
      let fused = options.integrator == .slidingMode
      // The fused field computes its own f₀ with its own summation order, so that F is exactly 0 at t = 0.
      let field = HingeSlidingField(
        x: x, y: y, alpha: options.alpha, reference: fused ? initial.fusedOutputs(x) : f0, loss: options.loss,
        band: options.slidingBand, evaluation: fused ? .fused : .dense)
      let stepper = SlidingModeStepper(field: field, control: options.control)
      kind = .sliding(stepper, stepper.state(initial))
    }
  }

  /// The current flat parameters.
  var parameters: [Double] {
    switch kind {
    case .euler(_, let point): return point.state
    case .sliding(_, let state): return state.evaluation.network.flatParameters
    }
  }

  /// The current α-scaled training outputs F_μ.
  var outputs: [Double] {
    switch kind {
    case .euler(_, let point): return point.outputs
    case .sliding(_, let state): return state.evaluation.outputs
    }
  }

  /// Whether the current gradient vanishes.
  var gradientIsZero: Bool {
    switch kind {
    case .euler(_, let point): return point.gradient.allSatisfy { $0 == 0 }
    case .sliding(_, let state): return state.gradient.vector.allSatisfy { $0 == 0 }
    }
  }

  /// The nominal step size.
  var stepSize: Double {
    switch kind {
    case .euler(let integrator, _): return integrator.dt
    case .sliding(let stepper, _): return stepper.dt
    }
  }

  /// dgrad/limit and dout/limit of the last accepted step (sliding mode; 0 for the Euler scheme).
  var lastMeasureFractions: (gradient: Double, output: Double) {
    switch kind {
    case .euler: return (0, 0)
    case .sliding(let stepper, _):
      return (
        stepper.lastMeasures.gradientChange / stepper.control.maxGradientChange,
        stepper.lastMeasures.outputChange / stepper.control.maxOutputChange
      )
    }
  }

  /// Trials retried so far by cause (sliding mode; zeros for the Euler scheme).
  var retries: (event: Int, output: Int, gradient: Int) {
    switch kind {
    case .euler: return (0, 0, 0)
    case .sliding(let stepper, _): return stepper.retries
    }
  }

  /// Points currently sliding on the margin (0 for the Euler scheme).
  var slidingCount: Int {
    switch kind {
    case .euler: return 0
    case .sliding(_, let state): return state.gradient.sliding.count
    }
  }

  /// Advances one accepted step; returns the step taken, the rejections and whether it stalled.
  mutating func advance(
    trial: (FlowPoint<[Double]>, Double) -> FlowPoint<[Double]>
  ) -> (taken: Double, rejections: Int, stalled: Bool) {
    switch kind {
    case .euler(var integrator, let point):
      let r = integrator.step(from: point, trial: trial)
      kind = .euler(integrator, r.stalled ? point : r.point)
      return (r.stepTaken, r.rejections, r.stalled)
    case .sliding(var stepper, let state):
      let r = stepper.step(from: state)
      kind = .sliding(stepper, r.state)
      return (r.stepTaken, r.rejections, r.stalled)
    }
  }
}
