// The activation of a network's hidden layers: one value wrapping any ActivationFunction, named by a string.
import Spectra

/// A pointwise activation φ with its derivative φ′ and Gaussian integrals (an ``ActivationFunction``),
/// identified by its name.
///
/// Name grammar (case-insensitive; the canonical name round-trips exactly):
/// ```
/// NAME := linear | relu | tanh | erf | erf-sqrt2 | gelu | silu | sigmoid | softplus | abs | sin | cos
///       | leaky-relu[:SLOPE] | elu[:ALPHA] | monomial:K | scaled:A:B:C:NAME
/// ```
/// `leaky-relu` alone has slope 0.01 and `elu` alone α = 1; `scaled:A:B:C:NAME` is `A·NAME(B·x + C)`;
/// numbers are decimal (`leaky-relu:0.1`, `scaled:2:1:-0.5:tanh`). ``families`` lists them for help texts.
/// `erf` is `erf(x)`, not `erf(x/√2)` (that is `erf-sqrt2`; convention 7).
///
/// Encoded (`Codable`) as its name string; equal when the names are equal.
///
/// To add an activation: write a type conforming to ``ActivationFunction`` in `Network/Activations/` (φ,
/// φ′, kinks and closed-form integrals or `.quadrature`) and one ``ActivationFamily`` entry in
/// `Activation+Families.swift`.
///
/// Source: `shared/science/karakida.md` §1 and §8.
public struct Activation: Sendable, Hashable, RawRepresentable, Codable, CustomStringConvertible {
  /// φ with φ′ and its Gaussian integrals.
  public let function: any ActivationFunction

  /// The activation with the given function.
  public init(_ function: some ActivationFunction) { self.function = function }

  /// φ(x) = x.
  public static let linear = Activation(Linear())
  /// φ(x) = max(0, x).
  public static let relu = Activation(ReLU())
  /// φ(x) = tanh x.
  public static let tanh = Activation(Tanh())
  /// φ(x) = erf x.
  public static let erf = Activation(Erf())

  /// The canonical name, e.g. `leaky-relu:0.1`.
  public var name: String { function.name }
  /// The canonical name (`RawRepresentable`, so `Codable` as a string).
  public var rawValue: String { name }
  /// The name.
  public var description: String { name }

  /// Parses a name; `nil` when it is not valid.
  public init?(rawValue: String) {
    guard let a = try? Activation(named: rawValue) else { return nil }
    self = a
  }

  /// Parses a name of the grammar above, naming the valid forms when it is not valid.
  ///
  /// - Throws: `ConfigurationError` (field `activation`) for an unknown family, a missing or extra
  ///   parameter, or a parameter out of range.
  public init(named name: String) throws(ConfigurationError) {
    let parts = name.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard let family = Self.families.first(where: { $0.name == parts[0] }) else {
      throw ConfigurationError(
        field: "activation",
        "unknown activation \"\(name)\"; expected one of: \(Self.families.map(\.pattern).joined(separator: ", "))"
      )
    }
    self = try family.make(Array(parts.dropFirst()), name)
  }

  /// φ(x).
  public func value(_ x: Double) -> Double { function.value(x) }
  /// φ′(x) (the weak derivative).
  public func derivative(_ x: Double) -> Double { function.derivative(x) }
  /// φ of every element (one dynamic call per matrix, not per element).
  public func values(of u: Matrix) -> Matrix { function.values(of: u) }
  /// φ and φ′ of every element (one dynamic call per matrix).
  public func valuesAndDerivatives(of u: Matrix) -> (value: Matrix, derivative: Matrix) {
    function.valuesAndDerivatives(of: u)
  }

  /// The closed-form Gaussian moments at (q₁, q₂), or `nil` when φ needs quadrature.
  public func closedFormMoments(variance q1: Double, covariance q2: Double) -> ActivationMoments? {
    guard case .closedForm(let moments) = function.gaussianIntegrals else { return nil }
    return moments(q1, q2)
  }

  /// Whether φ and φ′ are analytic on the real line (no kinks).
  public var isSmooth: Bool { function.kinks.isEmpty }

  /// Equal names.
  public static func == (a: Activation, b: Activation) -> Bool { a.name == b.name }
  /// Hashes the name.
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
