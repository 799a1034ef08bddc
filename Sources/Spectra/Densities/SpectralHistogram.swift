// Histogram of a spectrum normalised to a density over all eigenvalues, with the zero mode kept apart.

/// A histogram of an eigenvalue spectrum, normalised to a density of the spectral measure, with the
/// zero mode reported as a point mass instead of a bin.
///
/// Counting uses GSL's `gsl_histogram` on the bin edges of a ``HistogramBinning``. Bins are half-open
/// `[eᵢ, eᵢ₊₁)` as in GSL, except that the last bin also holds the value `upper` itself (as numpy's
/// `histogram` does), so `upper = λ_max` loses nothing. The density is relative to **all** `N`
/// eigenvalues, zeros included:
///
/// ```
/// densityᵢ = countᵢ / (N · widthᵢ),     Σᵢ densityᵢ·widthᵢ = (eigenvalues in the bins)/N
/// N = supplied eigenvalues + stated exact zeros;   the zero mode has weight w₀ = zeros/N
/// ```
///
/// so that `w₀ + Σᵢ densityᵢ·widthᵢ + (below + above)/N = 1`. Nonzero eigenvalues outside the bin
/// range (including negative ones that are not within the zero tolerance, which a logarithmic range can
/// never hold) are counted in ``belowRange`` and ``aboveRange``.
///
/// Source: Bai & Silverstein (2010), §1.1 (empirical spectral distribution `F^A(x) = #{λ ≤ x}/N`);
/// Galassi et al., *GNU Scientific Library Reference Manual*, §Histograms.
public struct SpectralHistogram: Sendable, Equatable {
  /// One bin of the histogram.
  public struct Bin: Sendable, Equatable, Codable {
    /// Lower edge (inclusive).
    public let lower: Double
    /// Upper edge (exclusive, except for the last bin).
    public let upper: Double
    /// Number of eigenvalues in the bin.
    public let count: Int
    /// `count / (N · width)`, a density of the spectral measure over all `N` eigenvalues.
    public let density: Double

    /// The bin width `upper − lower`.
    public var width: Double { upper - lower }
    /// The arithmetic centre `(lower + upper)/2` for linear bins, the geometric centre `√(lower·upper)`
    /// for logarithmic ones (the point that sits mid-bin on a log axis).
    public let centre: Double
  }

  /// The binning used.
  public let binning: HistogramBinning
  /// The bins, in increasing order.
  public let bins: [Bin]
  /// The point mass at zero (stated exact zeros and supplied eigenvalues within the zero tolerance).
  public let zeroMode: ZeroMode
  /// Nonzero eigenvalues below the first edge.
  public let belowRange: Int
  /// Nonzero eigenvalues above the last edge.
  public let aboveRange: Int

  /// The total number of eigenvalues `N`, zeros included.
  public var total: Int { zeroMode.total }

  /// The fraction of all eigenvalues that lies in the bins, `Σᵢ densityᵢ·widthᵢ`.
  public var massInBins: Double { Double(bins.reduce(0) { $0 + $1.count }) / Double(total) }

  /// Histograms `eigenvalues`, with `exactZeros` further zeros and a zero tolerance, on `binning`.
  ///
  /// - Parameters:
  ///   - eigenvalues: the supplied eigenvalues (any order).
  ///   - exactZeros: eigenvalues known to be exactly zero but not supplied, e.g. `P − n` for an operator
  ///     of dimension `P` known through `n` dual eigenvalues (default 0).
  ///   - zeroTolerance: supplied eigenvalues with `|λ| ≤ zeroTolerance` are counted in the zero mode
  ///     (default 0: only exact zeros).
  ///   - binning: the bin edges.
  /// - Throws: ``LinearAlgebraError`` naming the problem: `.invalidInput` for a bad bin range
  ///   (`lower ≥ upper`, zero bins, `lower ≤ 0` on a log axis), an empty spectrum, negative
  ///   `exactZeros` or tolerance; `.nonFinite` for a NaN/±∞ eigenvalue.
  /// - Complexity: O(N log(bins)).
  public init(
    eigenvalues: [Double], exactZeros: Int = 0, zeroTolerance: Double = 0, binning: HistogramBinning
  ) throws(LinearAlgebraError) {
    let edges = try binning.edges()
    let (zeroMode, nonzero) = try ZeroMode.split(
      eigenvalues, exactZeros: exactZeros, tolerance: zeroTolerance)
    let histogram = try GSLHistogram(edges: edges)
    let first = edges[0]
    let last = edges[edges.count - 1]
    var below = 0
    var above = 0
    for x in nonzero {
      if x < first {
        below += 1
      } else if x > last {
        above += 1
      } else if x == last {
        histogram.increment(edges[edges.count - 2])  // the closed last bin holds `upper` itself
      } else {
        histogram.increment(x)
      }
    }
    let n = Double(zeroMode.total)
    let isLog: Bool
    if case .logarithmic = binning { isLog = true } else { isLog = false }
    let counts = histogram.counts
    self.binning = binning
    self.bins = counts.indices.map { i in
      let lo = edges[i]
      let hi = edges[i + 1]
      let c = Int(counts[i])
      return Bin(
        lower: lo, upper: hi, count: c, density: Double(c) / (n * (hi - lo)),
        centre: isLog ? Self.geometricCentre(lo, hi) : Self.arithmeticCentre(lo, hi))
    }
    self.zeroMode = zeroMode
    self.belowRange = below
    self.aboveRange = above
  }

  /// `√(lower·upper)`, or `√lower·√upper` where the product overflows or underflows (edges beyond 1e±154).
  static func geometricCentre(_ lower: Double, _ upper: Double) -> Double {
    let product = lower * upper
    return product.isNormal ? product.squareRoot() : lower.squareRoot() * upper.squareRoot()
  }

  /// `(lower + upper)/2`, or `lower/2 + upper/2` where the sum overflows.
  static func arithmeticCentre(_ lower: Double, _ upper: Double) -> Double {
    let sum = lower + upper
    return sum.isFinite ? sum / 2 : lower / 2 + upper / 2
  }

  /// The bins as a tidy table, one row per bin: `lower, upper, centre, density, count`.
  ///
  /// The zero mode is not a row; write ``ZeroMode/table`` (or ``csvWithZeroModeHeader``) beside it.
  public var table: CSVTable {
    var t = CSVTable(columns: ["lower", "upper", "centre", "density", "count"])
    for b in bins {
      t.append([.number(b.lower), .number(b.upper), .number(b.centre), .number(b.density), .integer(b.count)])
    }
    return t
  }

  /// The bin table as CSV preceded by `#`-comment lines that state the zero mode and out-of-range
  /// counts (read with `pandas.read_csv(path, comment="#")`):
  ///
  /// ```
  /// # total=N zero_count=… stated_zero_count=… zero_weight=… zero_tolerance=… below_range=… above_range=…
  /// lower,upper,centre,density,count
  /// …
  /// ```
  public var csvWithZeroModeHeader: String {
    let z = zeroMode
    let header =
      "# total=\(z.total) zero_count=\(z.count) stated_zero_count=\(z.statedCount) zero_weight=\(z.weight) "
      + "zero_tolerance=\(z.tolerance) below_range=\(belowRange) above_range=\(aboveRange)\n"
    return header + table.csv
  }
}
