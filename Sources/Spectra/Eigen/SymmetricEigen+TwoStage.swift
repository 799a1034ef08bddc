// All eigenvalues of a dense symmetric matrix by the two-stage tridiagonal reduction, its second stage
// pipelined over threads.

extension SymmetricEigen {
  /// All eigenvalues (ascending) of the symmetric matrix `a`, values only, by the two-stage reduction:
  ///
  /// A = Q₁·B·Q₁ᵀ (dense → band of half-bandwidth kd, `dsytrd_sy2sb`, BLAS-3),
  /// B = Q₂·T·Q₂ᵀ (band → tridiagonal by bulge chasing, `BulgeChasing` on `threads` threads),
  /// eig(T) by `dsterf`,
  ///
  /// with kd from LAPACK's own tuning, and the matrix scaled into [√(safmin/ε), √(1/(safmin/ε))] first when
  /// its largest entry is outside, as `dsyevd_2stage` does. The bulge chasing gives the same bits for every
  /// thread count, so the eigenvalues do not depend on `threads` (stage 1 follows BLAS's thread count, as
  /// every BLAS-3 result here does). LAPACK's own `dsyevd_2stage` depends on `OPENBLAS_NUM_THREADS` in
  /// stage 2 as well: its kernels call a threaded `dsymv`.
  ///
  /// Source: Haidar, Ltaief & Dongarra, SC'11 (two-stage tridiagonal reduction); LAPACK 3.7
  /// `dsyevd_2stage`, `dsytrd_sy2sb`, `dsytrd_sb2st`.
  ///
  /// Complexity: `(4/3)·n³` flops in BLAS-3 for stage 1, `≈ 6·kd·n²` for stage 2, `O(n²)` for `dsterf`.
  /// Measured (`spectra-bench blas`, 2 threads, Xeon AVX-512): see `docs/metrics-benchmark.md`.
  /// - Parameters:
  ///   - a: the symmetric matrix; only `triangle` is read.
  ///   - triangle: the triangle that holds the matrix.
  ///   - threads: the threads of the bulge chasing (stage 1 uses BLAS's own threads).
  /// - Throws: as ``init(_:vectors:triangle:)``; `.noConvergence` from `dsterf`.
  public static func eigenvaluesTwoStage(
    _ a: Matrix, triangle: Triangle = .lower, threads: Int = BLASThreads.count
  ) throws(LinearAlgebraError) -> [Double] {
    try validate(a, triangle: triangle)
    let n = a.rows
    guard n > 1 else { return n == 1 ? [a[0, 0]] : [] }
    var lower = triangle == .lower ? a : a.transposed
    let scaling = OverflowScaling(largestEntry: lower.largestLowerEntry)
    if scaling.factor != 1 { lower.scaleLower(by: scaling.factor) }
    let band = LAPACK.reduceToBand(&lower, bandwidth: LAPACK.twoStageBandwidth(n: n))
    let (d, e) = BulgeChasing.tridiagonal(band, threads: threads)
    let values = try LAPACK.dsterf(diagonal: d, offDiagonal: e)
    return scaling.factor == 1 ? values : values.map { $0 / scaling.factor }
  }

  /// LAPACK's own values-only two-stage driver, `dsyevd_2stage` (sequential bulge chasing in a build
  /// without OpenMP). Kept as the reference ``eigenvaluesTwoStage(_:triangle:threads:)`` is compared with,
  /// in the tests and in `spectra-bench blas`.
  /// - Throws: as ``init(_:vectors:triangle:)``.
  public static func eigenvaluesLAPACKTwoStage(_ a: Matrix, triangle: Triangle = .lower)
    throws(LinearAlgebraError) -> [Double]
  {
    try validate(a, triangle: triangle)
    var work = a
    return try LAPACK.dsyevd2stage(&work, triangle: triangle)
  }
}

/// The scaling `dsyevd_2stage` applies before reducing: a factor σ that brings the largest entry into
/// [r_min, r_max] = [√(safmin/ε), √(ε/safmin)], so that no intermediate under- or overflows; σ = 1 when it is
/// inside already (or the matrix is zero). Eigenvalues of σ·A are divided by σ afterwards.
struct OverflowScaling {
  let factor: Double

  init(largestEntry anrm: Double) {
    let smallest = Double.leastNormalMagnitude / Double.ulpOfOne
    let rmin = smallest.squareRoot()
    let rmax = (1 / smallest).squareRoot()
    if anrm > 0 && anrm < rmin {
      factor = rmin / anrm
    } else if anrm > rmax {
      factor = rmax / anrm
    } else {
      factor = 1
    }
  }
}

