// The hinge loss ℓ(u) = max(0, 1 − u) on margins u = y·F, with the reference code's normalisation.
import Spectra

/// The hinge loss and its derivative on the margins `u_μ = y_μ F_μ`.
///
/// ```
/// ℓ(u) = max(0, m − u)                     (margin m = 1)
/// ℓ'(u) = −1 if u < m, else 0              (a point with u = m is inactive)
/// L(w) = (1/(α p)) Σ_μ ℓ(y_μ F(w, x_μ))    (reference-code convention)
/// ∂L/∂w = (1/p) Σ_μ ℓ'(y_μF_μ) y_μ ∂f(x_μ)/∂w
/// ```
/// Time in the gradient flow is measured in this convention (other prefactors only rescale time).
///
/// Source: shared/science/stripe.md §2.3
public struct HingeLoss: Sendable, Equatable, Codable {
  /// The margin m (1 in the paper).
  public let margin: Double

  /// A hinge loss with margin `margin`.
  public init(margin: Double = 1) { self.margin = margin }

  /// ℓ(u).
  public func value(_ u: Double) -> Double { max(0, margin - u) }

  /// ℓ'(u) (the right derivative at u = m is used: 0).
  public func derivative(_ u: Double) -> Double { u < margin ? -1 : 0 }

  /// The mean loss (1/p) Σ ℓ(y_μ F_μ) (this is α·L).
  public func mean(outputs f: [Double], labels y: [Double]) -> Double {
    precondition(f.count == y.count)
    guard !f.isEmpty else { return 0 }
    var s = 0.0
    for i in f.indices { s += value(y[i] * f[i]) }
    return s / Double(f.count)
  }

  /// The coefficients `c_μ = ℓ'(y_μF_μ)·y_μ` that weight the output gradients in ∂L/∂w.
  public func coefficients(outputs f: [Double], labels y: [Double]) -> [Double] {
    precondition(f.count == y.count)
    return f.indices.map { derivative(y[$0] * f[$0]) * y[$0] }
  }
}
