// The thin wrapper of ScaLAPACK's symmetric eigensolver: a BLACS grid and PDSYEVR. Every unsafe call here.
import CScaLAPACK
import Spectra

/// All eigenvalues of a symmetric n × n matrix distributed block-cyclically over a `P_r × P_c` BLACS grid
/// (blocks nb × nb, first block on process (0, 0), lower triangle referenced), by ScaLAPACK's `PDSYEVR`
/// (JOBZ = 'N': Householder tridiagonalisation PDSYTRD, then MRRR on the tridiagonal; no eigenvectors).
///
/// ```
/// Cblacs_get(−1, 0) → Cblacs_gridinit("Row", P_r, P_c) → DESCINIT(n, n, nb, nb, 0, 0, ctxt, lld)
/// PDSYEVR('N', 'A', 'L', n, A, 1, 1, DESCA, …, W, …)   (workspace from a query with LWORK = LIWORK = −1)
/// ```
/// Every rank of MPI_COMM_WORLD must call it (it is collective) and receives all n eigenvalues, ascending.
/// Source: the ScaLAPACK Users' Guide §3.1 (BLACS grids), §4.3 (array descriptors), and PDSYEVR's
/// documentation (ScaLAPACK 2.2).
public enum ScaLAPACKEigenvalues {
  /// This process's place on a BLACS grid of `rows × columns` processes (row-major order).
  public struct Grid: Sendable {
    let context: Int32
    /// P_r.
    public let rows: Int
    /// P_c.
    public let columns: Int
    /// This process's row p.
    public let row: Int
    /// This process's column q.
    public let column: Int
  }

  /// Runs `body` on a new `rows × columns` BLACS grid (row-major: rank r is at (r / P_c, r mod P_c)),
  /// released afterwards. Collective on MPI_COMM_WORLD, whose size must be `rows·columns`.
  public static func withGrid<T>(rows: Int, columns: Int, _ body: (Grid) throws -> T) rethrows -> T {
    var context: Int32 = 0
    Cblacs_get(-1, 0, &context)
    Cblacs_gridinit(&context, "Row", Int32(rows), Int32(columns))
    var (pr, pc, p, q): (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
    Cblacs_gridinfo(context, &pr, &pc, &p, &q)
    defer { Cblacs_gridexit(context) }
    return try body(Grid(context: context, rows: Int(pr), columns: Int(pc), row: Int(p), column: Int(q)))
  }

  /// NUMROC: the rows of an n-row matrix in blocks of nb that process `index` of `count` holds.
  public static func localCount(_ n: Int, blockSize nb: Int, index: Int, count: Int) -> Int {
    var (n32, nb32, i32, zero, c32) = (Int32(n), Int32(nb), Int32(index), Int32(0), Int32(count))
    return Int(numroc_(&n32, &nb32, &i32, &zero, &c32))
  }

  /// The doubles and integers of PDSYEVR's workspace on this process (its query, LWORK = −1).
  ///
  /// - Throws: `LinearAlgebraError` when the query fails (INFO ≠ 0, naming it).
  public static func workspace(size n: Int, blockSize nb: Int, grid: Grid) throws(LinearAlgebraError)
    -> (doubles: Int, integers: Int)
  {
    var local = [Double](repeating: 0, count: 1)
    let query = try call(&local, size: n, blockSize: nb, grid: grid, work: nil)
    return (query.doubles, query.integers)
  }

  /// All eigenvalues (ascending, on every process) of the matrix whose local block-cyclic part is `local`
  /// (NUMROC(n, nb, p, 0, P_r) × NUMROC(n, nb, q, 0, P_c), column-major). `local` is overwritten.
  ///
  /// - Throws: `LinearAlgebraError` for a local part of the wrong shape, or PDSYEVR's INFO ≠ 0.
  public static func eigenvalues(of local: inout Matrix, size n: Int, blockSize nb: Int, grid: Grid)
    throws(LinearAlgebraError) -> [Double]
  {
    let rows = localCount(n, blockSize: nb, index: grid.row, count: grid.rows)
    let columns = localCount(n, blockSize: nb, index: grid.column, count: grid.columns)
    guard local.rows == rows, local.columns == columns else {
      throw LinearAlgebraError(
        .dimensionMismatch,
        "process (\(grid.row), \(grid.column)) holds \(rows) × \(columns) of the \(n) × \(n) matrix, the local part is \(local.rows) × \(local.columns)"
      )
    }
    let sizes = try workspace(size: n, blockSize: nb, grid: grid)
    var a = local.elements.isEmpty ? [0] : local.elements  // a valid address where nothing is held
    local = Matrix(rows: 0, columns: 0)  // the caller's copy goes: PDSYEVR destroys A anyway
    return try call(&a, size: n, blockSize: nb, grid: grid, work: sizes).eigenvalues
  }

  /// One PDSYEVR call: a workspace query when `work` is nil (LWORK, LIWORK), else the solve (the
  /// eigenvalues).
  private static func call(
    _ a: inout [Double], size n: Int, blockSize nb: Int, grid: Grid, work: (doubles: Int, integers: Int)?
  ) throws(LinearAlgebraError) -> (doubles: Int, integers: Int, eigenvalues: [Double]) {
    let rows = localCount(n, blockSize: nb, index: grid.row, count: grid.rows)
    var desc = [Int32](repeating: 0, count: 9)
    var (n32, nb32, zero, one) = (Int32(n), Int32(nb), Int32(0), Int32(1))
    var lld = Int32(max(1, rows))
    var context = grid.context
    var info: Int32 = 0
    descinit_(&desc, &n32, &n32, &nb32, &nb32, &zero, &zero, &context, &lld, &info)
    guard info == 0 else {
      throw LinearAlgebraError(.invalidInput, "DESCINIT: argument \(-info) is invalid (n = \(n), nb = \(nb))")
    }
    var (vl, vu) = (0.0, 0.0)
    var (found, foundVectors): (Int32, Int32) = (0, 0)
    var z = [Double](repeating: 0, count: 1)
    var values = [Double](repeating: 0, count: max(n, 1))
    var lwork = Int32(work.map { $0.doubles } ?? -1)
    var liwork = Int32(work.map { $0.integers } ?? -1)
    var doubles = [Double](repeating: 0, count: max(1, Int(lwork)))
    var integers = [Int32](repeating: 0, count: max(1, Int(liwork)))
    pdsyevr_(
      "N", "A", "L", &n32, &a, &one, &one, desc, &vl, &vu, &one, &one, &found, &foundVectors, &values, &z,
      &one, &one, desc, &doubles, &lwork, &integers, &liwork, &info, 1, 1, 1)
    guard info == 0 else {
      throw LinearAlgebraError(
        info < 0 ? .library : .noConvergence,
        "PDSYEVR: INFO = \(info) (\(info < 0 ? "argument \(-info) is invalid" : "the eigensolver failed"))")
    }
    guard let work else { return (Int(doubles[0].rounded(.up)), Int(integers[0]), []) }
    guard found == n32 else {
      throw LinearAlgebraError(.noConvergence, "PDSYEVR found \(found) of \(n) eigenvalues")
    }
    return (work.doubles, work.integers, Array(values.prefix(n)))
  }
}
