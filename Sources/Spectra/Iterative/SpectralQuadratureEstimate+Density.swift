// Densities from an SLQ estimate: kernel smoothing (linear or log λ) and histograms, each with the
// spread over probes as a standard error and a ±2·SE band.
import Foundation

/// The smoothing kernel `K_σ` applied to each weighted node.
public enum SmoothingKernel: Sendable, Equatable {
  /// `K_σ(x) = exp(−x²/2σ²)/(σ√(2π))`.
  case gaussian(width: Double)
  /// `K_σ(x) = σ/(π(x² + σ²))` (the imaginary part of a resolvent at `x + iσ`, as in physics DOS).
  case lorentzian(width: Double)

  func callAsFunction(_ x: Double) -> Double {
    switch self {
    case .gaussian(let s): exp(-0.5 * (x / s) * (x / s)) / (s * (2 * Double.pi).squareRoot())
    case .lorentzian(let s): s / (Double.pi * (x * x + s * s))
    }
  }

  var width: Double {
    switch self {
    case .gaussian(let s), .lorentzian(let s): s
    }
  }
}

/// A density on a grid or on bins, with its statistical error over SLQ probes.
///
/// `lower`/`upper` are `density ∓ 2·standardError` (≈ 95 % when the probe average is near normal);
/// they describe probe noise only, not the Lanczos (quadrature) bias, which ``SLQWassersteinBound``
/// covers.
public struct DensityWithSpread: Sendable, Equatable {
  /// Grid points (smoothing) or bin centres (histogram; geometric centres for logarithmic bins).
  public let abscissae: [Double]
  /// The averaged density.
  public let density: [Double]
  /// `s/√n_v` per point, `s` the sample standard deviation over probes.
  public let standardError: [Double]
  /// `density − 2·standardError`.
  public var lower: [Double] { zip(density, standardError).map { $0 - 2 * $1 } }
  /// `density + 2·standardError`.
  public var upper: [Double] { zip(density, standardError).map { $0 + 2 * $1 } }

  init(abscissae: [Double], perProbe: [[Double]]) {
    self.abscissae = abscissae
    let columns = abscissae.indices.map { i in ProbeSpread.meanAndStandardError(perProbe.map { $0[i] }) }
    density = columns.map(\.estimate)
    standardError = columns.map(\.standardError)
  }
}

extension SpectralQuadratureEstimate {
  /// The smoothed density `ρ(x) = Σ_j w_j K_σ(x − θ_j)` on `grid` (per unit λ), or with `logarithmic`
  /// the density of `ln λ`, `ρ(x) = Σ_{θ_j > 0} w_j K_σ(ln x − ln θ_j)` (per unit ln λ, grid in λ > 0),
  /// the log-spectrum view of Papyan, *Traces of class/cross-class structure pervade deep learning
  /// spectra*, JMLR 21 (2020), §3. Nodes `θ ≤ 0` are left out of the log view; their mass is
  /// ``massNearZero(tolerance:)``'s business.
  ///
  /// - Complexity: `O(grid·n_v·m)`.
  public func smoothedDensity(on grid: [Double], kernel: SmoothingKernel, logarithmic: Bool = false)
    throws(LinearAlgebraError) -> DensityWithSpread
  {
    guard kernel.width > 0, kernel.width.isFinite else {
      throw LinearAlgebraError(.invalidInput, "kernel width must be positive, got \(kernel.width)")
    }
    guard !logarithmic || grid.allSatisfy({ $0 > 0 }) else {
      throw LinearAlgebraError(.invalidInput, "a logarithmic density needs a grid of positive λ")
    }
    let perProbe = probes.indices.map { probe in
      let points = probeMeasure(probe)
      return grid.map { x in
        zip(points.nodes, points.weights).reduce(0.0) { sum, point in
          guard logarithmic else { return sum + point.1 * kernel(x - point.0) }
          return point.0 > 0 ? sum + point.1 * kernel(log(x) - log(point.0)) : sum
        }
      }
    }
    return DensityWithSpread(abscissae: grid, perProbe: perProbe)
  }

  /// The histogram density (mass in bin / bin width; for logarithmic bins, / width in ln λ) on
  /// `binning`. A node on an inner edge counts in the bin to its right; mass outside the range is
  /// dropped, so the density integrates to the mass inside.
  ///
  /// - Throws: as ``HistogramBinning/edges()``.
  public func histogram(_ binning: HistogramBinning) throws(LinearAlgebraError) -> DensityWithSpread {
    let edges = try binning.edges()
    let logarithmic = if case .logarithmic = binning { true } else { false }
    let widths = zip(edges, edges.dropFirst()).map { logarithmic ? log($1 / $0) : $1 - $0 }
    let centres = zip(edges, edges.dropFirst()).map { logarithmic ? ($0 * $1).squareRoot() : ($0 + $1) / 2 }
    let perProbe = probes.indices.map { probe in
      let points = probeMeasure(probe)
      var mass = [Double](repeating: 0, count: widths.count)
      for (x, w) in zip(points.nodes, points.weights) where x >= edges[0] && x <= edges[edges.count - 1] {
        let bin = min(widths.count - 1, (edges.firstIndex { $0 > x } ?? edges.count) - 1)
        mass[bin] += w
      }
      return zip(mass, widths).map { $0 / $1 }
    }
    return DensityWithSpread(abscissae: centres, perProbe: perProbe)
  }
}
