// Leading-order statistics of the neural tangent kernel Θ = ∇f ∇fᵀ in the NTK parameterisation.
import Spectra

/// Mean-field predictions for the NTK `Θ = ∇_θ f ∇_θ fᵀ` (CN × CN, no 1/N, NTK parameterisation).
///
/// Statistics over the CN eigenvalues; none depends on M:
/// ```
/// m_λ   ≃ κ′₁
/// s_λ   ≃ κ′₁² + (N−1) κ′₂²
/// λ_max ≃ κ′₁ + (N−1) κ′₂      (C-fold; grows ∝ N with slope κ′₂)
/// bulk  ≃ κ′₁ − κ′₂            (multiplicity C(N−1))
/// ```
///
/// Source: `shared/science/karakida.md` §5 (convention 6).
public struct NTKPrediction: Sendable, Equatable, Codable {
  /// Number of outputs C.
  public let outputs: Int
  /// Number of samples N.
  public let samples: Int
  /// m_λ ≃ κ′₁ · M⁰.
  public let mean: PredictedStatistic
  /// s_λ ≃ (κ′₁² + (N−1)κ′₂²) · M⁰ (withheld for a centred network).
  public let secondMoment: PredictedStatistic
  /// λ_max ≃ (κ′₁ + (N−1)κ′₂) · M⁰, C-fold (withheld for a centred network).
  public let lambdaMax: PredictedStatistic
  /// dλ_max/dN = κ′₂ (withheld for a centred network).
  public let lambdaMaxSlopeInSamples: Double?
  /// The bulk eigenvalue κ′₁ − κ′₂ (multiplicity C(N−1)); withheld for a centred network.
  public let bulkEigenvalue: Double?
  /// Whether the outlier predictions apply.
  public let applicability: TheoryApplicability

  /// The predictions for C outputs and N samples.
  ///
  /// - Throws: `ConfigurationError` (fields `outputs`, `samples`) for C < 1 or N < 1.
  public init(_ parameters: OrderParameters, outputs: Int, samples: Int) throws(ConfigurationError) {
    guard outputs >= 1 else {
      throw ConfigurationError(field: "outputs", "the number of outputs must be positive, got \(outputs)")
    }
    guard samples >= 1 else {
      throw ConfigurationError(field: "samples", "the number of samples must be positive, got \(samples)")
    }
    let k = MeanFieldConstants(parameters)
    let applicability = TheoryApplicability.outliers(parameters, k)
    let ok = applicability.isApplicable
    let extra = Double(samples - 1)
    self.outputs = outputs
    self.samples = samples
    mean = PredictedStatistic(.mean, prefactor: k.kappa1NTK, widthExponent: 0)
    secondMoment = PredictedStatistic(
      .secondMoment, prefactor: ok ? k.kappa1NTK * k.kappa1NTK + extra * k.kappa2NTK * k.kappa2NTK : nil,
      widthExponent: 0)
    lambdaMax = PredictedStatistic(
      .lambdaMax, prefactor: ok ? k.kappa1NTK + extra * k.kappa2NTK : nil, widthExponent: 0,
      degeneracy: outputs)
    lambdaMaxSlopeInSamples = ok ? k.kappa2NTK : nil
    bulkEigenvalue = ok ? k.kappa1NTK - k.kappa2NTK : nil
    self.applicability = applicability
  }
}
