// Pointwise activations φ with their derivatives φ′ (Karakida et al. §1; stripe model uses √2·ReLU).
import Foundation
import Spectra

/// A pointwise activation function φ together with its (weak) derivative φ′.
///
/// Source: `shared/science/karakida.md` §1 and §8. `erf` is `erf(x)`, not `erf(x/√2)` (convention 7).
/// To add an activation: add a case here with φ and φ′, and its Gaussian integrals in
/// `Activation+GaussianIntegrals.swift` (a closed form, or quadrature for smooth φ).
public enum Activation: String, Sendable, CaseIterable, Codable {
  /// φ(x) = x.
  case linear
  /// φ(x) = max(0, x); φ′(x) = 1 for x > 0, else 0.
  case relu
  /// φ(x) = tanh x; φ′(x) = 1 − tanh² x.
  case tanh
  /// φ(x) = erf x; φ′(x) = (2/√π)·e^{−x²}.
  case erf

  /// Parses a name such as `relu`, naming the allowed values when it is unknown.
  ///
  /// - Throws: ``ConfigurationError`` for an unknown name.
  public init(named name: String) throws(ConfigurationError) {
    guard let a = Activation(rawValue: name.lowercased()) else {
      throw ConfigurationError(
        field: "activation",
        "unknown activation \"\(name)\"; expected one of: \(Activation.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    self = a
  }

  /// φ(x).
  @inlinable
  public func value(_ x: Double) -> Double {
    switch self {
    case .linear: return x
    case .relu: return x > 0 ? x : 0
    case .tanh: return Foundation.tanh(x)
    case .erf: return Foundation.erf(x)
    }
  }

  /// φ′(x) (the weak derivative; for ReLU, 0 at x = 0).
  @inlinable
  public func derivative(_ x: Double) -> Double {
    switch self {
    case .linear: return 1
    case .relu: return x > 0 ? 1 : 0
    case .tanh:
      let t = Foundation.tanh(x)
      return 1 - t * t
    case .erf: return 2 / Double.pi.squareRoot() * Foundation.exp(-x * x)
    }
  }
}
