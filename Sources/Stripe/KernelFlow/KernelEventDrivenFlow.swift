// The exact hinge-loss gradient flow of a kernel machine: piecewise linear in time, advanced event to event.
import Foundation
import Spectra

/// The kernel hinge flow integrated exactly, from one active-set event to the next.
///
/// With a frozen kernel the flow `ȧ_ν = (1/p) c_ν y_ν` has a piecewise-constant velocity: c_ν = 1 for
/// points below the margin (A), 0 above it (I), and for points sitting on it (S) the Filippov
/// sliding coefficients, the solution of the box complementarity problem
/// ```
/// ṁ_S = (1/p) [K̃_SA 1 + K̃_SS c_S],   K̃ = diag(y) K diag(y),   c_S ∈ [0, 1]
/// c_μ = 0 ⇒ ṁ_μ ≥ 0,   c_μ = 1 ⇒ ṁ_μ ≤ 0,   0 < c_μ < 1 ⇒ ṁ_μ = 0
/// ```
/// (a point on the margin stays there exactly when the others would push it across). Between events
/// the margins move linearly, `m(t + τ) = m(t) + τ ṁ`, so the next event (a point of A reaching the
/// margin from below, or of I from above) is found in closed form and the flow jumps to it. The flow
/// ends when A is empty: every margin is then ≥ 1 (points on the margin to rounding, 1e-10).
///
/// This is the dt → 0 limit of the reference code's explicit Euler integration (which approximates
/// the same Filippov solution by chattering across the hinge kink), computed without discretisation
/// error. Time is reported in the reference convention.
///
/// Source: shared/science/stripe.md §5.1; Filippov, *Differential equations with discontinuous
/// righthand sides* (1988), §2.4 (sliding modes).
enum KernelEventDrivenFlow {
  /// Margin band of the sliding set: |m − 1| ≤ band counts as on the margin.
  static let band = 1e-10

  /// Runs the flow on the Gram matrix `k` with labels `y` (margin from `loss`).
  static func run(
    gram k: Matrix, labels y: [Double], loss: HingeLoss, maxEvents: Int, maxWallSeconds: Double
  ) -> KernelFlowRun {
    let start = Date()
    let p = y.count
    let ke = k.elements
    let target = loss.margin
    let invP = 1 / Double(p)
    /// K̃_μν = y_μ y_ν K_μν.
    @inline(__always) func kt(_ mu: Int, _ nu: Int) -> Double { y[mu] * y[nu] * ke[nu * p + mu] }

    var a = [Double](repeating: 0, count: p)
    var m = [Double](repeating: 0, count: p)
    var inA = [Bool](repeating: true, count: p)
    // rA = K̃·1_A, kept by column updates when A changes.
    var rA = [Double](repeating: 0, count: p)
    for nu in 0..<p {
      for mu in 0..<p { rA[mu] += kt(mu, nu) }
    }
    var sliding: [Int: Double] = [:]  // warm starts of the sliding coefficients
    var time = 0.0
    var events = 0
    var stop: FlowStopReason = .stepLimit

    func setActive(_ j: Int, _ active: Bool) {
      guard inA[j] != active else { return }
      inA[j] = active
      let s = active ? 1.0 : -1.0
      for mu in 0..<p { rA[mu] += s * kt(mu, j) }
    }

    while true {
      // Classify: A below the band, S in it, I above it.
      var onMargin: [Int] = []
      for mu in 0..<p {
        if m[mu] < target - band {
          setActive(mu, true)
        } else {
          setActive(mu, false)
          if m[mu] <= target + band { onMargin.append(mu) }
        }
      }
      if !inA.contains(true) {
        stop = .marginsReached
        break
      }
      if !m.allSatisfy(\.isFinite) {
        stop = .nonFinite
        break
      }
      if events >= maxEvents {
        stop = .stepLimit
        break
      }
      if events % 16 == 0, Date().timeIntervalSince(start) >= maxWallSeconds {
        stop = .wallLimit
        break
      }
      // Sliding coefficients on S.
      var c = inA.map { $0 ? 1.0 : 0.0 }
      if !onMargin.isEmpty {
        let s = onMargin.count
        var msub = [Double](repeating: 0, count: s * s)
        for (j, nu) in onMargin.enumerated() {
          for (i, mu) in onMargin.enumerated() { msub[i + j * s] = kt(mu, nu) }
        }
        let q = onMargin.map { rA[$0] }
        let warm = onMargin.map { sliding[$0] ?? 0 }
        let lcp = BoxComplementarity.solve(
          matrix: Matrix(rows: s, columns: s, exactColumnMajor: msub), offset: q, start: warm)
        sliding = [:]
        for (i, mu) in onMargin.enumerated() {
          c[mu] = lcp.solution[i]
          sliding[mu] = lcp.solution[i]
        }
      }
      // Margin velocities ṁ = (1/p) K̃ c.
      var rate = rA
      for nu in onMargin where c[nu] != 0 {
        for mu in 0..<p { rate[mu] += kt(mu, nu) * c[nu] }
      }
      for mu in 0..<p { rate[mu] *= invP }
      // The next event: a point of A reaching the margin, or of I coming down to it.
      var tau = Double.infinity
      for mu in 0..<p {
        if inA[mu], rate[mu] > 0 {
          tau = min(tau, (target - m[mu]) / rate[mu])
        } else if m[mu] > target + band, rate[mu] < 0 {
          tau = min(tau, (m[mu] - target) / -rate[mu])
        }
      }
      guard tau.isFinite else {
        // A is not empty but nothing can reach the margin: the flow runs on for ever.
        stop = rate.allSatisfy { $0 == 0 } ? .zeroGradient : .stalled
        break
      }
      for nu in 0..<p where c[nu] != 0 { a[nu] += tau * c[nu] * y[nu] * invP }
      for mu in 0..<p {
        let old = m[mu]
        m[mu] += tau * rate[mu]
        // A point that crossed the margin during this interval is the event: snap it onto it.
        if (old < target - band && m[mu] >= target - band) || (old > target + band && m[mu] <= target + band)
        {
          m[mu] = target
        }
      }
      time += tau
      events += 1
      if events % 256 == 0 {
        // Refresh the margins from the coefficients so that round-off cannot accumulate; points on the
        // margin keep their exact value.
        let f = k.multiplied(byVector: a)
        for mu in 0..<p where abs(m[mu] - target) > band { m[mu] = y[mu] * f[mu] }
      }
    }
    return KernelFlowRun(
      coefficients: a, stopReason: stop, steps: events, rejections: 0, time: time,
      wallSeconds: Date().timeIntervalSince(start))
  }
}
