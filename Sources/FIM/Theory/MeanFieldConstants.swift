// α, κ₁, κ₂ (standard parameterisation) and κ′₁, κ′₂ (NTK parameterisation) from the order parameters.

/// The constants that set every leading-order spectral statistic.
///
/// ```
/// α   = Σ_{l=1}^{L−1} α_l α_{l−1}                       (P ≃ α M²; last layer and biases excluded)
/// κ₁  = Σ_{l=1}^{L} (α_{l−1}/α) q̃₁ˡ q̂₁ˡ⁻¹              (all L layers, weights only)
/// κ₂  = Σ_{l=1}^{L} (α_{l−1}/α) q̃₂ˡ q̂₂ˡ⁻¹
/// κ′₁ = Σ_{l=1}^{L} q̃₁ˡ (σ_w² q̂₁ˡ⁻¹ + σ_b²) = Σ_l q̃₁ˡ q₁ˡ   (NTK parameterisation, biases included)
/// κ′₂ = Σ_{l=1}^{L} q̃₂ˡ (σ_w² q̂₂ˡ⁻¹ + σ_b²) = Σ_l q̃₂ˡ q₂ˡ
/// ```
///
/// Source: `shared/science/karakida.md` §1 (α), §2 (κ₁, κ₂), §5 (κ′₁, κ′₂); conventions 3 and 6.
public struct MeanFieldConstants: Sendable, Equatable, Codable {
  /// α = Σ_{l=1}^{L−1} α_l α_{l−1}.
  public let alpha: Double
  /// κ₁ (standard parameterisation).
  public let kappa1: Double
  /// κ₂ (standard parameterisation); 0 for a centred network.
  public let kappa2: Double
  /// κ′₁ (NTK parameterisation).
  public let kappa1NTK: Double
  /// κ′₂ (NTK parameterisation).
  public let kappa2NTK: Double

  /// The constants of the given order parameters.
  public init(_ p: OrderParameters) {
    let ratios = p.network.widthRatios
    let depth = p.depth
    var alpha = 0.0
    for l in 1..<depth { alpha += ratios[l] * ratios[l - 1] }
    var k1 = 0.0
    var k2 = 0.0
    var k1NTK = 0.0
    var k2NTK = 0.0
    for l in 1...depth {
      k1 += ratios[l - 1] * p.qTilde1(layer: l) * p.qHat1(layer: l - 1)
      k2 += ratios[l - 1] * p.qTilde2(layer: l) * p.qHat2(layer: l - 1)
      k1NTK += p.qTilde1(layer: l) * p.q1(layer: l)
      k2NTK += p.qTilde2(layer: l) * p.q2(layer: l)
    }
    self.alpha = alpha
    self.kappa1 = k1 / alpha
    self.kappa2 = k2 / alpha
    self.kappa1NTK = k1NTK
    self.kappa2NTK = k2NTK
  }
}
