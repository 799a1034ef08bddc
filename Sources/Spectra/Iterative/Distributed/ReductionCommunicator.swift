// The one seam between the distributed algorithms and a message-passing library: sums and broadcasts.

/// A group of `size` ranks that run the same program on different slices of the data and meet only in
/// collective reductions (the part of MPI the distributed solvers need).
///
/// ```
/// sumAll(x)        on every rank:  Σ_{r=0}^{R−1} x_r   (elementwise; every rank receives the same bits)
/// broadcast(x, 0)  on every rank:  x_0
/// ```
/// Every rank must call the collectives in the same order with buffers of the same length. The order of
/// the sum over ranks is the implementation's (``reductionOrder``) and must be a fixed function of the
/// rank count and the buffer length, so that a fixed R gives bitwise reproducible results.
///
/// Conformers: ``SerialCommunicator`` (R = 1), the in-process threaded fake of the tests, and the
/// `MPICommunicator` of the separate `MPI/` package (MPI_Allreduce, MPI_Bcast on MPI_COMM_WORLD).
public protocol ReductionCommunicator: Sendable {
  /// This rank, `0 ≤ rank < size`.
  var rank: Int { get }
  /// The number of ranks R.
  var size: Int { get }
  /// How the sum over ranks is ordered (recorded in run records).
  var reductionOrder: String { get }
  /// Replaces `values` by the elementwise sum over all ranks of `values`; every rank receives the
  /// identical result (no second buffer of the same size: the parameter-sized reductions need this).
  func sumAllInPlace(_ values: inout [Double])
  /// The `values` of rank `root`, on every rank (other ranks' `values` give only the length).
  func broadcast(_ values: [Double], root: Int) -> [Double]
  /// Returns when every rank has called it.
  func barrier()
}

extension ReductionCommunicator {
  /// The elementwise sum over all ranks of `values`; every rank receives the identical result.
  public func sumAll(_ values: [Double]) -> [Double] {
    var out = values
    sumAllInPlace(&out)
    return out
  }

  /// The sum over ranks of one number.
  public func sumAll(_ value: Double) -> Double { sumAll([value])[0] }

  /// The sum over ranks of a matrix's entries (every rank's matrix has the same shape).
  public func sumAll(_ m: Matrix) -> Matrix {
    Matrix(rows: m.rows, columns: m.columns, exactColumnMajor: sumAll(m.elements))
  }

  /// Rank `root`'s matrix on every rank (the shape must agree on every rank).
  public func broadcast(_ m: Matrix, root: Int) -> Matrix {
    Matrix(rows: m.rows, columns: m.columns, exactColumnMajor: broadcast(m.elements, root: root))
  }

  /// The half-open range of the `count` items (samples) that `rank` owns when they are split into R
  /// contiguous slices whose sizes differ by at most one (the first `count mod R` slices are longer).
  public func slice(of count: Int) -> Range<Int> { Self.slice(of: count, rank: rank, size: size) }

  /// ``slice(of:)`` for any rank.
  public static func slice(of count: Int, rank: Int, size: Int) -> Range<Int> {
    let base = count / size
    let extra = count % size
    let start = rank * base + min(rank, extra)
    return start..<(start + base + (rank < extra ? 1 : 0))
  }
}

/// The communicator of one process alone (R = 1): sums and broadcasts return their argument.
public struct SerialCommunicator: ReductionCommunicator {
  /// A one-rank group.
  public init() {}
  /// 0.
  public var rank: Int { 0 }
  /// 1.
  public var size: Int { 1 }
  /// Nothing is summed over ranks.
  public var reductionOrder: String { "serial (one rank, no reduction over ranks)" }
  /// Leaves `values` as they are.
  public func sumAllInPlace(_ values: inout [Double]) {}
  /// `values`.
  public func broadcast(_ values: [Double], root: Int) -> [Double] { values }
  /// Returns at once.
  public func barrier() {}
}
