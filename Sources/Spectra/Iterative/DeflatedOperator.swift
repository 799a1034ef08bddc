// A symmetric operator with known eigenpairs removed: P·A·P on the orthogonal complement of their span.

/// `P·A·P` with `P = I − U·Uᵀ`: the operator `A` restricted to the orthogonal complement of the
/// orthonormal columns of `U` (typically eigenvectors of outliers found by ``BlockLanczos``).
///
/// When the columns of `U` are eigenvectors of `A`, the complement is invariant and `P·A·P` has the
/// eigenvalues of `A` with those `k` removed, plus `k` zeros on `span(U)`. Krylov methods started in
/// the complement (``StochasticLanczosQuadrature`` does so) never see those zeros.
///
/// Source: the deflation of Saad, *Numerical Methods for Large Eigenvalue Problems* (2011), §4.2.
public struct DeflatedOperator<Base: SymmetricOperator>: SymmetricOperator {
  /// The operator `A`.
  public let base: Base
  /// `U`, `n × k`, orthonormal columns spanning the removed subspace.
  public let removedBasis: Matrix

  /// `P·A·P` for `P = I − U·Uᵀ`.
  ///
  /// - Throws: `.dimensionMismatch` when `U` does not have `n` rows; `.invalidInput` when `UᵀU`
  ///   differs from `I` by more than `1e-8` in any entry.
  public init(_ base: Base, removing basis: Matrix) throws(LinearAlgebraError) {
    guard basis.rows == base.dimension else {
      throw LinearAlgebraError(
        .dimensionMismatch, "deflation basis has \(basis.rows) rows, operator dimension is \(base.dimension)")
    }
    let gram = try basis.multiplied(by: basis, transposingSelf: true)
    let defect = (gram - .identity(basis.columns)).maxAbs
    guard defect <= 1e-8 else {
      throw LinearAlgebraError(.invalidInput, "deflation basis is not orthonormal: max |UᵀU − I| = \(defect)")
    }
    self.base = base
    removedBasis = basis
  }

  /// `n`.
  public var dimension: Int { base.dimension }

  /// `P·A·P·V`.
  ///
  /// - Complexity: one block product of `A` plus `8·n·k·b` flops.
  public func apply(_ block: Matrix) throws(LinearAlgebraError) -> Matrix {
    try base.apply(block.projectedOut(removedBasis)).projectedOut(removedBasis)
  }
}
