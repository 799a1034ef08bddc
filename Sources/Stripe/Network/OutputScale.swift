// The output scale α of F = α(f − f₀), set through α√h and the hidden width h.

/// The output scale of the stripe network, given as α√h and the width h; α is derived here only.
///
/// ```
/// F = α (f − f₀),   α = α√h / √h
/// ```
/// The crossover between the regimes is at α* ~ 1/√h, so α√h is the control parameter: α√h ≪ 1 is the
/// feature regime, α√h ≫ 1 the lazy one. Studies store α√h and h, never α, so the two cannot disagree.
///
/// Source: shared/science/stripe.md §2.2
public struct OutputScale: Sendable, Equatable {
  /// α√h, the regime parameter ([RECALL] 10⁻² for the feature regime).
  public var alphaSqrtH: Double
  /// The hidden width h.
  public var width: Int

  /// The scale with the given α√h at width h.
  public init(alphaSqrtH: Double, width: Int) {
    self.alphaSqrtH = alphaSqrtH
    self.width = width
  }

  /// α = α√h / √h.
  public var alpha: Double { alphaSqrtH / Double(width).squareRoot() }
}
