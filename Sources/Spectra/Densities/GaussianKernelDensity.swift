// Gaussian kernel density estimate of a spectrum with an explicit bandwidth; the zero mode kept apart.
import Foundation

/// A Gaussian kernel density estimate of the nonzero part of a spectrum, with a bandwidth the caller
/// chooses, and the zero mode reported as a point mass.
///
/// ```
/// ρ̂(x) = (1/N) Σ_{λᵢ ∉ zero mode} φ((x − λᵢ)/h)/h,     φ(u) = e^{−u²/2}/√(2π)
/// ∫ ρ̂(x) dx = 1 − w₀                                  (w₀ = zero-mode weight, N counts all eigenvalues)
/// ```
///
/// No bandwidth is ever guessed: pass one, or compute ``silvermanBandwidth(_:)`` explicitly.
///
/// Source: Silverman, *Density Estimation for Statistics and Data Analysis* (1986), §3.3–3.4.
public struct GaussianKernelDensity: Sendable, Equatable {
  /// The kernel bandwidth `h` (the standard deviation of each Gaussian).
  public let bandwidth: Double
  /// The point mass at zero, excluded from the smooth part.
  public let zeroMode: ZeroMode
  /// The eigenvalues outside the zero mode, ascending (the kernel centres).
  public let centres: [Double]

  /// A kernel density of `eigenvalues` with bandwidth `bandwidth`.
  ///
  /// - Parameters:
  ///   - eigenvalues: the supplied eigenvalues.
  ///   - bandwidth: the Gaussian kernel's standard deviation `h > 0` (required; see
  ///     ``silvermanBandwidth(_:)`` for a rule of thumb the caller may choose).
  ///   - exactZeros: eigenvalues known to be exactly zero but not supplied (default 0).
  ///   - zeroTolerance: supplied eigenvalues with `|λ| ≤ zeroTolerance` join the zero mode (default 0).
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for a bandwidth that is not positive and finite or
  ///   an empty spectrum; `.nonFinite` for a NaN/±∞ eigenvalue.
  public init(eigenvalues: [Double], bandwidth: Double, exactZeros: Int = 0, zeroTolerance: Double = 0)
    throws(LinearAlgebraError)
  {
    guard bandwidth > 0, bandwidth.isFinite else {
      throw LinearAlgebraError(
        .invalidInput, "kernel bandwidth must be positive and finite, got \(bandwidth)")
    }
    let (zeroMode, nonzero) = try ZeroMode.split(
      eigenvalues, exactZeros: exactZeros, tolerance: zeroTolerance)
    self.bandwidth = bandwidth
    self.zeroMode = zeroMode
    self.centres = nonzero.sorted()
  }

  /// The estimated density `ρ̂(x)` of the smooth (nonzero) part, relative to all eigenvalues.
  ///
  /// - Complexity: O(N) per point.
  public func density(at x: Double) -> Double {
    let h = bandwidth
    let norm = 1 / (Double(zeroMode.total) * h * (2 * Double.pi).squareRoot())
    var sum = 0.0
    for c in centres {
      let u = (x - c) / h
      sum += exp(-0.5 * u * u)
    }
    return sum * norm
  }

  /// The density at each point of `grid`.
  ///
  /// - Complexity: O(N·grid.count).
  public func density(on grid: [Double]) -> [Double] { grid.map { density(at: $0) } }

  /// `count` equally spaced points from `lower` to `upper` inclusive (a plotting grid).
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` when `count < 2` or `lower ≥ upper`.
  public static func grid(from lower: Double, to upper: Double, count: Int) throws(LinearAlgebraError)
    -> [Double]
  {
    guard count >= 2 else {
      throw LinearAlgebraError(.invalidInput, "a grid needs at least 2 points, got \(count)")
    }
    guard lower < upper, lower.isFinite, upper.isFinite else {
      throw LinearAlgebraError(
        .invalidInput, "bad grid range: lower = \(lower) must be below upper = \(upper)")
    }
    return (0..<count).map { i in
      i == count - 1 ? upper : lower + (upper - lower) * Double(i) / Double(count - 1)
    }
  }

  /// The density on `grid` as a tidy table `x, density`; the zero mode is in ``zeroMode``.
  public func table(on grid: [Double]) -> CSVTable {
    var t = CSVTable(columns: ["x", "density"])
    for x in grid { t.append([.number(x), .number(density(at: x))]) }
    return t
  }

  /// Silverman's rule-of-thumb bandwidth for a Gaussian kernel, a choice the caller makes explicitly.
  ///
  /// ```
  /// h = 0.9 · min(σ̂, IQR/1.34) · n^(−1/5)
  /// ```
  ///
  /// `σ̂` is the sample standard deviation (n − 1 denominator) and IQR the interquartile range (type-7
  /// quantiles) of `values`; when the IQR is zero, `σ̂` alone is used. Pass the nonzero eigenvalues (the
  /// zero mode is not smoothed). Optimal for Gaussian data; it oversmooths sharp spectral edges, such as
  /// the square-root edges of the Marchenko–Pastur law.
  ///
  /// Source: Silverman (1986), eq. (3.31).
  ///
  /// - Parameter values: at least two finite values, not all equal.
  /// - Returns: the bandwidth `h > 0`.
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for fewer than two values or zero spread;
  ///   `.nonFinite` for a NaN/±∞ value.
  public static func silvermanBandwidth(_ values: [Double]) throws(LinearAlgebraError) -> Double {
    guard values.count >= 2 else {
      throw LinearAlgebraError(.invalidInput, "Silverman's rule needs at least 2 values, got \(values.count)")
    }
    let q = try SampleQuantile.of(values, probabilities: [0.25, 0.75])
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    let iqr = q[1] - q[0]
    let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
    guard spread > 0 else {
      throw LinearAlgebraError(.invalidInput, "Silverman's rule: all \(values.count) values are equal")
    }
    return 0.9 * spread * pow(n, -0.2)
  }
}
