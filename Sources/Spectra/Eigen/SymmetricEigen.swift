// Eigen-decomposition of a real symmetric matrix: all eigenvalues (dsyevd) or an index range (dsyevr).

/// The eigenvalues, and optionally the eigenvectors, of a real symmetric matrix `A = V·Λ·Vᵀ`.
///
/// Only the chosen triangle of the input is read (lower by default), so a Gram assembled in one triangle
/// by syrk needs no mirroring. Eigenvalues are ascending; eigenvector `i` is column `i` of
/// ``eigenvectors``.
///
/// Inputs are checked before LAPACK sees them: a non-square matrix, NaN/±∞ entries, or a size whose `n²`
/// overflows 32-bit LAPACK indexing is refused with a ``LinearAlgebraError`` naming the problem.
///
/// Complexity: O(n³) flops; `dsyevd` (divide and conquer) for the full spectrum, `dsyevr` (MRRR) for
/// an index range, which costs the tridiagonal reduction plus O(n·k) for k eigenpairs.
public struct SymmetricEigen: Sendable {
  /// The eigenvalues in ascending order.
  public let eigenvalues: [Double]
  /// Orthonormal eigenvectors as columns (present when requested).
  public let eigenvectors: Matrix?
  /// The 0-based index, in the full ascending spectrum, of `eigenvalues[0]`.
  public let firstIndex: Int

  /// The full spectrum of the symmetric matrix `a` (LAPACK `dsyevd`).
  ///
  /// - Parameters:
  ///   - a: a square matrix; only `triangle` is read.
  ///   - vectors: also compute the eigenvectors.
  ///   - triangle: which triangle holds the matrix.
  /// - Throws: ``LinearAlgebraError`` (`.dimensionMismatch`, `.nonFinite`, `.sizeTooLarge`, `.noConvergence`).
  public init(_ a: Matrix, vectors: Bool = false, triangle: Triangle = .lower) throws(LinearAlgebraError) {
    try Self.validate(a, triangle: triangle)
    var work = a
    let w = try LAPACK.dsyevd(&work, vectors: vectors, triangle: triangle)
    eigenvalues = w
    eigenvectors = vectors ? work : nil
    firstIndex = 0
  }

  /// The eigenvalues with 0-based ascending indices in `indices` (LAPACK `dsyevr`).
  ///
  /// - Throws: `.invalidInput` for an empty or out-of-range index range, and the errors of ``init(_:vectors:triangle:)``.
  public init(_ a: Matrix, indices: Range<Int>, vectors: Bool = false, triangle: Triangle = .lower)
    throws(LinearAlgebraError)
  {
    try Self.validate(a, triangle: triangle)
    guard !indices.isEmpty, indices.lowerBound >= 0, indices.upperBound <= a.rows else {
      throw LinearAlgebraError(
        .invalidInput, "eigenvalue index range \(indices) is empty or outside 0..<\(a.rows)")
    }
    var work = a
    let r = try LAPACK.dsyevr(
      &work, vectors: vectors, triangle: triangle, lowerIndex: indices.lowerBound + 1,
      upperIndex: indices.upperBound)
    eigenvalues = r.values
    eigenvectors = r.vectors
    firstIndex = indices.lowerBound
  }

  /// The `k` largest eigenvalues (ascending, so the largest is last) and optionally their eigenvectors.
  ///
  /// - Throws: `.invalidInput` when `k` is not in `1…n`.
  public static func top(_ k: Int, of a: Matrix, vectors: Bool = false, triangle: Triangle = .lower)
    throws(LinearAlgebraError) -> SymmetricEigen
  {
    guard k >= 1, k <= a.rows else {
      throw LinearAlgebraError(.invalidInput, "top-k needs 1 ≤ k ≤ n = \(a.rows), got k = \(k)")
    }
    return try SymmetricEigen(a, indices: (a.rows - k)..<a.rows, vectors: vectors, triangle: triangle)
  }

  static func validate(_ a: Matrix, triangle: Triangle) throws(LinearAlgebraError) {
    guard a.isSquare else {
      throw LinearAlgebraError(
        .dimensionMismatch, "eigen-decomposition needs a square matrix, got \(a.rows)×\(a.columns)")
    }
    try LAPACK.checkIndexable(a.rows, routine: "symmetric eigen-solver")
    let n = a.rows
    for j in 0..<n {
      let range = triangle == .lower ? j..<n : 0..<(j + 1)
      for i in range where !a[i, j].isFinite {
        throw LinearAlgebraError(
          .nonFinite, "matrix entry (\(i), \(j)) is \(a[i, j]); eigen-decomposition refuses NaN/Inf")
      }
    }
  }
}
