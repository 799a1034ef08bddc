// The one-hidden-layer network of the stripe study, f(x) = (1/h) Σ β_n σ(ω_n·x/√d + B b_n), σ = √2 ReLU.
import Foundation
import Spectra

/// The mean-field one-hidden-layer network of Paccolat et al. with its parameters.
///
/// ```
/// f(w, x) = (1/h) Σ_{n=1}^{h} β_n σ( ω_n·x/√d + B·b_n ),   σ(z) = √2·max(0, z)
/// init:  ω_n ~ N(0, I_d),  β_n ~ N(0, 1),  b_n ~ N(0, v_b)
/// ```
/// Parameters are stored as a `h × d` matrix `omega` (row n is ω_n), and arrays `beta`, `bias`.
/// The flat parameter vector used by the gradient flow is `[vec(omega) (column-major), beta, bias]`.
///
/// Source: shared/science/stripe.md §2.1
public struct ShallowNetwork: Sendable, Equatable {
  /// First-layer weights ω, `h × d` (row n is ω_n).
  public var omega: Matrix
  /// Output weights β_n.
  public var beta: [Double]
  /// Biases b_n (multiplied by ``biasScale``).
  public var bias: [Double]
  /// The fixed bias multiplier B.
  public let biasScale: Double

  /// Width h.
  public var width: Int { omega.rows }
  /// Input dimension d.
  public var dimension: Int { omega.columns }
  /// Number of parameters h·d + 2h.
  public var parameterCount: Int { width * dimension + 2 * width }

  /// √2: the factor making E[σ(z)²] = 1 for z ~ N(0, 1).
  public static let activationScale = 2.0.squareRoot()

  /// A network with given parameters.
  ///
  /// - Throws: `ConfigurationError` when the shapes disagree or `biasScale` is not finite.
  public init(omega: Matrix, beta: [Double], bias: [Double], biasScale: Double) throws(ConfigurationError) {
    guard omega.rows >= 1, omega.columns >= 1 else {
      throw ConfigurationError(
        field: "omega", "needs at least one row and column, got \(omega.rows)×\(omega.columns)")
    }
    guard beta.count == omega.rows, bias.count == omega.rows else {
      throw ConfigurationError(
        field: "beta", "β and b need h = \(omega.rows) entries, got \(beta.count) and \(bias.count)")
    }
    guard biasScale.isFinite else {
      throw ConfigurationError(field: "bias-scale", "bias multiplier B must be finite, got \(biasScale)")
    }
    self.omega = omega
    self.beta = beta
    self.bias = bias
    self.biasScale = biasScale
  }

  /// A network at initialisation: ω ~ N(0, I_d), β ~ N(0, 1), b ~ N(0, v_b), drawn from `stream` in
  /// that order.
  ///
  /// Source: shared/science/stripe.md §2.1 (B = 1, v_b = 1 defaults are [RECALL]).
  /// - Throws: `ConfigurationError` for non-positive width or dimension, or a negative `biasVariance`.
  public static func initial(
    width h: Int, dimension d: Int, biasScale: Double = 1, biasVariance: Double = 1, stream: RandomStream
  ) throws(ConfigurationError) -> ShallowNetwork {
    guard h >= 1 else { throw ConfigurationError(field: "width", "width h must be positive, got \(h)") }
    guard d >= 1 else {
      throw ConfigurationError(field: "dimension", "dimension d must be positive, got \(d)")
    }
    guard biasVariance.isFinite, biasVariance >= 0 else {
      throw ConfigurationError(field: "bias-variance", "v_b must be finite and ≥ 0, got \(biasVariance)")
    }
    let omega = stream.gaussianMatrix(rows: h, columns: d)
    let beta = stream.gaussians(h)
    let bias = stream.gaussians(h, standardDeviation: biasVariance.squareRoot())
    return try ShallowNetwork(omega: omega, beta: beta, bias: bias, biasScale: biasScale)
  }

  /// The flat parameter vector `[vec(ω), β, b]`.
  public var flatParameters: [Double] { omega.elements + beta + bias }

  /// The same network with parameters taken from a flat vector `[vec(ω), β, b]`.
  public func with(flatParameters w: [Double]) -> ShallowNetwork {
    precondition(
      w.count == parameterCount, "flat parameter vector needs \(parameterCount) entries, got \(w.count)")
    let hd = width * dimension
    var copy = self
    copy.omega = Matrix(rows: width, columns: dimension, exactColumnMajor: Array(w[0..<hd]))
    copy.beta = Array(w[hd..<(hd + width)])
    copy.bias = Array(w[(hd + width)...])
    return copy
  }

  /// Pre-activations `Z_{μn} = ω_n·x_μ/√d + B b_n` for all points at once, `p × h`.
  ///
  /// Z starts as the bias columns `B b_n` and one dgemm with β = 1 adds `X (Ω/√d)ᵀ`: the fill that any
  /// new matrix needs carries the bias, and BLAS skips its β pass (a zero-filled Z and β = 0 cost two
  /// extra passes over Z, a tenth of a training step at p = 2048).
  /// - Complexity: 2·p·h·d flops and one write of Z.
  public func preActivations(_ x: Matrix) -> Matrix {
    precondition(x.columns == dimension, "inputs have dimension \(x.columns), network expects \(dimension)")
    let p = x.rows
    let h = width
    let d = dimension
    var z = Matrix(rows: p, constantColumns: bias.map { $0 * biasScale })
    let inv = 1 / Double(d).squareRoot()
    Matrix.multiplyAdd(
      x, Matrix(rows: h, columns: d, exactColumnMajor: omega.elements.map { $0 * inv }), transposingB: true,
      beta: 1, into: &z)
    return z
  }

