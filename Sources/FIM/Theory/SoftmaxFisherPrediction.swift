// Leading-order statistics of the softmax (cross-entropy) FIM given the softmax covariances Q(n).
import Spectra

/// Mean-field predictions for `F_cross = (1/N) Σ_n Σ_{k,k′} ∇f_k(n) Q_{kk′}(n) ∇f_{k′}(n)ᵀ`.
///
/// ```
/// m_λ ≃ (κ₁/M) (1/N) Σ_n Tr Q(n)
/// s_λ ≃ (α/N²) [κ₁² Σ_n Tr Q(n)² + κ₂² Σ_{n≠m} Tr Q(n)Q(m)]
/// outliers λ_i ≃ α κ₂ M λ_i(Q̄),   Q̄ = (1/N) Σ_n Q(n)       (C − 1 of them: Q̄ 𝟏 = 0)
/// α κ₂ M λ_max(Q̄) ≤ λ_max ≤ α M [κ₂ λ_max(Q̄) + (κ₁ − κ₂) max_n λ_max(Q(n)) / N]
/// ```
/// With `Q(n) = I_C` these reduce to the regression predictions (``RegressionFisherPrediction``): m and s
/// exactly, and the upper bound equals the regression λ_max. The statistics are bounded above by the
/// regression values (NC Theorem 3.3).
///
/// Source: `shared/science/karakida.md` §4.
public struct SoftmaxFisherPrediction: Sendable, Equatable, Codable {
  /// Number of outputs C.
  public let outputs: Int
  /// Number of samples N (the number of Q(n) given).
  public let samples: Int
  /// m_λ ∝ M⁻¹.
  public let mean: PredictedStatistic
  /// s_λ ∝ M⁰ (withheld for a centred network).
  public let secondMoment: PredictedStatistic
  /// The eigenvalues of Q̄, descending (the last is ≈ 0 for softmax covariances).
  public let averageCovarianceEigenvalues: [Double]
  /// The C − 1 outliers `α κ₂ λ_i(Q̄) · M`, descending (withheld for a centred network). For general
  /// (non-softmax) Q(n) with no zero mode, use ``averageCovarianceEigenvalues`` with all C.
  public let outliers: [PredictedStatistic]
  /// The lower bound `α κ₂ λ_max(Q̄) · M`.
  public let lambdaMaxLowerBound: PredictedStatistic
  /// The upper bound `α [κ₂ λ_max(Q̄) + (κ₁ − κ₂) max_n λ_max(Q(n))/N] · M`.
  public let lambdaMaxUpperBound: PredictedStatistic
  /// Whether the outlier predictions apply.
  public let applicability: TheoryApplicability

  /// The predictions for the given softmax covariances (one C × C matrix per sample).
  ///
  /// - Parameters:
  ///   - parameters: the order parameters.
  ///   - covariances: `[Q(1), …, Q(N)]`, each C × C, symmetric and finite; N ≥ 1.
  /// - Throws: `ConfigurationError` (field `covariances`) for an empty list, a non-square, non-finite or
  ///   non-symmetric matrix, or matrices of different sizes.
  public init(_ parameters: OrderParameters, covariances: [Matrix]) throws(ConfigurationError) {
    self.init(parameters, sums: try SoftmaxCovarianceSums(covariances))
  }

  /// The predictions from the sums over the samples of Q(n) (``SoftmaxCovarianceSums``): all the theory
  /// needs, so that ranks holding different samples can add their sums first.
  public init(_ parameters: OrderParameters, sums: SoftmaxCovarianceSums) {
    let c = sums.sum.rows
    let k = MeanFieldConstants(parameters)
    let applicability = TheoryApplicability.outliers(parameters, k)
    let ok = applicability.isApplicable
    let n = Double(sums.count)
    let average = sums.sum.scaled(by: 1 / n)
    // Σ_{n≠m} Tr Q(n)Q(m) = Tr (Σ Q)² − Σ Tr Q(n)².
    let pairTraceSum = Self.traceOfProduct(sums.sum, sums.sum) - sums.squareTraceSum
    let eigen = Self.eigenvalues(average)
    let top = eigen.first ?? 0
    self.outputs = c
    self.samples = sums.count
    mean = PredictedStatistic(.mean, prefactor: k.kappa1 * sums.traceSum / n, widthExponent: -1)
    secondMoment = PredictedStatistic(
      .secondMoment,
      prefactor: ok
        ? k.alpha / (n * n) * (k.kappa1 * k.kappa1 * sums.squareTraceSum + k.kappa2 * k.kappa2 * pairTraceSum)
        : nil,
      widthExponent: 0)
    averageCovarianceEigenvalues = eigen
    outliers = eigen.prefix(max(c - 1, 1)).map {
      PredictedStatistic(.outlier, prefactor: ok ? k.alpha * k.kappa2 * $0 : nil, widthExponent: 1)
    }
    lambdaMaxLowerBound = PredictedStatistic(
      .lambdaMaxLowerBound, prefactor: ok ? k.alpha * k.kappa2 * top : nil, widthExponent: 1)
    lambdaMaxUpperBound = PredictedStatistic(
      .lambdaMaxUpperBound,
      prefactor: ok ? k.alpha * (k.kappa2 * top + (k.kappa1 - k.kappa2) * sums.largest / n) : nil,
      widthExponent: 1
    )
    self.applicability = applicability
  }

  /// `Tr(A B)` for symmetric A, B: `Σ_ij A_ij B_ij`.
  static func traceOfProduct(_ a: Matrix, _ b: Matrix) -> Double {
    zip(a.elements, b.elements).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// Eigenvalues, descending (empty on a solver failure, which cannot happen for finite symmetric input).
  static func eigenvalues(_ a: Matrix) -> [Double] {
    ((try? SymmetricEigen(a).eigenvalues) ?? []).reversed()
  }
}
