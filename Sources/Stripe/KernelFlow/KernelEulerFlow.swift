// The reference code's adaptive-Euler integration of the kernel hinge flow (kept for comparison).
import Foundation
import Spectra

/// The kernel hinge flow by the reference code's adaptive explicit Euler scheme.
///
/// ```
/// F_μ = Σ_ν K_μν a_ν,   ȧ_μ = (1/p) 1[y_μF_μ < 1] y_μ
/// output-space gradient g = −K·ȧ  (used by the step controller: dgrad on g, dout = dt·max|g|)
/// stop when min_μ y_μF_μ ≥ 1 − marginTolerance
/// ```
/// It chatters across the hinge kink once points slide along the margin, so it needs many steps; the
/// exact ``KernelEventDrivenFlow`` is the default.
///
/// Source: shared/science/stripe.md §2.4, §5.1
enum KernelEulerFlow {
  /// Runs the flow.
  static func run(
    gram k: Matrix, labels y: [Double], control: AdaptiveEulerControl, loss: HingeLoss, maxSteps: Int,
    maxWallSeconds: Double, marginTolerance: Double
  ) -> KernelFlowRun {
    let start = Date()
    let p = y.count
    struct State {
      var a: [Double]
      var direction: [Double]
    }
    func direction(_ f: [Double]) -> [Double] {
      (0..<p).map { y[$0] * f[$0] < loss.margin ? y[$0] / Double(p) : 0 }
    }
    let ke = k.elements
    /// The exact point: g = −K·u by a matrix-vector product (O(p²)).
    func point(a: [Double], outputs f: [Double]) -> FlowPoint<State> {
      let u = direction(f)
      let g = k.multiplied(byVector: u).map { -$0 }
      return FlowPoint(state: State(a: a, direction: u), outputs: f, gradient: g)
    }
    /// The trial point. Between active-set changes g is constant, so g' = g − K·(u' − u) costs
    /// O(p) per point whose activity changed instead of O(p²).
    func trial(_ from: FlowPoint<State>, _ dt: Double) -> FlowPoint<State> {
      var a = from.state.a
      let u = from.state.direction
      for i in 0..<p { a[i] += dt * u[i] }
      var f = from.outputs
      for i in 0..<p { f[i] -= dt * from.gradient[i] }
      let u2 = direction(f)
      var g = from.gradient
      for j in 0..<p where u2[j] != u[j] {
        let delta = u2[j] - u[j]
        let base = j * p
        for i in 0..<p { g[i] -= ke[base + i] * delta }
      }
      return FlowPoint(state: State(a: a, direction: u2), outputs: f, gradient: g)
    }
    var current = point(a: [Double](repeating: 0, count: p), outputs: [Double](repeating: 0, count: p))
    var integrator = AdaptiveEulerIntegrator(control: control)
    var steps = 0
    var rejections = 0
    var time = 0.0
    var stop: FlowStopReason
    while true {
      let minMargin = Scores.margins(current.outputs, y).min() ?? .infinity
      if !minMargin.isFinite {
        stop = .nonFinite
        break
      }
      if minMargin >= loss.margin - marginTolerance {
        stop = .marginsReached
        break
      }
      if current.gradient.allSatisfy({ $0 == 0 }) {
        stop = .zeroGradient
        break
      }
      if steps >= maxSteps {
        stop = .stepLimit
        break
      }
      if steps % 64 == 0, Date().timeIntervalSince(start) >= maxWallSeconds {
        stop = .wallLimit
        break
      }
      if steps > 0 && steps % 1000 == 0 {
        // Refresh outputs and gradient exactly, so incremental round-off cannot accumulate.
        current = point(a: current.state.a, outputs: k.multiplied(byVector: current.state.a))
      }
      let r = integrator.step(from: current, trial: trial)
      rejections += r.rejections
      if r.stalled {
        stop = .stalled
        break
      }
      current = r.point
      time += r.stepTaken
      steps += 1
    }
    return KernelFlowRun(
      coefficients: current.state.a, stopReason: stop, steps: steps, rejections: rejections, time: time,
      wallSeconds: Date().timeIntervalSince(start))
  }
}
