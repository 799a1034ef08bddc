// The empirical NTK of the shallow network by GEMMs over hidden features, and its infinite-width limit.
import Foundation
import Spectra

/// The neural tangent kernel of a ``ShallowNetwork`` (un-α-scaled f, all parameters ω, β, b).
///
/// ```
/// Θ(x, x') = (1/h²) Σ_n [ σ(z_n) σ(z'_n) + β_n² σ'(z_n) σ'(z'_n) (x·x'/d + B²) ]
///          = A·A'ᵀ + (D·D'ᵀ) ∘ (X·X'ᵀ/d + B²),   A = σ(Z)/h,  D = σ'(Z)·diag(β)/h
/// ```
/// The conjugate ("features") kernel keeps only the first term (β-parameters only).
///
/// Source: shared/science/stripe.md §4.1, §4.4
///
/// Implementation Notes: the p × (h·d + 2h) Jacobian is never formed; the cost is two p×p'×h GEMMs
/// and one p×p'×d GEMM.
public enum NeuralTangentKernel {
  /// Which parameters the kernel sums over.
  public enum Parameters: String, Sendable, Codable {
    /// All parameters ω, β, b (the NTK).
    case all
    /// Only the output weights β (the conjugate kernel).
    case outputLayer = "output-layer"
  }

  /// The hidden features A = σ(Z)/h and D = σ'(Z)·diag(β)/h of the rows of `x`.
  static func features(_ network: ShallowNetwork, _ x: Matrix) -> (a: Matrix, d: Matrix) {
    features(network, x, activations: ShallowNetwork.activations(network.preActivations(x)))
  }

  /// The hidden features from given activations σ(Z) and σ'(Z) of the rows of `x`.
  static func features(
    _ network: ShallowNetwork, _ x: Matrix, activations acts: (value: Matrix, derivative: Matrix)
  ) -> (a: Matrix, d: Matrix) {
    let h = network.width
    let p = x.rows
    let inv = 1 / Double(h)
    var d = acts.derivative.elements
    for n in 0..<h {
      let s = network.beta[n] * inv
      for mu in 0..<p { d[mu + n * p] *= s }
    }
    return (acts.value.scaled(by: inv), Matrix(rows: p, columns: h, exactColumnMajor: d))
  }

  /// The Gram matrix Θ(x_μ, x_ν) of the rows of `x` (p × p, symmetric).
  ///
  /// - Complexity: 2·p²·h + p²·d flops (two syrk-type products), O(p·h) memory for features.
  public static func gram(_ network: ShallowNetwork, _ x: Matrix, parameters: Parameters = .all) -> Matrix {
    gram(network, x, features: features(network, x), parameters: parameters)
  }

  /// The Gram matrix from given activations σ(Z), σ'(Z) of the rows of `x` (e.g. with a frozen
  /// activation pattern).
  static func gram(
    _ network: ShallowNetwork, _ x: Matrix, activations: (value: Matrix, derivative: Matrix)
  ) -> Matrix {
    gram(network, x, features: features(network, x, activations: activations), parameters: .all)
  }

  private static func gram(
    _ network: ShallowNetwork, _ x: Matrix, features f: (a: Matrix, d: Matrix), parameters: Parameters
  ) -> Matrix {
    var k = f.a.gram()
    guard parameters == .all else { return k }
    let dd = f.d.gram()
    let xx = x.gram(scale: 1 / Double(network.dimension))
    let b2 = network.biasScale * network.biasScale
    let p = x.rows
    var e = k.elements
    let de = dd.elements
    let xe = xx.elements
    for i in 0..<(p * p) { e[i] += de[i] * (xe[i] + b2) }
    k = Matrix(rows: p, columns: p, exactColumnMajor: e)
    return k
  }

  /// The cross kernel Θ(x_μ, x'_ν) (rows of `x` against rows of `other`, p × p').
  ///
  /// - Complexity: 2·p·p'·(2h + d) flops.
  public static func cross(
    _ network: ShallowNetwork, _ x: Matrix, _ other: Matrix, parameters: Parameters = .all
  ) -> Matrix {
    let f = features(network, x)
    let g = features(network, other)
    let p = x.rows
    let q = other.rows
    var k = Matrix(rows: p, columns: q)
    Matrix.multiplyAdd(f.a, g.a, transposingB: true, into: &k)
    guard parameters == .all else { return k }
    var dd = Matrix(rows: p, columns: q)
    Matrix.multiplyAdd(f.d, g.d, transposingB: true, into: &dd)
    var xx = Matrix(rows: p, columns: q)
    Matrix.multiplyAdd(x, other, transposingB: true, alpha: 1 / Double(network.dimension), into: &xx)
    let b2 = network.biasScale * network.biasScale
    var e = k.elements
    let de = dd.elements
    let xe = xx.elements
    for i in 0..<(p * q) { e[i] += de[i] * (xe[i] + b2) }
    return Matrix(rows: p, columns: q, exactColumnMajor: e)
  }

  /// The relative kernel change ‖Θ₁ − Θ₀‖_F / ‖Θ₀‖_F.
  public static func relativeChange(from k0: Matrix, to k1: Matrix) -> Double {
    (k1 - k0).frobeniusNorm / k0.frobeniusNorm
  }

  /// The infinite-width limit of h·Θ(x, x') for the √2-ReLU network (arc-cosine kernels).
  ///
  /// ```
  /// q = ‖x‖²/d + B² v_b,  q' = ‖x'‖²/d + B² v_b,  c = x·x'/d + B² v_b,  θ = arccos(c/√(q q'))
  /// E[σ(u)σ(v)]   = (√(q q')/π) (sin θ + (π − θ) cos θ)
  /// E[σ'(u)σ'(v)] = (π − θ)/π
  /// h·Θ → E[σσ] + E[β²] E[σ'σ'] (x·x'/d + B²),   E[β²] = 1
  /// ```
  /// Source: shared/science/stripe.md §4.1
  public static func infiniteWidth(
    _ x: [Double], _ y: [Double], biasScale b: Double, biasVariance vb: Double
  ) -> Double {
    let d = Double(x.count)
    var xx = 0.0
    var yy = 0.0
    var xy = 0.0
    for i in x.indices {
      xx += x[i] * x[i]
      yy += y[i] * y[i]
      xy += x[i] * y[i]
    }
    let shift = b * b * vb
    let q = xx / d + shift
    let q2 = yy / d + shift
    let c = xy / d + shift
    let cosine = min(1, max(-1, c / (q * q2).squareRoot()))
    let theta = acos(cosine)
    let ss = (q * q2).squareRoot() / Double.pi * (sin(theta) + (Double.pi - theta) * cosine)
    let dd = (Double.pi - theta) / Double.pi
    return ss + dd * (xy / d + b * b)
  }
}
