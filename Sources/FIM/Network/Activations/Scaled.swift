// The affine reparameterisation a·φ(b·x + c) of any activation, with closed forms kept when c = 0.
import Spectra

/// φ(x) = a·ψ(b x + c), φ′(x) = a b ψ′(b x + c), for any activation ψ and a, b ≠ 0.
///
/// With `c = 0` the Gaussian integrals follow exactly from ψ's at rescaled variances:
/// ```
/// ∫Du φ² = a² ∫Du ψ(√(b²q₁) u)²,  I_φ[q₁, q₂] = a² I_ψ[b²q₁, b²q₂],  the φ′ ones with a²b²
/// ```
/// so ψ's closed form is kept. A shift c ≠ 0 moves the Gaussian's mean: quadrature, split at ψ's kinks
/// moved to `(k − c)/b`.
///
/// Source: change of variables `u → b u`; neural-tangents' `a`, `b`, `c` parameters (`stax.Erf`, `Sin`).
///
/// Complexity: one dynamic call of ψ per element in the forward pass (the named activations are
/// specialised loops).
public struct Scaled: ActivationFunction {
  /// The output scale a.
  public let outputScale: Double
  /// The input scale b.
  public let inputScale: Double
  /// The input shift c.
  public let inputShift: Double
  /// ψ.
  public let inner: Activation

  /// a·ψ(b x + c).
  ///
  /// - Throws: `ConfigurationError` (field `activation`) unless a, b are finite and non-zero and c is
  ///   finite.
  public init(outputScale a: Double, inputScale b: Double, inputShift c: Double, inner: Activation)
    throws(ConfigurationError)
  {
    guard a.isFinite, a != 0, b.isFinite, b != 0, c.isFinite else {
      throw ConfigurationError(
        field: "activation", "scaled:A:B:C:NAME needs finite A ≠ 0, B ≠ 0 and finite C, got \(a), \(b), \(c)")
    }
    (outputScale, inputScale, inputShift, self.inner) = (a, b, c, inner)
  }

  /// `scaled:A:B:C:NAME`.
  public var name: String { "scaled:\(outputScale):\(inputScale):\(inputShift):\(inner.name)" }
  /// a ψ(b x + c).
  public func value(_ x: Double) -> Double { outputScale * inner.function.value(inputScale * x + inputShift) }
  /// a b ψ′(b x + c).
  public func derivative(_ x: Double) -> Double {
    outputScale * inputScale * inner.function.derivative(inputScale * x + inputShift)
  }
  /// ψ's kinks moved to `(k − c)/b`.
  public var kinks: [Double] { inner.function.kinks.map { ($0 - inputShift) / inputScale } }
  /// ψ's closed form rescaled when c = 0 and ψ has one; quadrature otherwise.
  public var gaussianIntegrals: GaussianIntegrals {
    guard inputShift == 0, case .closedForm(let psi) = inner.function.gaussianIntegrals else {
      return .quadrature
    }
    let (a2, b2) = (outputScale * outputScale, inputScale * inputScale)
    return .closedForm { q1, q2 in
      let m = psi(b2 * q1, b2 * q2)
      return ActivationMoments(
        meanSquare: a2 * m.meanSquare, crossMoment: a2 * m.crossMoment,
        derivativeMeanSquare: a2 * b2 * m.derivativeMeanSquare,
        derivativeCrossMoment: a2 * b2 * m.derivativeCrossMoment, errorEstimate: 0)
    }
  }
}
