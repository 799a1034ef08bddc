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
