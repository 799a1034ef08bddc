// Thin wrappers of the two stages of LAPACK's tridiagonal reduction (dense → band → tridiagonal) and of
// the values-only tridiagonal eigensolver, called by their Fortran symbols (LAPACKE wraps neither stage).
internal import CLAPACKE

/// A symmetric band matrix in LAPACK's lower band storage: `(bandwidth + 1) × n`, column-major, with
/// `A[i, j]` (j ≤ i ≤ j + bandwidth) at row `i − j` of column `j`.
struct LowerBand {
  /// The order n.
  let order: Int
  /// The half-bandwidth kd.
  let bandwidth: Int
  /// `(bandwidth + 1) · order` entries.
  var elements: [Double]

  /// The leading dimension, `bandwidth + 1`.
  var leadingDimension: Int { bandwidth + 1 }
}

extension LAPACK {
  /// The half-bandwidth LAPACK's own tuning picks for stage 1 at order `n`
  /// (`ILAENV2STAGE(1, 'DSYTRD_2STAGE', 'N', n, …)`, which `dsyevd_2stage` uses too).
  static func twoStageBandwidth(n: Int) -> Int {
    var ispec: Int32 = 1
    var order = Int32(n)
    var none: Int32 = -1
    let kd = ilaenv2stage_(&ispec, "DSYTRD_2STAGE", "N", &order, &none, &none, &none, 13, 1)
    return max(1, min(Int(kd), max(1, n - 1)))
  }

  /// The doubles of workspace `dsytrd_sy2sb` asks for at order `n` and half-bandwidth `kd` (its own query).
  static func bandReductionWorkspace(n: Int, bandwidth kd: Int) -> Int {
    guard n > 0 else { return 1 }
    var order = Int32(n)
    var half = Int32(kd)
    var lda = Int32(max(1, n))
    var ldab = Int32(kd + 1)
    var query = 0.0
    var lwork: Int32 = -1
    var info: Int32 = 0
    dsytrd_sy2sb_("L", &order, &half, nil, &lda, nil, &ldab, nil, &query, &lwork, &info, 1)
    precondition(info == 0, "dsytrd_sy2sb workspace query: argument \(-info) illegal (library bug)")
    return max(1, Int(query.rounded(.up)))
  }

  /// Stage 1: reduces the symmetric matrix whose lower triangle is in `a` to a band of half-bandwidth `kd`
  /// by orthogonal similarity (dsytrd_sy2sb; blocked Householder QR of each panel, BLAS-3 trailing
  /// updates). `a` is destroyed.
  static func reduceToBand(_ a: inout Matrix, bandwidth kd: Int) -> LowerBand {
    let n = a.rows
    var band = LowerBand(
      order: n, bandwidth: kd, elements: [Double](repeating: 0, count: (kd + 1) * max(n, 1)))
    guard n > 0 else { return band }
    var tau = [Double](repeating: 0, count: n)
    var work = [Double](repeating: 0, count: bandReductionWorkspace(n: n, bandwidth: kd))
    var order = Int32(n)
    var half = Int32(kd)
    var lda = Int32(n)
    var ldab = Int32(kd + 1)
    var lwork = Int32(work.count)
    var info: Int32 = 0
    a.elements.withUnsafeMutableBufferPointer { pa in
      band.elements.withUnsafeMutableBufferPointer { pb in
        dsytrd_sy2sb_(
          "L", &order, &half, pa.baseAddress, &lda, pb.baseAddress, &ldab, &tau, &work, &lwork, &info, 1)
      }
    }
    precondition(info == 0, "dsytrd_sy2sb: argument \(-info) illegal (library bug)")
    return band
  }

  /// Stage 2, LAPACK's sequential driver (dsytrd_sb2st): the diagonal and off-diagonal of the symmetric
  /// tridiagonal matrix orthogonally similar to `band`. The reference ``BulgeChasing`` is tested against.
  static func tridiagonalSequential(_ band: LowerBand) -> (diagonal: [Double], offDiagonal: [Double]) {
    let n = band.order
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: max(n - 1, 1))
    guard n > 0 else { return ([], []) }
    var ab = band.elements
    var order = Int32(n)
    var kd = Int32(band.bandwidth)
    var ldab = Int32(band.leadingDimension)
    var hQuery = 0.0
    var wQuery = 0.0
    var minusOne: Int32 = -1
    var minusOneToo: Int32 = -1
    var info: Int32 = 0
    dsytrd_sb2st_(
      "N", "N", "L", &order, &kd, &ab, &ldab, &d, &e, &hQuery, &minusOne, &wQuery, &minusOneToo, &info, 1, 1,
      1)
    precondition(info == 0, "dsytrd_sb2st workspace query: argument \(-info) illegal (library bug)")
    var hous = [Double](repeating: 0, count: max(1, Int(hQuery.rounded(.up))))
    var work = [Double](repeating: 0, count: max(1, Int(wQuery.rounded(.up))))
    var lhous = Int32(hous.count)
    var lwork = Int32(work.count)
    dsytrd_sb2st_(
      "N", "N", "L", &order, &kd, &ab, &ldab, &d, &e, &hous, &lhous, &work, &lwork, &info, 1, 1, 1)
    precondition(info == 0, "dsytrd_sb2st: argument \(-info) illegal (library bug)")
    return (d, Array(e.prefix(n - 1)))
  }

  /// All eigenvalues (ascending) of the symmetric tridiagonal matrix with `diagonal` and `offDiagonal`,
  /// values only (dsterf: Pal–Walker–Kahan QL/QR without square roots).
  static func dsterf(diagonal: [Double], offDiagonal: [Double]) throws(LinearAlgebraError) -> [Double] {
    let n = diagonal.count
    guard n > 1 else { return diagonal }
    precondition(offDiagonal.count == n - 1, "dsterf: off-diagonal needs n − 1 = \(n - 1) entries")
    var d = diagonal
    var e = offDiagonal
    let info = LAPACKE_dsterf(clapacke_int(n), &d, &e)
    try decode(info, routine: "dsterf")
    return d
  }
}
