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
  /// How the field is evaluated: fused passes over Z (`RectifiedUnitSums`) or the dense BLAS path that
  /// materialises σ(Z) and σ'(Z). Same formulas, different summation order.
  let evaluation: HingeFieldEvaluation

  /// The network evaluated on the training set: pre-activations, α-scaled outputs and margins, and (dense
  /// evaluation only) the activation matrices σ(Z), σ'(Z).
  struct Evaluation {
    var network: ShallowNetwork
    var preActivations: Matrix
    var activations: (value: Matrix, derivative: Matrix)?
    var outputs: [Double]
    var margins: [Double]
  }

  /// The gradient for a given partition, with the sliding coefficients (keyed by point) it used and (fused
  /// evaluation) the unit sums and coefficients of its part from the points below, for a sparse correction.
  struct Gradient {
    var vector: [Double]
    var sliding: [Int: Double]
    var below: (sums: RectifiedUnitSums.Sums, coefficients: [Double])? = nil
  }

  /// Evaluates `network` on the training set.
  func evaluate(_ network: ShallowNetwork) -> Evaluation {
    let z = network.preActivations(x)
    switch evaluation {
    case .dense:
      let acts = ShallowNetwork.activations(z)
      let outputs = network.scaledOutputs(acts, alpha: alpha, reference: reference)
      return Evaluation(
        network: network, preActivations: z, activations: acts, outputs: outputs,
        margins: Scores.margins(outputs, y))
    case .fused:
      let outputs = network.scaledOutputs(preActivations: z, alpha: alpha, reference: reference)
      return Evaluation(
        network: network, preActivations: z, activations: nil, outputs: outputs,
        margins: Scores.margins(outputs, y))
    }
  }

  /// The region of each margin.
  func regions(_ margins: [Double]) -> [HingeRegion] {
    margins.map { m in m < loss.margin ? .below : (m <= loss.margin + band ? .band : .above) }
  }

  /// The activations of the rows `rows` of `e` with the ReLU pattern of `pattern` (another state, or
  /// `e` itself): the network continued linearly across its kinks, `σ = s·θ(P) ∘ Z`, `σ' = s·θ(P)`.
  func activations(
    of e: Evaluation, pattern: Evaluation, rows: [Int]? = nil
  ) -> (value: Matrix, derivative: Matrix) {
    if let dense = pattern.activations {
      var value = e.preActivations
      let mask = dense.derivative.elements
      value.modifyElements { v in
        for i in v.indices { v[i] *= mask[i] }
      }
      guard let rows else { return (value, dense.derivative) }
      return (value.selectingRows(rows), dense.derivative.selectingRows(rows))
    }
    let z = rows.map { e.preActivations.selectingRows($0) } ?? e.preActivations
    let pz = rows.map { pattern.preActivations.selectingRows($0) } ?? pattern.preActivations
    let s = ShallowNetwork.activationScale
    var value = z
    var derivative = pz
    let pe = pz.elements
    derivative.modifyElements { v in
      for i in v.indices { v[i] = v[i] > 0 ? s : 0 }
    }
    value.modifyElements { v in
      for i in v.indices { v[i] = pe[i] > 0 ? s * v[i] : 0 }
    }
    return (value, derivative)
  }

  /// The Filippov gradient ∂L/∂w at `e` for the partition `regions`.
  ///
  /// - Parameters:
  ///   - warm: previous sliding coefficients, used as the starting point of the solve.
  ///   - pattern: the state whose ReLU pattern to use (default `e`'s own): a frozen pattern.
  /// - Complexity: one p×h×d dgemm or one fused pass over Z (the points below), plus
  ///   O(|S|·h·(|S| + d)) for the band S.
  func gradient(
    _ e: Evaluation, regions: [HingeRegion], warm: [Int: Double] = [:], pattern: Evaluation? = nil
  ) -> Gradient {
    let c = coefficients(regions)
    switch evaluation {
    case .dense:
      let all = pattern.map { activations(of: e, pattern: $0) } ?? e.activations!
      let g = e.network.weightedOutputGradient(x, coefficients: c, activations: all)
      let acts = { (rows: [Int]) in (all.value.selectingRows(rows), all.derivative.selectingRows(rows)) }
      return addingBand(to: g, e, regions: regions, warm: warm, activations: acts)
    case .fused:
      let sums = RectifiedUnitSums.unitSums(
        e.preActivations, pattern: (pattern ?? e).preActivations, coefficients: c, inputs: x,
        scale: ShallowNetwork.activationScale, recordingFlips: pattern != nil)
      let g = e.network.gradient(unitSums: sums, pointCount: x.rows)
      var result = addingBand(
        to: g, e, regions: regions, warm: warm,
        activations: { activations(of: e, pattern: pattern ?? e, rows: $0) })
      result.below = (sums, c)
      return result
    }
  }

  /// The Filippov gradient at `e` for `regions` with `e`'s own ReLU pattern, from `frozen`, the fused
  /// gradient at `e` with the pattern of `pattern` (and its partition), by the sparse correction of
  /// `RectifiedUnitSums.corrected` instead of a pass over Z. Equals ``gradient(_:regions:warm:pattern:)``
  /// without a pattern up to rounding.
  ///
  /// - Complexity: O(flips·d + changed·h·d) plus the band's O(|S|·h·(|S| + d)).
  func gradient(
    _ e: Evaluation, regions: [HingeRegion], warm: [Int: Double], correcting frozen: Gradient,
    pattern: Evaluation
  ) -> Gradient {
    guard case .fused = evaluation, let below = frozen.below else {
      return gradient(e, regions: regions, warm: warm)
    }
    let c = coefficients(regions)
    let sums = RectifiedUnitSums.corrected(
      below.sums, e.preActivations, pattern: pattern.preActivations, from: below.coefficients, to: c,
      inputs: x, scale: ShallowNetwork.activationScale)
    let g = e.network.gradient(unitSums: sums, pointCount: x.rows)
    var result = addingBand(
      to: g, e, regions: regions, warm: warm, activations: { activations(of: e, pattern: e, rows: $0) })
    result.below = (sums, c)
    return result
  }

  /// The coefficients `c_μ = −y_μ` below the margin, 0 elsewhere.
  private func coefficients(_ regions: [HingeRegion]) -> [Double] {
    var c = [Double](repeating: 0, count: x.rows)
    for mu in 0..<x.rows where regions[mu] == .below { c[mu] = -y[mu] }
    return c
  }

  /// `g` (the part of the points below) plus the sliding part of the band S, from the activations of
  /// the rows of S: solves the box complementarity problem of the type's doc comment.
  private func addingBand(
    to g: [Double], _ e: Evaluation, regions: [HingeRegion], warm: [Int: Double],
    activations bandActivations: ([Int]) -> (Matrix, Matrix)
  ) -> Gradient {
    var g = g
    let p = x.rows
    let onMargin = (0..<p).filter { regions[$0] == .band }
    guard !onMargin.isEmpty else { return Gradient(vector: g, sliding: [:]) }
    let xs = x.selectingRows(onMargin)
    let acts = bandActivations(onMargin)
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

/// How ``HingeSlidingField`` evaluates the network and its gradient.
///
/// Source: shared/science/stripe.md §2.1, §2.3 (the formulas); the fused passes are this toolkit's.
enum HingeFieldEvaluation: Sendable {
  /// σ(Z) and σ'(Z) materialised, products by BLAS (dgemm for matrix–vector products).
  case dense
  /// Fused passes over the pre-activations Z (`RectifiedUnitSums`): no p × h matrix besides Z.
  case fused
}
