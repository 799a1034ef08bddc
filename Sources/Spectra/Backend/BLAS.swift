// Thin, typed wrappers of the CBLAS routines the toolkit uses (bound to OpenBLAS). All pointer code
// for BLAS lives here.
internal import COpenBLAS

/// Which triangle of a symmetric matrix is stored or read.
public enum Triangle: Sendable {
  /// The upper triangle (`i ≤ j`).
  case upper
  /// The lower triangle (`i ≥ j`).
  case lower

  var cblas: CBLAS_UPLO { self == .upper ? CblasUpper : CblasLower }
  var lapack: Int8 { self == .upper ? Int8(UInt8(ascii: "U")) : Int8(UInt8(ascii: "L")) }
}

/// The CBLAS routines, one function each, column-major throughout.
enum BLAS {
  private static func op(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

  /// `C ← α·op(A)·op(B) + β·C` (dgemm). Shapes are checked by the caller.
  static func dgemm(
    transposeA: Bool, transposeB: Bool, alpha: Double, _ a: Matrix, _ b: Matrix, beta: Double,
    _ c: inout Matrix
  ) {
    let m = Int32(c.rows)
    let n = Int32(c.columns)
    let k = Int32(transposeA ? a.rows : a.columns)
    guard m > 0, n > 0 else { return }
    a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        c.elements.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, op(transposeA), op(transposeB), m, n, k, alpha, pa.baseAddress,
            Int32(max(1, a.rows)), pb.baseAddress, Int32(max(1, b.rows)), beta, pc.baseAddress,
            Int32(max(1, c.rows)))
        }
      }
    }
  }

  /// `C ← α·A[rows, :]·op(B) + β·C` (dgemm on a contiguous band of A's rows, in place: no copy of the band).
  /// Shapes are checked by the caller.
  static func dgemm(
    rows: Range<Int>, of a: Matrix, transposeB: Bool, alpha: Double, _ b: Matrix, beta: Double,
    _ c: inout Matrix
  ) {
    let m = Int32(rows.count)
    let n = Int32(c.columns)
    let k = Int32(a.columns)
    guard m > 0, n > 0 else { return }
    a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        c.elements.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasColMajor, CblasNoTrans, op(transposeB), m, n, k, alpha, pa.baseAddress! + rows.lowerBound,
            Int32(max(1, a.rows)), pb.baseAddress, Int32(max(1, b.rows)), beta, pc.baseAddress,
            Int32(max(1, c.rows)))
        }
      }
    }
  }

  /// One triangle of `C ← α·A·Aᵀ + β·C` (`transpose == false`) or `C ← α·Aᵀ·A + β·C` (dsyrk).
  static func dsyrk(
    triangle: Triangle, transpose: Bool, alpha: Double, _ a: Matrix, beta: Double, _ c: inout Matrix
  ) {
    let n = Int32(c.rows)
    let k = Int32(transpose ? a.rows : a.columns)
    guard n > 0 else { return }
    a.elements.withUnsafeBufferPointer { pa in
      c.elements.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasColMajor, triangle.cblas, op(transpose), n, k, alpha, pa.baseAddress,
          Int32(max(1, a.rows)), beta, pc.baseAddress, Int32(max(1, c.rows)))
      }
    }
  }

  /// `y ← α·x + y` over raw element arrays of equal length (daxpy).
  static func daxpy(alpha: Double, _ x: [Double], _ y: inout [Double]) {
    precondition(x.count == y.count)
    guard !x.isEmpty else { return }
    x.withUnsafeBufferPointer { px in
      y.withUnsafeMutableBufferPointer { py in
        cblas_daxpy(Int32(px.count), alpha, px.baseAddress, 1, py.baseAddress, 1)
      }
    }
  }

  /// `x ← α·x` (dscal).
  static func dscal(alpha: Double, _ x: inout [Double]) {
    guard !x.isEmpty else { return }
    x.withUnsafeMutableBufferPointer { px in
      cblas_dscal(Int32(px.count), alpha, px.baseAddress, 1)
    }
  }

  /// `xᵀy` (ddot).
  static func ddot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count)
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { px in
      y.withUnsafeBufferPointer { py in cblas_ddot(Int32(px.count), px.baseAddress, 1, py.baseAddress, 1) }
    }
  }

  /// `‖x‖₂` (dnrm2).
  static func dnrm2(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { px in cblas_dnrm2(Int32(px.count), px.baseAddress, 1) }
  }
}

/// The number of threads OpenBLAS uses, recorded in every output so any number can be regenerated.
public enum BLASThreads {
  /// The current OpenBLAS thread count.
  public static var count: Int { Int(openblas_get_num_threads()) }

  /// Sets the OpenBLAS thread count (the Debian pthread build honours it).
  public static func set(_ n: Int) {
    precondition(n >= 1, "thread count must be positive, got \(n)")
    openblas_set_num_threads(Int32(n))
  }

  /// OpenBLAS's build configuration string (e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH ... Haswell MAX_THREADS=64`).
  public static var configuration: String {
    guard let p = openblas_get_config() else { return "unknown" }
    return String(cString: p)
  }

  /// The CPU kernel OpenBLAS selected (e.g. `Haswell`).
  public static var coreName: String {
    guard let p = openblas_get_corename() else { return "unknown" }
    return String(cString: p)
  }
}
