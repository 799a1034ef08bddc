// A symmetric operator whose vectors are split by rows across the ranks of a communicator.

/// A real symmetric operator `A: ℝⁿ → ℝⁿ` whose vectors are distributed by rows: rank r holds the rows
/// ``globalRows`` of every vector (its *local rows*, in that order) and ``apply(_:)`` maps the local rows
/// of a block `V` to the local rows of `A·V`, meeting the other ranks in ``communicator``'s collectives.
///
/// Every rank calls ``apply(_:)`` the same number of times with blocks of the same width. The union of
/// the ranks' ``globalRows`` is `0..<n`, without overlap.
public protocol DistributedSymmetricOperator {
  /// The group the vectors are split over.
  associatedtype Communicator: ReductionCommunicator
  /// `n`, the global dimension.
  var dimension: Int { get }
  /// The global index of each local row, in local order (n_r entries).
  var globalRows: [Int] { get }
  /// The communicator.
  var communicator: Communicator { get }
  /// The local rows of `A·V` for the local rows of `V` (n_r × b); collective.
  func apply(_ localBlock: Matrix) throws(LinearAlgebraError) -> Matrix
}

extension DistributedSymmetricOperator {
  /// n_r.
  public var localRowCount: Int { globalRows.count }
}
