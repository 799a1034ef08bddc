// The Filippov (sliding-mode) gradient of the network's hinge loss: points on the margin stay on it.
import Spectra

/// Where a training margin `m_μ = y_μF_μ` lies relative to the hinge kink at the margin 1.
public enum HingeRegion: UInt8, Sendable, Equatable {
  /// m < 1: the point is active (full hinge force, c = 1).
  case below
  /// 1 ≤ m ≤ 1 + band: on the margin, with a Filippov sliding coefficient c ∈ [0, 1].
  case band
  /// m > 1 + band: inactive (c = 0).
  case above
}

/// The network's hinge-loss gradient field with Filippov sliding on the margin.
///
/// The hinge derivative jumps at the margin, so plain gradient flow chatters across it once the other
/// points push a satisfied point back. Filippov's convention replaces the jump by the convex
/// combination that keeps such a point on the margin:
/// ```
/// ∂L/∂w = −(1/p) Σ_μ c_μ y_μ ∂f(x_μ)/∂w,   c = 1 below, 0 above, c_S ∈ [0, 1] in the band S
/// ṁ_S = α y_S ∘ (J_S v),  v = −∂L/∂w:    ṁ_S/α = q + M c_S,
///   q = y_S ∘ (J_S v_below),   M = diag(y_S) Θ_SS diag(y_S)/p,   Θ_SS = J_S J_Sᵀ (the NTK)
/// c_μ = 0 ⇒ ṁ_μ ≥ 0,   c_μ = 1 ⇒ ṁ_μ ≤ 0,   0 < c_μ < 1 ⇒ ṁ_μ = 0
/// ```
/// (a box complementarity problem, solved by `BoxComplementarity`). The band `[1, 1 + band]` absorbs
/// the second-order drift of an explicit Euler step, so points do not leave the margin at every step.
///
/// Source: shared/science/stripe.md §2.3–2.4; Filippov, *Differential equations with discontinuous
/// righthand sides* (1988), §2.4. The band is this toolkit's choice (not in the reference code).
struct HingeSlidingField {
  /// Training inputs (p × d).
  let x: Matrix
  /// Labels ±1.
  let y: [Double]
  /// The output scale α.
  let alpha: Double
  /// f₀(x_μ), the initial network's outputs.
  let reference: [Double]
  /// The hinge loss (its margin is the kink).
  let loss: HingeLoss
  /// Width of the sliding band above the margin.
  let band: Double

  /// The network evaluated on the training set: activations, α-scaled outputs and margins.
  struct Evaluation {
    var network: ShallowNetwork
    var preActivations: Matrix
    var activations: (value: Matrix, derivative: Matrix)
    var outputs: [Double]
    var margins: [Double]
  }

  /// The gradient for a given partition, with the sliding coefficients (keyed by point) it used.
  struct Gradient {
    var vector: [Double]
    var sliding: [Int: Double]
  }

  /// Evaluates `network` on the training set.
  func evaluate(_ network: ShallowNetwork) -> Evaluation {
    let z = network.preActivations(x)
    let acts = ShallowNetwork.activations(z)
    let outputs = network.scaledOutputs(acts, alpha: alpha, reference: reference)
    return Evaluation(
      network: network, preActivations: z, activations: acts, outputs: outputs,
      margins: Scores.margins(outputs, y))
  }

  /// The region of each margin.
  func regions(_ margins: [Double]) -> [HingeRegion] {
    margins.map { m in m < loss.margin ? .below : (m <= loss.margin + band ? .band : .above) }
  }

  /// The activations at `e` with the ReLU pattern of `pattern` (σ'(Z) of another state): the
  /// network continued linearly across its kinks, `σ = pattern ∘ Z`, `σ' = pattern`.
  func activations(of e: Evaluation, pattern: Matrix) -> (value: Matrix, derivative: Matrix) {
    var value = e.preActivations
    let mask = pattern.elements
    value.modifyElements { v in
      for i in v.indices { v[i] *= mask[i] }
    }
    return (value, pattern)
  }

  /// The Filippov gradient ∂L/∂w at `e` for the partition `regions`.
  ///
  /// - Parameters:
  ///   - warm: previous sliding coefficients, used as the starting point of the solve.
  ///   - activations: activations to use instead of `e`'s (a frozen ReLU pattern).
  /// - Complexity: one p×h×d dgemm (the points below), plus O(|S|·h·(|S| + d)) for the band S.
  func gradient(
    _ e: Evaluation, regions: [HingeRegion], warm: [Int: Double] = [:],
    activations: (value: Matrix, derivative: Matrix)? = nil
  ) -> Gradient {
    let all = activations ?? e.activations
    let p = x.rows
    var c = [Double](repeating: 0, count: p)
    for mu in 0..<p where regions[mu] == .below { c[mu] = -y[mu] }
    var g = e.network.weightedOutputGradient(x, coefficients: c, activations: all)
    let onMargin = (0..<p).filter { regions[$0] == .band }
    guard !onMargin.isEmpty else { return Gradient(vector: g, sliding: [:]) }
    let xs = x.selectingRows(onMargin)
    let acts = (all.value.selectingRows(onMargin), all.derivative.selectingRows(onMargin))
    let ys = onMargin.map { y[$0] }
    // q = y_S ∘ (J_S v_below) with v_below = −g.
    let jg = e.network.jacobianTimes(g, xs, activations: acts)
    let q = ys.indices.map { -ys[$0] * jg[$0] }
    let theta = NeuralTangentKernel.gram(e.network, xs, activations: acts)
    let s = onMargin.count
    let invP = 1 / Double(p)
    var me = theta.elements
    for j in 0..<s {
      for i in 0..<s { me[i + j * s] *= ys[i] * ys[j] * invP }
    }
    let lcp = BoxComplementarity.solve(
      matrix: Matrix(rows: s, columns: s, exactColumnMajor: me), offset: q,
      start: onMargin.map { warm[$0] ?? 0 })
    let weights = ys.indices.map { -ys[$0] * lcp.solution[$0] }
    if weights.contains(where: { $0 != 0 }) {
      let extra = e.network.weightedOutputGradient(
        xs, coefficients: weights, activations: acts, pointCount: p)
      for i in g.indices { g[i] += extra[i] }
    }
    var sliding: [Int: Double] = [:]
    for (i, mu) in onMargin.enumerated() { sliding[mu] = lcp.solution[i] }
    return Gradient(vector: g, sliding: sliding)
  }
}
