// The output of stochastic Lanczos quadrature: per-probe rules (α, β, nodes, weights), the deflated
// outliers, and the averaged spectral measure as weighted points.

/// A weighted point estimate of a spectral measure: `Σ_j w_j δ_{x_j}`, nodes ascending.
public struct WeightedPoints: Sendable, Equatable {
  /// The points `x_j`, ascending.
  public let nodes: [Double]
  /// Their masses `w_j`.
  public let weights: [Double]

  /// Points sorted by node (ties keep their order).
  public init(nodes: [Double], weights: [Double]) {
    precondition(nodes.count == weights.count, "\(nodes.count) nodes but \(weights.count) weights")
    let order = nodes.indices.sorted { (nodes[$0], $0) < (nodes[$1], $1) }
    self.nodes = order.map { nodes[$0] }
    self.weights = order.map { weights[$0] }
  }

  /// `Σ_j w_j·f(x_j)`.
  public func integrate(_ f: (Double) -> Double) -> Double {
    zip(nodes, weights).reduce(0) { $0 + $1.1 * f($1.0) }
  }
}

/// The SLQ estimate of `μ = (1/n) Σᵢ δ_{λᵢ}` (see ``StochasticLanczosQuadrature``).
///
/// Probe `ℓ` alone gives the measure ``probeMeasure(_:)``
/// `(1/n) Σ_{outliers} δ_{λᵢ} + ((n − k)/n) Σ_j τ_j^(ℓ) δ_{θ_j^(ℓ)}`; the estimate ``measure`` is
/// their average, and the spread over probes is the statistical error of every derived quantity.
public struct SpectralQuadratureEstimate: Sendable {
  /// `n`.
  public let dimension: Int
  /// The probe distribution used.
  public let distribution: ProbeDistribution
  /// One Gauss rule per probe, with its Lanczos coefficients (α, β) kept.
  public let probes: [LanczosQuadrature]
  /// The `k` deflated eigenvalues, each a point mass `1/n`.
  public let deflatedEigenvalues: [Double]

  /// `(n − k)/n`, the mass carried by the quadrature part.
  public var quadratureMass: Double { Double(dimension - deflatedEigenvalues.count) / Double(dimension) }

  /// The measure of probe `ℓ` alone (total mass 1).
  public func probeMeasure(_ probe: Int) -> WeightedPoints {
    let rule = probes[probe]
    let point = 1 / Double(dimension)
    return WeightedPoints(
      nodes: deflatedEigenvalues + rule.nodes,
      weights: deflatedEigenvalues.map { _ in point } + rule.weights.map { $0 * quadratureMass })
  }

  /// The averaged measure `μ̂` (total mass 1).
  public var measure: WeightedPoints {
    let point = 1 / Double(dimension)
    let share = quadratureMass / Double(probes.count)
    return WeightedPoints(
      nodes: deflatedEigenvalues + probes.flatMap(\.nodes),
      weights: deflatedEigenvalues.map { _ in point } + probes.flatMap { $0.weights.map { $0 * share } })
  }

  /// `∫ f dμ̂` and its standard error over probes, `s/√n_v` (0 for a single probe).
  public func integrate(_ f: (Double) -> Double) -> (estimate: Double, standardError: Double) {
    ProbeSpread.meanAndStandardError(probes.indices.map { probeMeasure($0).integrate(f) })
  }

  /// The estimated fraction of eigenvalues with `|λ| ≤ tolerance`, with its standard error over probes.
  ///
  /// An **estimate**: Gauss quadrature places a node near 0 carrying about the mass of a null space, but
  /// nodes of a bulk that reaches 0 fall on both sides of any tolerance.
  public func massNearZero(tolerance: Double) -> (estimate: Double, standardError: Double) {
    integrate { abs($0) <= tolerance ? 1 : 0 }
  }
}

/// Mean and standard error of per-probe values.
enum ProbeSpread {
  /// `(x̄, s/√N)` with `s` the sample standard deviation (0 when N = 1).
  static func meanAndStandardError(_ values: [Double]) -> (estimate: Double, standardError: Double) {
    let count = Double(values.count)
    let mean = values.reduce(0, +) / count
    guard values.count > 1 else { return (mean, 0) }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
    return (mean, (variance / count).squareRoot())
  }
}
