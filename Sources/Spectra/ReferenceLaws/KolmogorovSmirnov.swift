// Kolmogorov–Smirnov distance between an empirical spectrum and a limiting law (atoms handled exactly).

/// The Kolmogorov–Smirnov distance between the empirical spectral distribution and a law.
public enum KolmogorovSmirnov {
  /// The sup-distance between the empirical distribution of `eigenvalues` and `law`'s cdf.
  ///
  /// ```
  /// D = sup_x |F_N(x) − F(x)|,     F_N(x) = #{λᵢ ≤ x}/N
  /// ```
  ///
  /// evaluated exactly at every distinct eigenvalue `v` from both sides, `|F_N(v) − F(v)|` and
  /// `|F_N(v⁻) − F(v⁻)|`, with `F(0⁻) = F(0) − pointMassAtZero`, so a law with an atom at zero is
  /// compared correctly. Eigenvalues with `|λ| ≤ zeroTolerance` are taken as exactly 0 (the floating-point
  /// zeros of a rank-deficient Wishart matrix).
  ///
  /// For eigenvalues of one random matrix the classical KS p-values do not apply (the eigenvalues are
  /// strongly correlated and `D` typically falls like `1/N`, not `1/√N`); use `D` as a distance.
  ///
  /// Source: Bai & Silverstein (2010), ch. 8 (rates of convergence of the ESD in KS distance).
  ///
  /// - Parameters:
  ///   - eigenvalues: the empirical spectrum.
  ///   - law: the reference law.
  ///   - zeroTolerance: `|λ| ≤ zeroTolerance` counts as 0 (default 0).
  /// - Returns: `D ∈ [0, 1]`.
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for an empty spectrum or a negative tolerance;
  ///   `.nonFinite` for a NaN/±∞ eigenvalue (named by index).
  /// - Complexity: O(N log N).
  public static func distance(
    of eigenvalues: [Double], to law: some SpectralLaw, zeroTolerance: Double = 0
  ) throws(LinearAlgebraError) -> Double {
    guard !eigenvalues.isEmpty else {
      throw LinearAlgebraError(.invalidInput, "Kolmogorov–Smirnov distance of an empty spectrum")
    }
    guard zeroTolerance >= 0 else {
      throw LinearAlgebraError(.invalidInput, "zero tolerance must be non-negative, got \(zeroTolerance)")
    }
    if let bad = eigenvalues.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "eigenvalue \(bad) is \(eigenvalues[bad])")
    }
    let x = eigenvalues.map { abs($0) <= zeroTolerance ? 0 : $0 }.sorted()
    let n = Double(x.count)
    var d = 0.0
    var i = 0
    while i < x.count {
      let v = x[i]
      var j = i
      while j < x.count, x[j] == v { j += 1 }
      let f = law.cdf(v)
      let fLeft = v == 0 ? f - law.pointMassAtZero : f
      d = max(d, abs(Double(j) / n - f), abs(Double(i) / n - fLeft))
      i = j
    }
    return d
  }
}
