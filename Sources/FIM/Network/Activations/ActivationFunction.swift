// One pointwise activation: φ, φ′ and how its Gaussian integrals are evaluated, side by side.
import Spectra

/// A pointwise activation φ with its (weak) derivative φ′ and its Gaussian integrals, kept together as
/// neural-tangents pairs `fn` with `kernel_fn` (`neural_tangents/_src/stax/elementwise.py`).
///
/// Every conforming type states, without a default, where φ or φ′ is not analytic (``kinks``) and how the
/// four Gaussian moments of ``ActivationMoments`` are evaluated (``gaussianIntegrals``): a closed form is a
/// function the type must write, so no activation can claim a closed form it does not have.
///
/// Source: `shared/science/karakida.md` §1 (φ, φ′) and §8 (Gaussian integrals).
public protocol ActivationFunction: Sendable {
  /// The canonical name, parsed back to an equal value by ``Activation/init(named:)``.
  var name: String { get }
  /// φ(x).
  func value(_ x: Double) -> Double
  /// φ′(x), the weak derivative (any value at a kink).
  func derivative(_ x: Double) -> Double
  /// The points where φ or φ′ is not analytic (empty for smooth φ); quadrature splits the line there.
  var kinks: [Double] { get }
  /// Closed-form moments, or quadrature.
  var gaussianIntegrals: GaussianIntegrals { get }
  /// `(φ(x), φ′(x))`; the default evaluates both, tanh shares one `tanh` call.
  func valueAndDerivative(_ x: Double) -> (value: Double, derivative: Double)
  /// φ applied to every element.
  func values(of u: Matrix) -> Matrix
  /// φ and φ′ applied to every element, in one pass.
  func valuesAndDerivatives(of u: Matrix) -> (value: Matrix, derivative: Matrix)
}

/// How the four Gaussian moments of φ and φ′ (``ActivationMoments``) are evaluated.
public enum GaussianIntegrals: Sendable {
  /// Exact formulas `(q₁, q₂) ↦ moments`, with error estimate 0.
  case closedForm(@Sendable (_ variance: Double, _ covariance: Double) -> ActivationMoments)
  /// Quadrature with an error estimate: Gauss–Hermite for smooth φ, Gauss–Legendre pieces split at the
  /// kinks otherwise (``GaussianIntegrator``).
  case quadrature
}

extension ActivationFunction {
  /// `(φ(x), φ′(x))` from two evaluations.
  @inlinable
  public func valueAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
    (value(x), derivative(x))
  }

  /// φ applied to every element (a witness specialised per activation: no dynamic call per element).
  @inlinable
  public func values(of u: Matrix) -> Matrix {
    var v = u
    v.modifyElements { e in for i in e.indices { e[i] = value(e[i]) } }
    return v
  }

  /// φ and φ′ applied to every element in one pass.
  @inlinable
  public func valuesAndDerivatives(of u: Matrix) -> (value: Matrix, derivative: Matrix) {
    var v = u
    var d = u
    d.modifyElements { de in
      v.modifyElements { ve in
        for i in ve.indices {
          let (f, g) = valueAndDerivative(ve[i])
          ve[i] = f
          de[i] = g
        }
      }
    }
    return (v, d)
  }
}
