// The mean-field reference of a concrete architecture: order parameters and the reference width M.
import Spectra

/// The mean-field description of a concrete network used beside measured training spectra.
///
/// ```
/// M = M_1 (the first hidden width),  α_l = M_l / M  (l = 0 … L−1)
/// λ_max(F) ≈ α ((N−1)/N κ₂ + κ₁/N) M                       (regression, standard parameterisation)
/// α κ₂ M λ_max(Q̄) ≤ λ_max(F_cross) ≤ α M [κ₂ λ_max(Q̄) + (κ₁ − κ₂) max_n λ_max(Q(n))/N]
/// ```
///
/// The predictions are those of the standard parameterisation, so a reference exists only for the standard
/// parameterisation and depth L ≥ 2. Source: shared/science/karakida.md §2–§4.
public struct TrainingTheory: Sendable {
  /// The order parameters of the architecture (input moments from the data).
  public let parameters: OrderParameters
  /// The reference width M = M_1.
  public let referenceWidth: Int

  /// The reference for `architecture` with inputs of the given moments, or `nil` when the theory does not
  /// describe it (NTK parameterisation or depth 1).
  ///
  /// - Throws: `ConfigurationError` from the theory for invalid input moments.
  public init?(_ architecture: NetworkArchitecture, inputs: InputMoments = .standardGaussian)
    throws(ConfigurationError)
  {
    guard architecture.parameterisation == .standard, architecture.depth >= 2 else { return nil }
    let m = architecture.widths[1]
    let ratios = architecture.widths.dropLast().map { Double($0) / Double(m) }
    let net = try MeanFieldNetwork(
      activation: architecture.activation, sigmaW2: architecture.sigmaW2, sigmaB2: architecture.sigmaB2,
      widthRatios: ratios, inputs: inputs)
    parameters = try OrderParameters(net)
    referenceWidth = m
  }

  /// The predicted regression λ_max(F) for C outputs and N samples, or `nil` when withheld (centred net).
  public func fisherLambdaMax(outputs: Int, samples: Int) -> Double? {
    let p = try? RegressionFisherPrediction(parameters, outputs: outputs, samples: samples)
    return p?.lambdaMax.value(width: Double(referenceWidth))
  }

  /// The lower and upper bounds on λ_max(F_cross) from the current softmax covariances Q(n) of `logits`
  /// (N × C), or `nil` when withheld.
  public func softmaxBounds(logits: Matrix) -> (lower: Double, upper: Double)? {
    let q = (0..<logits.rows).map { SoftmaxCovariance.matrix(logits: logits.row($0)) }
    guard let p = try? SoftmaxFisherPrediction(parameters, covariances: q),
      let lo = p.lambdaMaxLowerBound.value(width: Double(referenceWidth)),
      let hi = p.lambdaMaxUpperBound.value(width: Double(referenceWidth))
    else { return nil }
    return (lo, hi)
  }
}