extension Matrix {
  /// max |a_ij| over the lower triangle (j ≤ i).
  fileprivate var largestLowerEntry: Double {
    var largest = 0.0
    for j in 0..<columns {
      for i in j..<rows { largest = Swift.max(largest, abs(self[i, j])) }
    }
    return largest
  }

  /// Multiplies the lower triangle by `factor`.
  fileprivate mutating func scaleLower(by factor: Double) {
    for j in 0..<columns {
      for i in j..<rows { self[i, j] *= factor }
    }
  }
}

extension SymmetricEigen {
  /// The order from which ``allEigenvalues(_:triangle:twoStageFrom:)`` takes the two-stage reduction.
  ///
  /// A fixed order, not a timing, so that one size always takes one route and gives the same bits.
  /// Measured with `spectra-bench blas` (2 threads, OpenBLAS 0.3.21, Xeon AVX-512, 2026-12-01), best of
  /// runs, `dsyevd` against two-stage: 0.062 s against 0.076 s at n = 1 000 (`--quick`, an earlier build
  /// whose stage 2 called LAPACK's kernels); 0.441 s against 0.417 s at 2 000, 1.425 s against 1.081 s at
  /// 3 000, 6.26 s against 4.87 s at 5 000 (LAPACK's own
  /// `dsyevd_2stage` 0.644, 1.681, 5.37 s). See `docs/metrics-benchmark.md`.
  public static let twoStageOrder = 2_000

  /// The name of the route ``allEigenvalues(_:triangle:twoStageFrom:)`` takes at order `n`, as outputs
  /// record it: `dsyevd`, or `two-stage` (dsytrd_sy2sb, pipelined dsb2st kernels, dsterf).
  public static func valuesRoute(order n: Int, twoStageFrom: Int = twoStageOrder) -> String {
    n >= twoStageFrom ? "two-stage" : "dsyevd"
  }

  /// All eigenvalues (ascending) of the symmetric matrix `a`, values only, by the faster route for its
  /// order: ``eigenvaluesTwoStage(_:triangle:threads:)`` from `twoStageFrom` on, `dsyevd` below.
  /// Both agree to rounding (`TwoStageEigenTests`).
  ///
  /// - Parameters:
  ///   - a: the symmetric matrix; only `triangle` is read.
  ///   - triangle: the triangle that holds the matrix.
  ///   - twoStageFrom: the smallest order that takes the two-stage reduction.
  /// - Throws: as ``init(_:vectors:triangle:)``.
  public static func allEigenvalues(
    _ a: Matrix, triangle: Triangle = .lower, twoStageFrom: Int = twoStageOrder
  ) throws(LinearAlgebraError) -> [Double] {
    a.rows >= twoStageFrom
      ? try eigenvaluesTwoStage(a, triangle: triangle)
      : try SymmetricEigen(a, triangle: triangle).eigenvalues
  }

  /// The doubles of workspace that ``allEigenvalues(_:triangle:twoStageFrom:)`` allocates at order `n`
  /// beside its copy of the matrix. From `twoStageFrom` on: the band `(kd + 1)·n` and τ (n), stage 1's own
  /// workspace query, stage 2's working band `(2·kd + 1)·n`, Householder store `4n` and per-thread scratch
  /// `threads·(2·kd + 2)`, then `d`, `e` and `dsterf`'s copies (4n) and the result (n). Below it, `dsyevd`'s
  /// optimal `2n + 1 + 64·n` plus `(3 + 5n)` integers.
  ///
  /// - Parameters:
  ///   - n: the order.
  ///   - twoStageFrom: the smallest order that takes the two-stage reduction.
  ///   - threads: the threads of the bulge chasing.
  /// - Throws: ``LinearAlgebraError`` when `n²` overflows LAPACK's 32-bit indexing.
  public static func valuesWorkspaceDoubles(
    n: Int, twoStageFrom: Int = twoStageOrder, threads: Int = BLASThreads.count
  ) throws(LinearAlgebraError) -> Int {
    guard n >= twoStageFrom else { return 66 * n + 1 + (3 + 5 * n + 1) / 2 }
    try LAPACK.checkIndexable(n, routine: "two-stage tridiagonal reduction")
    let kd = LAPACK.twoStageBandwidth(n: n)
    let stage1 = (kd + 1) * n + n + LAPACK.bandReductionWorkspace(n: n, bandwidth: kd)
    let stage2 = (2 * kd + 1) * n + 4 * n + max(threads, 1) * (2 * kd + 2)
    return stage1 + stage2 + 5 * n
  }
}
