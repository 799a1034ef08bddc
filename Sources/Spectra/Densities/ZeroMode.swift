// The point mass of a spectrum at zero: exact zeros of the operator, reported apart from any density.

/// The eigenvalues of an operator that are exact zeros, reported as a point mass rather than binned.
///
/// A PSD operator of dimension `P` known through its `n ≤ P` dual eigenvalues has `P − n` exact zeros
/// (Karakida et al. §3: statistics over all P). Those zeros are a Dirac mass in the spectral measure,
///
/// ```
/// μ = w₀·δ₀ + (1 − w₀)·μ_continuous,      w₀ = zeroCount / total
/// ```
///
/// and are reported here, never as a giant first bin of a histogram (where their height would depend
/// on the bin width) and never inside a kernel density.
///
/// Source: Bai & Silverstein, *Spectral Analysis of Large Dimensional Random Matrices* (2010), §3.1
/// (the Marchenko–Pastur law's atom at zero for `p > n`).
public struct ZeroMode: Sendable, Equatable, Codable {
  /// Number of eigenvalues in the point mass at zero: the stated exact zeros plus the supplied
  /// eigenvalues with `|λ| ≤ tolerance`.
  public let count: Int
  /// Of ``count``, how many were stated as exact zeros (`P − n`) rather than supplied.
  public let statedCount: Int
  /// Total number of eigenvalues, zeros included (the operator's dimension `P`).
  public let total: Int
  /// The tolerance below which a supplied `|λ|` was counted as zero.
  public let tolerance: Double

  /// The point mass `w₀ = count / total`, a fraction of all eigenvalues.
  public var weight: Double { total == 0 ? 0 : Double(count) / Double(total) }

  /// Splits a spectrum into its zero mode and the remaining (nonzero) eigenvalues.
  ///
  /// - Parameters:
  ///   - eigenvalues: the supplied eigenvalues.
  ///   - exactZeros: additional eigenvalues known to be exactly zero (e.g. `P − n`), default 0.
  ///   - tolerance: supplied eigenvalues with `|λ| ≤ tolerance` join the zero mode (default 0: only
  ///     exact zeros). For a Gram computed in floating point a natural choice is `c·n·eps·λ_max`.
  /// - Returns: the zero mode and the eigenvalues outside it, in their original order.
  /// - Throws: ``LinearAlgebraError`` `.nonFinite` for a NaN/±∞ eigenvalue (named by index);
  ///   `.invalidInput` for an empty spectrum, negative `exactZeros` or a negative or NaN tolerance.
  public static func split(_ eigenvalues: [Double], exactZeros: Int = 0, tolerance: Double = 0)
    throws(LinearAlgebraError) -> (zeroMode: ZeroMode, nonzero: [Double])
  {
    guard exactZeros >= 0 else {
      throw LinearAlgebraError(.invalidInput, "number of exact zeros must be non-negative, got \(exactZeros)")
    }
    guard tolerance >= 0 else {
      throw LinearAlgebraError(.invalidInput, "zero-mode tolerance must be non-negative, got \(tolerance)")
    }
    guard !eigenvalues.isEmpty || exactZeros > 0 else {
      throw LinearAlgebraError(.invalidInput, "empty spectrum: no eigenvalues and no exact zeros")
    }
    if let bad = eigenvalues.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "eigenvalue \(bad) is \(eigenvalues[bad])")
    }
    let nonzero = eigenvalues.filter { abs($0) > tolerance }
    let zeroMode = ZeroMode(
      count: exactZeros + eigenvalues.count - nonzero.count, statedCount: exactZeros,
      total: exactZeros + eigenvalues.count, tolerance: tolerance)
    return (zeroMode, nonzero)
  }

  /// The zero mode as a one-row tidy table: `total, zero_count, stated_zero_count, zero_weight, zero_tolerance`.
  public var table: CSVTable {
    var t = CSVTable(columns: ["total", "zero_count", "stated_zero_count", "zero_weight", "zero_tolerance"])
    t.append([.integer(total), .integer(count), .integer(statedCount), .number(weight), .number(tolerance)])
    return t
  }
}
