// The a-priori Wasserstein-1 error bound of stochastic Lanczos quadrature (Chen, Trogdon & Ubaru 2021).
import Foundation

/// An a-priori bound on `W₁(μ, μ̂)` between the spectral measure and its SLQ estimate, holding with
/// probability ≥ `1 − η` over the probes.
///
/// Chen, Trogdon & Ubaru, *Analysis of stochastic Lanczos quadrature for spectrum approximation*,
/// ICML 2021 (PMLR 139), main theorem as stated in the abstract: with probes uniform on the unit sphere,
/// `W₁ ≤ t·(λ_max − λ_min)` with probability ≥ 1 − η once
/// ```
/// m ≥ ⌈12/t + 1/2⌉ Lanczos steps   and   n_v ≥ ⌈4 ln(2n/η) / ((n + 2) t²)⌉ probes.
/// ```
/// For given `m` and `n_v` the smallest admissible `t` is
/// ```
/// t* = max( 24/(2m − 1),  2·√( ln(2n/η) / (n_v (n + 2)) ) )
/// ```
/// (``quadratureTerm`` and ``samplingTerm`` are the two arguments, times the spectral width), and
/// ``total`` = `t*·(λ_max − λ_min)`. This inversion uses only the theorem as stated (verified against
/// the abstract, arXiv:2105.06595); the sharper additive form `12/(2m−1) + √(ln(2n/η)/(n_v(n+2)))` that
/// the two conditions suggest was **not** verified against the theorem text and is not used.
///
/// After deflating `k` outliers the sphere is that of the complement (dimension `n − k`) and the
/// measure there carries mass `(n − k)/n`, so the bound is `((n − k)/n)·t*(n − k)·(b − a)` with `[a, b]`
/// the spectral interval of the complement. The theorem covers sphere probes only; for Rademacher
/// probes ``coversProbes`` is false and the number is indicative.
public struct SLQWassersteinBound: Sendable, Equatable {
  /// `(b − a)·24/(2m − 1)`, the Lanczos (Gauss quadrature) requirement.
  public let quadratureTerm: Double
  /// `(b − a)·2√(ln(2n/η)/(n_v(n + 2)))`, the probe-sampling requirement.
  public let samplingTerm: Double
  /// The bound `(n − k)/n · max(quadratureTerm, samplingTerm)`.
  public let total: Double
  /// `η`.
  public let failureProbability: Double
  /// `[a, b]` used for the width.
  public let spectralInterval: ClosedRange<Double>
  /// Whether the probes satisfy the theorem's hypothesis (uniform on the sphere).
  public let coversProbes: Bool
}

extension SpectralQuadratureEstimate {
  /// The interval `[min(θ − r), max(θ + r)]` over all probes' nodes `θ` and residual bounds `r`
  /// (``LanczosQuadrature/nodeResidualBounds``): an estimate of the spectral interval of the
  /// (deflated) operator. Extreme Ritz values converge first, so it is usually tight, but it is not a
  /// guaranteed enclosure; pass a known interval to ``wassersteinBound(failureProbability:spectralInterval:)``.
  public var estimatedSpectralInterval: ClosedRange<Double> {
    let low = probes.flatMap { zip($0.nodes, $0.nodeResidualBounds).map { $0 - $1 } }.min() ?? 0
    let high = probes.flatMap { zip($0.nodes, $0.nodeResidualBounds).map { $0 + $1 } }.max() ?? 0
    return low...high
  }

  /// The a-priori `W₁` bound of ``SLQWassersteinBound`` for this estimate's steps and probes.
  ///
  /// - Parameters:
  ///   - eta: the failure probability `η ∈ (0, 1)`.
  ///   - spectralInterval: `[λ_min, λ_max]` of the (deflated) operator; nil uses
  ///     ``estimatedSpectralInterval``.
  /// - Throws: `.invalidInput` for `η` outside `(0, 1)`.
  public func wassersteinBound(
    failureProbability eta: Double = 0.05, spectralInterval: ClosedRange<Double>? = nil
  )
    throws(LinearAlgebraError) -> SLQWassersteinBound
  {
    guard eta > 0, eta < 1 else {
      throw LinearAlgebraError(.invalidInput, "failure probability must be in (0, 1), got \(eta)")
    }
    let interval = spectralInterval ?? estimatedSpectralInterval
    let width = interval.upperBound - interval.lowerBound
    let steps = Double(probes.map(\.alpha.count).min() ?? 1)
    let n = Double(dimension - deflatedEigenvalues.count)
    let quadrature = width * 24 / (2 * steps - 1)
    let sampling = width * 2 * (log(2 * n / eta) / (Double(probes.count) * (n + 2))).squareRoot()
    return SLQWassersteinBound(
      quadratureTerm: quadrature, samplingTerm: sampling, total: quadratureMass * max(quadrature, sampling),
      failureProbability: eta, spectralInterval: interval, coversProbes: distribution == .sphere)
  }

  /// The spread over probes: `(1/n_v) Σ_ℓ W₁(μ̂_ℓ, μ̂) / √n_v`, the mean distance of one probe's measure
  /// to the average, scaled as a standard error. A heuristic a-posteriori companion of the a-priori
  /// bound (it sees probe noise, not the quadrature bias).
  public var probeSpread: Double {
    let average = measure
    let distances = probes.indices.map { probeMeasure($0).wassersteinDistance(to: average) }
    return distances.reduce(0, +) / Double(probes.count) / Double(probes.count).squareRoot()
  }
}
