// The density of a law from its Stieltjes transform: ρ(x) ≈ Im m(x + iη)/π on a grid, with continuation.

/// Recovers a density from its Stieltjes transform `m(z) = ∫ dμ(λ)/(λ − z)`:
///
/// ```
/// ρ(x) = lim_{η↓0} Im m(x + iη)/π        (Stieltjes–Perron inversion)
/// ```
///
/// evaluated at a small fixed η (the result is μ convolved with a Cauchy kernel of width η), left to right
/// so that each point warm-starts the next. A point whose solver fails is retried by continuation in η:
/// from `η·2¹⁶` down to η by halving, each step warm-starting the next.
///
/// Source: Bai & Silverstein (2010), Thm B.8 (inversion formula); `docs/bulk-theory.md` §4.
public enum StieltjesInversion {
  /// The density on `points` equally spaced nodes of `[lower, upper]`.
  ///
  /// - Parameters:
  ///   - lower: the grid's lower end.
  ///   - upper: the grid's upper end (`lower < upper`).
  ///   - points: at least 2.
  ///   - eta: the height η > 0.
  ///   - transform: `m(z)` for `Im z > 0`, or nil when its solver fails; it may keep warm-start state.
  /// - Returns: the grid and `Im m/π` (nil entries where even the continuation failed become NaN).
  public static func density(
    lower: Double, upper: Double, points: Int, eta: Double,
    transform: (ComplexNumber) -> ComplexNumber?
  ) -> (grid: [Double], density: [Double]) {
    precondition(upper > lower && points >= 2 && eta > 0, "invalid inversion grid")
    let h = (upper - lower) / Double(points - 1)
    var grid: [Double] = []
    var rho: [Double] = []
    for i in 0..<points {
      let x = lower + Double(i) * h
      grid.append(x)
      if let m = transform(ComplexNumber(x, eta)) {
        rho.append(m.im / Double.pi)
        continue
      }
      var level = eta * 65536
      var value: ComplexNumber? = nil
      while level >= eta {
        value = transform(ComplexNumber(x, level))
        if value == nil { break }
        level /= 2
      }
      rho.append(level < eta ? value!.im / Double.pi : .nan)
    }
    return (grid, rho)
  }

  /// The law on an adaptive grid: a coarse pass over `[lower, upper]` locates the support (density above
  /// `1e-4 × max`), then a fine pass covers it with a margin of 5 % of its width on either side.
  ///
  /// - Parameters:
  ///   - lower: the lower end of a range known to contain the support.
  ///   - upper: its upper end.
  ///   - points: nodes of the fine pass (the coarse pass uses `points/4`, at η = 1e-3 of the range).
  ///   - relativeEta: η of the fine pass as a fraction of the support's width (default 1e-4: the Cauchy
  ///     smoothing then moves the cdf by about √η ≈ 1 % at a square-root edge and less inside).
  ///   - transform: as in ``density(lower:upper:points:eta:transform:)``.
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` when no density was found.
  public static func law(
    lower: Double, upper: Double, points: Int = 2000, relativeEta: Double = 1e-4,
    transform: (ComplexNumber) -> ComplexNumber?
  ) throws(LinearAlgebraError) -> TabulatedSpectralLaw {
    let coarse = density(
      lower: lower, upper: upper, points: max(64, points / 4), eta: 1e-3 * (upper - lower),
      transform: transform)
    let top = coarse.density.filter(\.isFinite).max() ?? 0
    guard top > 0,
      let first = coarse.density.firstIndex(where: { $0 > 1e-3 * top }),
      let last = coarse.density.lastIndex(where: { $0 > 1e-3 * top })
    else { throw LinearAlgebraError(.invalidInput, "Stieltjes inversion found no density in the range") }
    let step = coarse.grid[1] - coarse.grid[0]
    let a = coarse.grid[first] - step
    let b = coarse.grid[last] + step
    let margin = 0.05 * (b - a)
    let fine = density(
      lower: a - margin, upper: b + margin, points: points, eta: relativeEta * (b - a), transform: transform)
    let rho = fine.density.map { $0.isFinite ? $0 : 0 }
    return try TabulatedSpectralLaw(grid: fine.grid, densities: rho)
  }
}
