// Kernel learning: hinge-loss gradient flow on kernel coefficients from zero (the α → ∞ network).
import Foundation
import Spectra

/// A kernel machine `F(x) = Σ_ν a_ν K(x, x_ν)` trained by hinge-loss gradient flow from a = 0.
///
/// ```
/// F_μ = Σ_ν K_μν a_ν,   ȧ_μ = (1/p) 1[y_μF_μ < 1] y_μ
/// output-space gradient g = −K·ȧ  (used by the step controller: dgrad on g, dout = dt·max|g|)
/// stop when min_μ y_μF_μ ≥ 1 − marginTolerance   (default 0.01: sliding points chatter within the
///                                                  controller's jump tolerance of the margin)
/// ```
/// This is the α → ∞ limit of the network's dynamics with the frozen NTK (α only rescales time);
/// it is neither the max-margin SVM nor ridgeless regression.
///
/// Source: shared/science/stripe.md §5.1
public struct KernelMachine: Sendable {
  /// The coefficients a_ν.
  public let coefficients: [Double]
  /// How the flow ended.
  public let summary: FlowSummary
  /// Final training outputs F_μ.
  public let trainOutputs: [Double]

  /// Trains on the Gram matrix `gram` (p × p) of the training points with labels `labels`.
  ///
  /// `marginTolerance` relaxes the stop test (see ``NetworkTrainingOptions/marginTolerance``).
  ///
  /// - Throws: ``ConfigurationError`` for a non-square or mismatched Gram matrix or invalid options.
  /// - Complexity: one p×p matrix-vector product per trial step.
  public static func train(
    gram k: Matrix, labels y: [Double], control: AdaptiveEulerControl = .kernel,
    loss: HingeLoss = HingeLoss(),
    maxSteps: Int = 1_000_000, maxWallSeconds: Double = 600, marginTolerance: Double = 0.01
  ) throws(ConfigurationError) -> KernelMachine {
    guard marginTolerance >= 0, marginTolerance < 1 else {
      throw ConfigurationError(field: "margin-tolerance", "must be in [0, 1), got \(marginTolerance)")
    }
    guard k.isSquare, k.rows == y.count, !y.isEmpty else {
      throw ConfigurationError(
        field: "gram", "need a p × p Gram matrix for p = \(y.count) labels, got \(k.rows)×\(k.columns)")
    }
    try control.validate()
    guard maxSteps >= 1 else { throw ConfigurationError(field: "max-steps", "must be ≥ 1, got \(maxSteps)") }
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
      let g = k.times(u).map { -$0 }
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
        current = point(a: current.state.a, outputs: k.times(current.state.a))
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
    let a = current.state.a
    // Recompute outputs exactly from the coefficients (the flow updates them incrementally).
    let exact = k.times(a)
    let summary = FlowSummary(
      stopReason: stop, steps: steps, rejections: rejections, time: time,
      wallSeconds: Date().timeIntervalSince(start), minMargin: Scores.margins(exact, y).min() ?? 0)
    return KernelMachine(coefficients: a, summary: summary, trainOutputs: exact)
  }

  /// Predictions `F(x) = K(x, X_train)·a` from the cross kernel (rows: new points, columns: training).
  ///
  /// - Precondition: `cross.columns` equals the number of coefficients.
  public func predict(cross: Matrix) -> [Double] {
    precondition(cross.columns == coefficients.count, "cross kernel needs \(coefficients.count) columns")
    return cross.times(coefficients)
  }

  /// The test error (fraction with y F ≤ 0) on points with cross kernel `cross` and labels `labels`.
  public func testError(cross: Matrix, labels: [Double]) -> Double {
    Scores.error(predict(cross: cross), labels)
  }
}
