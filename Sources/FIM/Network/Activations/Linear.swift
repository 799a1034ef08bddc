// The identity activation φ(x) = x and its Gaussian integrals.

/// φ(x) = x, φ′(x) = 1.
///
/// ```
/// ∫Du φ² = q₁,  I_φ = q₂,  ∫Du φ′² = 1,  I_φ′ = 1
/// ```
///
/// Source: `shared/science/karakida.md` §8 table.
public struct Linear: ActivationFunction {
  /// The identity.
  public init() {}
  /// `linear`.
  public var name: String { "linear" }
  /// x.
  @inlinable public func value(_ x: Double) -> Double { x }
  /// 1.
  @inlinable public func derivative(_ x: Double) -> Double { 1 }
  /// None.
  public var kinks: [Double] { [] }
  /// Closed form.
  public var gaussianIntegrals: GaussianIntegrals {
    .closedForm { q1, q2 in
      ActivationMoments(
        meanSquare: q1, crossMoment: q2, derivativeMeanSquare: 1, derivativeCrossMoment: 1, errorEstimate: 0)
    }
  }
}
