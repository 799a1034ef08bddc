// All eigenvalues of a dense symmetric matrix by LAPACK's two-stage tridiagonal reduction.

extension SymmetricEigen {
  /// All eigenvalues (ascending) of the symmetric matrix `a` by `dsyevd_2stage`: dense → band
  /// (BLAS-3) → tridiagonal (bulge chasing), then divide and conquer. Values only: LAPACK implements
  /// the two-stage drivers for `JOBZ = 'N'` only.
  ///
  /// Source: Haidar, Ltaief & Dongarra, SC'11 (two-stage tridiagonal reduction); LAPACK 3.7 `dsyevd_2stage`.
  ///
  /// Complexity: `(4/3)·n³` flops like `dsyevd`, but most of them in BLAS-3 rather than the `dsytrd`
  /// half-BLAS-2 reduction, which is what can make it faster for large `n`.
  /// - Throws: as ``init(_:vectors:triangle:)``.
  public static func eigenvaluesTwoStage(_ a: Matrix, triangle: Triangle = .lower) throws(LinearAlgebraError)
    -> [Double]
  {
    try validate(a, triangle: triangle)
    var work = a
    return try LAPACK.dsyevd2stage(&work, triangle: triangle)
  }
}

extension SymmetricEigen {
  /// The order from which ``allEigenvalues(_:triangle:twoStageFrom:)`` takes the two-stage driver.
  ///
  /// Measured with `spectra-bench blas` (2 threads, OpenBLAS 0.3.21, Xeon AVX-512, 2026-11-30):
  /// `dsyevd_2stage` 0.524 s against `dsyevd` 0.394 s at n = 2 000, 4.63 s against 5.29 s at n = 5 000.
  /// A fixed order, not a timing, so that one size always takes one driver and gives the same bits.
  public static let twoStageOrder = 4_000

  /// All eigenvalues (ascending) of the symmetric matrix `a`, values only, by the faster driver for its
  /// order: ``eigenvaluesTwoStage(_:triangle:)`` from `twoStageFrom` on, `dsyevd` below.
  /// Both agree to rounding (`TwoStageEigenTests`).
  ///
  /// - Parameters:
  ///   - a: the symmetric matrix; only `triangle` is read.
  ///   - triangle: the triangle that holds the matrix.
  ///   - twoStageFrom: the smallest order that takes the two-stage driver.
  /// - Throws: as ``init(_:vectors:triangle:)``.
  public static func allEigenvalues(
    _ a: Matrix, triangle: Triangle = .lower, twoStageFrom: Int = twoStageOrder
  ) throws(LinearAlgebraError) -> [Double] {
    a.rows >= twoStageFrom
      ? try eigenvaluesTwoStage(a, triangle: triangle)
      : try SymmetricEigen(a, triangle: triangle).eigenvalues
  }

  /// The doubles of LAPACK workspace that ``allEigenvalues(_:triangle:twoStageFrom:)`` allocates
  /// at order `n` beside its copy of the matrix: `dsyevd_2stage`'s own workspace query (work plus its
  /// integer workspace, rounded up to doubles) from `twoStageFrom` on, and `dsyevd`'s optimal
  /// `2n + 1 + 64·n` plus `(3 + 5n)` integers below.
  ///
  /// - Parameters:
  ///   - n: the order.
  ///   - twoStageFrom: the smallest order that takes the two-stage driver.
  /// - Throws: ``LinearAlgebraError`` when `n²` overflows LAPACK's 32-bit indexing.
  public static func valuesWorkspaceDoubles(n: Int, twoStageFrom: Int = twoStageOrder)
    throws(LinearAlgebraError)
    -> Int
  {
    guard n >= twoStageFrom else { return 66 * n + 1 + (3 + 5 * n + 1) / 2 }
    let query = try LAPACK.dsyevd2stageWorkspace(n: n)
    return query.doubles + (query.integers + 1) / 2
  }
}
