// The measured statistics the theory is compared with, from the dense spectrum or a matrix-free one.
import Spectra

/// What a spectrum measured, whatever the method: m, s (over D), λ_max, the top-C′ mean and the largest
/// eigenvalues in descending order (the softmax outliers). A statistic the method did not compute is nil
/// (the `moments` method has no λ_max).
public struct MeasuredStatistics: Sendable {
  /// What was measured.
  public let request: MetricRequest
  /// m over D.
  public let mean: Double?
  /// s over D.
  public let secondMoment: Double?
  /// λ_max.
  public let largest: Double?
  /// The mean of the C′ largest eigenvalues (convention 4).
  public let topMean: Double?
  /// The largest eigenvalues known, descending.
  public let descendingTop: [Double]

  /// Statistics measured elsewhere (e.g. by the MPI build); `descendingTop` largest first.
  public init(
    request: MetricRequest, mean: Double?, secondMoment: Double?, largest: Double?, topMean: Double?,
    descendingTop: [Double]
  ) {
    self.request = request
    self.mean = mean
    self.secondMoment = secondMoment
    self.largest = largest
    self.topMean = topMean
    self.descendingTop = descendingTop
  }

  /// The statistics of a dense ``MetricSpectrum``.
  public init(_ s: MetricSpectrum) {
    request = s.request
    mean = s.statistics.mean
    secondMoment = s.statistics.secondMoment
    largest = s.statistics.largest
    topMean = s.topMean
    descendingTop = s.eigenvalues.reversed()
  }

  /// The statistics of a ``MatrixFreeSpectrum``: exact m, s (moments mode) and the top-k eigenvalues.
  public init(_ s: MatrixFreeSpectrum) {
    request = s.request
    mean = s.mean
    secondMoment = s.secondMoment
    largest = s.largest
    topMean = s.topMean
    descendingTop = s.top?.eigenvalues ?? []
  }
}
