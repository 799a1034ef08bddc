// What a matrix-free spectrum computes (modes) and the Codable parts of its result.
import Spectra

extension MatrixFreeSpectrum {
  /// One computation on the matrix-free dual.
  public enum Mode: Sendable, Equatable, Codable {
    /// The `count` largest eigenpairs by block Lanczos (`BlockLanczos`), converged when
    /// `‖A·u − θ·u‖ ≤ tolerance·|θ|_max`; `blockSize` ≥ C keeps the C-fold outliers together.
    case topK(count: Int, tolerance: Double, blockSize: Int)
    /// The spectral density by stochastic Lanczos quadrature (`StochasticLanczosQuadrature`), after
    /// deflating the `deflateTop` largest eigenpairs (0: none).
    case density(steps: Int, probes: Int, distribution: ProbeDistribution, deflateTop: Int)
    /// Exact m and s (trace and streamed ‖dual‖_F²) and the Hutch++ estimates of both with
    /// `hutchPlusPlusBudget` products each.
    case moments(hutchPlusPlusBudget: Int)
  }

  /// The largest eigenpairs found by block Lanczos (eigenvalues descending).
  public struct TopEigenvalues: Sendable, Equatable, Codable {
    /// `θ₁ ≥ … ≥ θ_k`.
    public let eigenvalues: [Double]
    /// `‖A·uᵢ − θᵢ·uᵢ‖₂`: an eigenvalue of the dual lies within it of `θᵢ`.
    public let residualNorms: [Double]
    /// Whether pair i met the tolerance.
    public let converged: [Bool]
    /// The relative tolerance.
    public let tolerance: Double
    /// Restart cycles.
    public let restarts: Int
    /// Operator–vector products.
    public let matrixVectorProducts: Int

    init(_ pairs: TopEigenpairs) {
      eigenvalues = pairs.eigenvalues
      residualNorms = pairs.residualNorms
      converged = pairs.converged
      tolerance = pairs.tolerance
      restarts = pairs.restarts
      matrixVectorProducts = pairs.matrixVectorProducts
    }
  }

  /// A randomised estimate with its standard error.
  public struct Estimate: Sendable, Equatable, Codable {
    /// The estimate.
    public let value: Double
    /// Its standard error.
    public let standardError: Double
    /// Operator–vector products used.
    public let matrixVectorProducts: Int

    init(_ e: TraceEstimate) {
      value = e.value
      standardError = e.standardError
      matrixVectorProducts = e.matrixVectorProducts
    }
  }

  /// The exact moments and their Hutch++ estimates.
  public struct Moments: Sendable, Equatable, Codable {
    /// Exact trace and ‖dual‖_F², hence m and s over D.
    public let exact: ExactMoments
    /// Hutch++ estimate of `trace(dual)`.
    public let traceEstimate: Estimate
    /// Hutch++ estimate of `‖dual‖_F² = trace(dual²)`.
    public let frobeniusSquaredEstimate: Estimate
  }

  /// The SLQ estimate of the dual's spectral measure (over its C′·N eigenvalues; the operator adds
  /// ``MatrixFreeSpectrum/exactZeroCount`` exact zeros).
  public struct Density: Sendable, Equatable, Codable {
    /// The averaged measure: nodes ascending, weights summing to 1 (deflated eigenvalues included).
    public let nodes: [Double]
    /// The weights of ``nodes``.
    public let weights: [Double]
    /// Per-probe Gauss rules with their Lanczos coefficients α, β.
    public let probes: [LanczosQuadrature]
    /// The deflated top eigenvalues (point masses 1/(C′N) each).
    public let deflatedEigenvalues: [Double]
    /// The a-priori W₁ bound (probability ≥ 1 − `failureProbability`) of Chen–Trogdon–Ubaru.
    public let wassersteinBound: Double
    /// η of the bound.
    public let failureProbability: Double
    /// Whether the probes satisfy the bound's hypothesis (sphere probes).
    public let boundCoversProbes: Bool
    /// The spread over probes of their measures (an a-posteriori companion of the bound).
    public let probeSpread: Double
    /// The estimated fraction of dual eigenvalues at or below the zero threshold, and its standard error.
    public let massNearZero: Double
    /// Standard error of ``massNearZero``.
    public let massNearZeroStandardError: Double
  }
}
