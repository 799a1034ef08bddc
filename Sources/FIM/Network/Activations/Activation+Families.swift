// The catalogue of activation families: each name pattern with its parser, for parsing and help texts.
import Spectra

/// One family of activations in the name grammar of ``Activation``: its leading name, the pattern with
/// its parameters, a one-line description and how a parameter list becomes a value.
public struct ActivationFamily: Sendable {
  /// The leading name, e.g. `leaky-relu`.
  public let name: String
  /// The pattern, e.g. `leaky-relu[:SLOPE]`.
  public let pattern: String
  /// φ in words, e.g. `max(x, SLOPE·x), SLOPE = 0.01 by default`.
  public let summary: String
  /// Builds the activation from the parameters after the name (and the full name, for messages).
  let make: @Sendable (_ parameters: [String], _ fullName: String) throws(ConfigurationError) -> Activation
}

extension Activation {
  /// Every family, in the order help texts list them.
  public static let families: [ActivationFamily] = [
    fixed("linear", "x", Linear()), fixed("relu", "max(0, x)", ReLU()), fixed("tanh", "tanh x", Tanh()),
    fixed("erf", "erf x (not erf(x/√2))", Erf()), fixed("erf-sqrt2", "erf(x/√2) = 2Φ(x) − 1", ErfSqrt2()),
    fixed("gelu", "x Φ(x) (exact)", Gelu()), fixed("silu", "x σ(x) (swish)", SiLU()),
    fixed("sigmoid", "σ(x) = 1/(1 + e^{−x})", Sigmoid()), fixed("softplus", "log(1 + eˣ)", Softplus()),
    fixed("abs", "|x|", PiecewiseLinear.absoluteValue), fixed("sin", "sin x", Sinusoid.sine),
    fixed("cos", "cos x", Sinusoid.cosine),
    ActivationFamily(
      name: "leaky-relu", pattern: "leaky-relu[:SLOPE]", summary: "max(x, 0) + SLOPE·min(x, 0), SLOPE = 0.01",
      make: { p, full throws(ConfigurationError) in
        guard p.count <= 1 else { throw arity(full, "leaky-relu[:SLOPE]") }
        return Activation(
          PiecewiseLinear.leakyReLU(
            slope: try p.first.map { s throws(ConfigurationError) in try number(s, full) } ?? 0.01))
      }),
    ActivationFamily(
      name: "elu", pattern: "elu[:ALPHA]", summary: "x (x > 0), ALPHA·(eˣ − 1) (x ≤ 0), ALPHA = 1",
      make: { p, full throws(ConfigurationError) in
        guard p.count <= 1 else { throw arity(full, "elu[:ALPHA]") }
        return Activation(
          try ELU(alpha: try p.first.map { s throws(ConfigurationError) in try number(s, full) } ?? 1))
      }),
    ActivationFamily(
      name: "monomial", pattern: "monomial:K", summary: "xᴷ, K = 1 … 8",
      make: { p, full throws(ConfigurationError) in
        guard p.count == 1, let k = Int(p[0]) else { throw arity(full, "monomial:K (an integer K)") }
        return Activation(try Monomial(degree: k))
      }),
    ActivationFamily(
      name: "scaled", pattern: "scaled:A:B:C:NAME", summary: "A·NAME(B·x + C) for any NAME",
      make: { p, full throws(ConfigurationError) in
        guard p.count >= 4 else { throw arity(full, "scaled:A:B:C:NAME") }
        let inner = try Activation(named: p[3...].joined(separator: ":"))
        return Activation(
          try Scaled(
            outputScale: try number(p[0], full), inputScale: try number(p[1], full),
            inputShift: try number(p[2], full), inner: inner))
      }),
  ]

  /// The patterns of every family, comma-separated.
  public static var namePatterns: String { families.map(\.pattern).joined(separator: ", ") }

  /// The `--activation` help text, listing every family from ``families``.
  public static var help: String {
    "Hidden activation φ: \(namePatterns) (erf is erf(x); scaled:A:B:C:NAME is A·NAME(B·x + C); "
      + "leaky-relu alone has slope 0.01, elu alone α = 1)."
  }

  private static func fixed(_ name: String, _ summary: String, _ f: some ActivationFunction)
    -> ActivationFamily
  {
    let value = Activation(f)
    return ActivationFamily(
      name: name, pattern: name, summary: summary,
      make: { p, full throws(ConfigurationError) in
        guard p.isEmpty else { throw arity(full, name) }
        return value
      })
  }

  private static func number(_ s: String, _ full: String) throws(ConfigurationError) -> Double {
    guard let x = Double(s), x.isFinite else {
      throw ConfigurationError(field: "activation", "activation \"\(full)\": \"\(s)\" is not a finite number")
    }
    return x
  }

  private static func arity(_ full: String, _ pattern: String) -> ConfigurationError {
    ConfigurationError(field: "activation", "activation \"\(full)\" does not match the pattern \(pattern)")
  }
}
