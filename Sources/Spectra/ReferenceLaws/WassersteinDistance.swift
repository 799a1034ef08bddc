// Wasserstein-1 distance between an empirical spectrum and a tabulated law: ∫|F_N − F| dx, exactly.

/// The Wasserstein-1 (earth mover's) distance between the empirical distribution of eigenvalues and a
/// tabulated law.
public enum WassersteinDistance {
  /// ```
  /// W₁ = ∫ |F_N(x) − F(x)| dx,      F_N(x) = #{λᵢ ≤ x}/n
  /// ```
  ///
  /// integrated exactly on the union of the eigenvalues and the law's grid, with F linear between the two
  /// breakpoints of each piece (exact to the grid's resolution; the sign change inside a piece is handled).
  /// Unlike the KS distance it is in the units of λ; divide by the law's spread for a relative figure.
  ///
  /// Source: Villani, *Optimal Transport* (2009), Remark 6.6 (the 1-D formula); `docs/bulk-theory.md` §4.
  ///
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for an empty spectrum, `.nonFinite` for a NaN/±∞.
  /// - Complexity: O((n + grid) log(n + grid)).
  public static func distance(of eigenvalues: [Double], to law: TabulatedSpectralLaw)
    throws(LinearAlgebraError) -> Double
  {
    guard !eigenvalues.isEmpty else {
      throw LinearAlgebraError(.invalidInput, "Wasserstein distance of an empty spectrum")
    }
    if let bad = eigenvalues.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "eigenvalue \(bad) is \(eigenvalues[bad])")
    }
    let x = eigenvalues.sorted()
    let n = Double(x.count)
    let breaks = (x + law.grid).sorted()
    var total = 0.0
    var k = 0  // eigenvalues ≤ current left breakpoint
    for i in 0..<(breaks.count - 1) {
      let a = breaks[i]
      let b = breaks[i + 1]
      while k < x.count, x[k] <= a { k += 1 }
      guard b > a else { continue }
      let fn = Double(k) / n
      let u = law.cdf(a) - fn
      let v = law.cdf(b) - fn
      if u * v >= 0 {
        total += 0.5 * (abs(u) + abs(v)) * (b - a)
      } else {
        total += 0.5 * (u * u + v * v) / (abs(u) + abs(v)) * (b - a)
      }
    }
    return total
  }
}
