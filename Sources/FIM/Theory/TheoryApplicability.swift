// Whether the mean-field predictions of outliers apply: κ₂ > 0 (non-centred network) and finite order parameters.

/// Whether a family of mean-field predictions applies, and if not, why.
///
/// The outlier predictions (λ_max of order M for the FIM, the N-fold NTK outlier) need a **non-centred**
/// network, κ₂ > 0 (σ_b ≠ 0 or E[φ] ≠ 0). With κ₂ = 0 (e.g. tanh with σ_b = 0) the "outlier" merges with
/// random-matrix fluctuations and a mean-field λ_max would be misleading (measured +119 … +312 %), so those
/// predictions are withheld (`nil`) and ``reasons`` says why. The mean m stays valid.
///
/// Source: `shared/science/karakida.md` §1 assumption (iv), §7 (caveats), conventions 5.
public struct TheoryApplicability: Sendable, Equatable, Codable {
  /// `true` when every prediction of the family is given.
  public let isApplicable: Bool
  /// Human-readable reasons why some predictions are withheld (empty when applicable).
  public let reasons: [String]

  /// An assessment with the given reasons (applicable when there are none).
  public init(reasons: [String]) {
    self.reasons = reasons
    self.isApplicable = reasons.isEmpty
  }

  /// The assessment of the outlier (κ₂-driven) predictions for a set of order parameters.
  ///
  /// ```
  /// applicable ⇔ all order parameters finite ∧ κ₂ > centredTolerance · κ₁
  /// ```
  ///
  /// - Parameters:
  ///   - parameters: the order parameters.
  ///   - constants: their constants.
  ///   - centredTolerance: κ₂/κ₁ at or below which the network counts as centred (default 0: only an
  ///     exact κ₂ = 0, which closed forms and the symmetric quadrature both return for centred networks).
  public static func outliers(
    _ parameters: OrderParameters, _ constants: MeanFieldConstants, centredTolerance: Double = 0
  ) -> TheoryApplicability {
    var reasons = [String]()
    if !parameters.isFinite {
      reasons.append(
        "order parameters overflow (deep network far from criticality): q̃ grows like χ₁^L; "
          + "the finite-depth theory does not apply")
    }
    if constants.kappa2 < 0 {
      reasons.append(
        "κ₂ = \(constants.kappa2) < 0: the inputs are anti-correlated (q̂₂⁰ < 0), so the C outliers of order M "
          + "predicted for κ₂ > 0 do not exist; the mean-field λ_max (and the N → ∞ second moment) would be misleading"
      )
    } else if !(constants.kappa2 > centredTolerance * constants.kappa1) {
      reasons.append(
        "κ₂ = \(constants.kappa2): the network is centred (σ_b = 0 and E[φ] = 0), so there are no outliers of "
          + "order M; λ_max is set by random-matrix fluctuations and the mean-field λ_max (and the N → ∞ second "
          + "moment) would be misleading")
    }
    return TheoryApplicability(reasons: reasons)
  }
}
