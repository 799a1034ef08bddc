// Plain, unwrapped CBLAS/LAPACKE calls on raw arrays: the reference the benchmark sets our wrappers against.
internal import CLAPACKE
internal import COpenBLAS

/// Direct `cblas_dgemm` and `LAPACKE_dsyevd` calls on plain column-major arrays, with no validation,
/// no `Matrix` and no allocation beyond what the routine itself does.
///
/// These exist only so that `spectra-bench` can time the library's wrappers (``Matrix/multiplyAdd(_:transposingA:_:transposingB:alpha:beta:into:)``,
/// ``SymmetricEigen``) against the bare routine in the same process: the ratio is the wrapper's
/// overhead. Do not use them in numerical code; they check nothing.
public enum RawBaselines {
  /// `C ← A·B` for column-major `n × n` arrays by one bare `cblas_dgemm` call.
  ///
  /// ```
  /// C = 1·A·B + 0·C        (CblasColMajor, NoTrans, NoTrans, lda = ldb = ldc = n)
  /// ```
  ///
  /// - Parameters:
  ///   - a: `n²` entries of `A`, column-major.
  ///   - b: `n²` entries of `B`, column-major.
  ///   - c: `n²` entries, overwritten by the product.
  ///   - n: the order of the matrices.
  /// - Precondition: all three arrays hold `n²` entries.
  /// - Complexity: 2·n³ flops.
  public static func dgemm(_ a: [Double], _ b: [Double], into c: inout [Double], n: Int) {
    precondition(
      a.count == n * n && b.count == n * n && c.count == n * n, "dgemm: arrays must hold n² entries")
    let n32 = Int32(n)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, CblasNoTrans, CblasNoTrans, n32, n32, n32, 1, pa.baseAddress, n32,
            pb.baseAddress, n32, 0, pc.baseAddress, n32)
        }
      }
    }
  }

  /// All eigenvalues (ascending) of the symmetric `n × n` matrix in `a` (lower triangle read) by one bare
  /// `LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'N', 'L', …)` call; `a` is destroyed.
  ///
  /// - Parameters:
  ///   - a: `n²` entries, column-major; overwritten by LAPACK.
  ///   - n: the order of the matrix.
  /// - Returns: the eigenvalues and LAPACK's INFO (0 on success).
  /// - Precondition: `a` holds `n²` entries.
  /// - Complexity: about (4/3)·n³ flops for the tridiagonal reduction.
  public static func dsyevd(_ a: inout [Double], n: Int) -> (eigenvalues: [Double], info: Int) {
    precondition(a.count == n * n, "dsyevd: the array must hold n² entries")
    var w = [Double](repeating: 0, count: n)
    let info = a.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        LAPACKE_dsyevd(
          102, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")), clapacke_int(n), pa.baseAddress,
          clapacke_int(n), pw.baseAddress)
      }
    }
    return (w, Int(info))
  }
}