  /// Hidden activities `σ(Z)` and derivatives `σ'(Z)` (both `p × h`).
  static func activations(_ z: Matrix) -> (value: Matrix, derivative: Matrix) {
    z.rectified(scale: activationScale)
  }

  /// The outputs f(w, x_μ) for every row of `x` (un-α-scaled).
  ///
  /// - Complexity: 2·p·h·(d + 1) flops.
  public func outputs(_ x: Matrix) -> [Double] {
    let s = Self.activations(preActivations(x)).value
    return s.multiplied(byVector: beta).map { $0 / Double(width) }
  }

  /// The parameter gradient of `(1/p) Σ_μ c_μ f(w, x_μ)` as a flat vector `[vec(∂ω), ∂β, ∂b]`.
  ///
  /// ```
  /// ∂/∂β_n = (1/(hp)) Σ_μ c_μ σ(z_μn)
  /// ∂/∂ω_n = (β_n/(hp√d)) Σ_μ c_μ σ'(z_μn) x_μ
  /// ∂/∂b_n = (B β_n/(hp)) Σ_μ c_μ σ'(z_μn)
  /// ```
  /// With `c_μ = ℓ'(y_μF_μ)·y_μ` this is the gradient of the hinge loss (see ``HingeLoss``).
  ///
  /// Source: shared/science/stripe.md §2.3
  /// - Complexity: two dgemms of 2·p·h·d flops plus O(p·h); the Jacobian is never formed.
  /// - Parameters:
  ///   - x: the p × d inputs, one point per row.
  ///   - c: the coefficients c_μ, one per row of `x`.
  ///   - activations: σ(Z) and σ'(Z) (both p × h) of this network's pre-activations on `x`.
  ///   - pointCount: the p of the normalisation 1/(hp) (default: the rows of `x`), so that a
  ///     subset of the points can contribute to a sum over all of them.
  public func weightedOutputGradient(
    _ x: Matrix, coefficients c: [Double], activations: (value: Matrix, derivative: Matrix),
    pointCount: Int? = nil
  ) -> [Double] {
    let p = x.rows
    let h = width
    let d = dimension
    precondition(c.count == p, "need one coefficient per point")
    let norm = 1 / (Double(h) * Double(pointCount ?? p))
    // ∂β = Sᵀc/(hp)
    let gBeta = activations.value.transposeMultiplied(byVector: c).map { $0 * norm }
    // (S'ᵀ c) for the biases, and S'ᵀ·diag(c)·X for ω.
    let dsc = activations.derivative.transposeMultiplied(byVector: c)
    var cx = x.elements
    for j in 0..<d {
      for mu in 0..<p { cx[mu + j * p] *= c[mu] }
    }
    var gOmega = Matrix(rows: h, columns: d)
    Matrix.multiplyAdd(
      activations.derivative, transposingA: true, Matrix(rows: p, columns: d, exactColumnMajor: cx),
      alpha: norm / Double(d).squareRoot(), into: &gOmega)
    var g = gOmega.elements
    for j in 0..<d {
      for n in 0..<h { g[n + j * h] *= beta[n] }
    }
    g.reserveCapacity(h * d + 2 * h)
    g.append(contentsOf: gBeta)
    for n in 0..<h { g.append(biasScale * beta[n] * dsc[n] * norm) }
    return g
  }

  /// The directional derivatives `∂f(x_μ)/∂w · v` for a flat direction `v = [vec(vω), vβ, vb]`.
  ///
  /// ```
  /// ∂f(x_μ)/∂w · v = (1/h) Σ_n [ vβ_n σ(z_μn) + β_n σ'(z_μn) (vω_n·x_μ/√d + B·vb_n) ]
  /// ```
  /// Source: shared/science/stripe.md §2.1 (the Jacobian of f, applied without forming it).
  /// - Complexity: 2·p·h·d flops (one dgemm) plus O(p·h).
  public func jacobianTimes(
    _ v: [Double], _ x: Matrix, activations: (value: Matrix, derivative: Matrix)
  ) -> [Double] {
    let p = x.rows
    let h = width
    let d = dimension
    precondition(v.count == parameterCount, "direction needs \(parameterCount) entries, got \(v.count)")
    var t = Matrix(rows: p, columns: h)
    Matrix.multiplyAdd(
      x, Matrix(rows: h, columns: d, exactColumnMajor: Array(v[0..<(h * d)])), transposingB: true,
      alpha: 1 / Double(d).squareRoot(), into: &t)
    let te = t.elements
    let s = activations.value.elements
    let ds = activations.derivative.elements
    var out = [Double](repeating: 0, count: p)
    for n in 0..<h {
      let vBeta = v[h * d + n]
      let shift = biasScale * v[h * d + h + n]
      let b = beta[n]
      let base = n * p
      for mu in 0..<p { out[mu] += vBeta * s[base + mu] + b * ds[base + mu] * (te[base + mu] + shift) }
    }
    let inv = 1 / Double(h)
    return out.map { $0 * inv }
  }
}
