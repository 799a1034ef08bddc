// Numerical health of a symmetric PSD eigen-problem: symmetry, smallest eigenvalue, rank and trace checks.

/// A report on whether a computed spectrum of a (supposedly) symmetric positive semi-definite matrix can be
/// trusted: symmetry residual, smallest eigenvalue against a rounding tolerance, numerical rank against a
/// known bound, and the trace identity `tr A = Σ λᵢ`.
///
/// ```
/// symmetry  = max |A_ij − A_ji| / max |A_ij|
/// tolerance = c · n · ε · ‖A‖₂          (‖A‖₂ = max |λᵢ|, ε = 2⁻⁵², c = safetyFactor)
/// PSD       ⇔ λ_min ≥ −tolerance
/// rank      = #{ λᵢ > tolerance }       must be ≤ maximumRank
/// trace     = |tr A − Σ λᵢ| / max(|tr A|, tiny)
/// ```
///
/// Source: shared/science/karakida.md §3 (F, K and every dual are PSD of rank ≤ C·N) and the GSL
/// `eigen/test.c` residual convention c·n·ε·‖A‖ (STYLE B.7).
///
/// Complexity: O(n²) reads of the matrix, O(n) of the eigenvalues; nothing is allocated beyond scalars.
public struct SpectralHealth: Sendable, Equatable, Codable {
  /// `max |A_ij − A_ji| / max |A_ij|` over the full matrix (0 for an exactly symmetric one).
  public let symmetryResidual: Double
  /// The largest symmetry residual accepted.
  public let symmetryTolerance: Double
  /// The smallest eigenvalue λ_min.
  public let smallestEigenvalue: Double
  /// The rounding tolerance `c·n·ε·‖A‖₂` below zero that a PSD spectrum may reach.
  public let negativeTolerance: Double
  /// Number of eigenvalues above `negativeTolerance` (numerical rank).
  public let numericalRank: Int
  /// The rank the matrix cannot exceed (e.g. `min(C·N, P)` for a Fisher dual).
  public let maximumRank: Int
  /// `|tr A − Σλ| / |tr A|`: agreement of the trace with the eigenvalue sum (e.g. `tr K/N = P·m`).
  public let traceResidual: Double
  /// The largest trace residual accepted.
  public let traceTolerance: Double

  /// Whether `symmetryResidual ≤ symmetryTolerance`.
  public var isSymmetric: Bool { symmetryResidual <= symmetryTolerance }
  /// Whether `λ_min ≥ −negativeTolerance`.
  public var isPositiveSemidefinite: Bool { smallestEigenvalue >= -negativeTolerance }
  /// Whether `numericalRank ≤ maximumRank`.
  public var rankWithinBound: Bool { numericalRank <= maximumRank }
  /// Whether the trace identity holds within `traceTolerance`.
  public var traceAgrees: Bool { traceResidual <= traceTolerance }
  /// All four checks pass.
  public var passed: Bool { isSymmetric && isPositiveSemidefinite && rankWithinBound && traceAgrees }

  /// Checks `matrix` (square, both triangles stored) against its computed `eigenvalues`.
  ///
  /// - Parameters:
  ///   - matrix: the symmetric matrix whose spectrum was computed (both triangles are read).
  ///   - eigenvalues: its eigenvalues (any order).
  ///   - maximumRank: the known rank bound.
  ///   - safetyFactor: `c` in `c·n·ε·‖A‖₂` (default 10).
  ///   - symmetryTolerance: accepted relative asymmetry (default 1e-12).
  /// - Throws: ``LinearAlgebraError`` `.nonFinite` when the matrix or an eigenvalue is NaN or ±∞,
  ///   `.dimensionMismatch` when the matrix is not square or the eigenvalue count differs from its size.
  public init(
    matrix: Matrix, eigenvalues: [Double], maximumRank: Int, safetyFactor: Double = 10,
    symmetryTolerance: Double = 1e-12
  ) throws(LinearAlgebraError) {
    guard matrix.isSquare, eigenvalues.count == matrix.rows else {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "health check of a \(matrix.rows)×\(matrix.columns) matrix with \(eigenvalues.count) eigenvalues")
    }
    let n = matrix.rows
    var maxAbs = 0.0
    var asym = 0.0
    for j in 0..<n {
      for i in j..<n {
        let a = matrix[i, j]
        let b = matrix[j, i]
        guard a.isFinite, b.isFinite else {
          throw LinearAlgebraError(.nonFinite, "matrix entry (\(i), \(j)) or its mirror is not finite")
        }
        maxAbs = max(maxAbs, abs(a), abs(b))
        asym = max(asym, abs(a - b))
      }
    }
    if let bad = eigenvalues.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(.nonFinite, "eigenvalue \(bad) is \(eigenvalues[bad])")
    }
    let norm = eigenvalues.reduce(0) { max($0, abs($1)) }
    let tolerance = safetyFactor * Double(max(n, 1)) * Double.ulpOfOne * norm
    let trace = matrix.trace
    let sum = eigenvalues.reduce(0, +)
    symmetryResidual = maxAbs > 0 ? asym / maxAbs : 0
    self.symmetryTolerance = symmetryTolerance
    smallestEigenvalue = eigenvalues.min() ?? 0
    negativeTolerance = tolerance
    numericalRank = eigenvalues.filter { $0 > tolerance }.count
    self.maximumRank = maximumRank
    traceResidual = abs(trace - sum) / max(abs(trace), Double.leastNormalMagnitude)
    traceTolerance = safetyFactor * Double(max(n, 1)) * Double.ulpOfOne
  }

  /// Throws when a check fails, naming the check and the numbers.
  ///
  /// - Throws: ``LinearAlgebraError`` `.notSymmetric`, `.notPositiveSemidefinite`, or `.invalidInput`
  ///   (rank above the bound, or trace disagreement).
  public func validate() throws(LinearAlgebraError) {
    guard isSymmetric else {
      throw LinearAlgebraError(
        .notSymmetric, "relative asymmetry \(symmetryResidual) exceeds \(symmetryTolerance)")
    }
    guard isPositiveSemidefinite else {
      throw LinearAlgebraError(
        .notPositiveSemidefinite,
        "smallest eigenvalue \(smallestEigenvalue) is below −\(negativeTolerance) (c·n·ε·‖A‖)")
    }
    guard rankWithinBound else {
      throw LinearAlgebraError(
        .invalidInput, "numerical rank \(numericalRank) exceeds the bound \(maximumRank)")
    }
    guard traceAgrees else {
      throw LinearAlgebraError(
        .invalidInput,
        "trace and eigenvalue sum differ by \(traceResidual) (relative), above \(traceTolerance)")
    }
  }
}
