// The one abstraction the matrix-free algorithms need: a symmetric linear map applied to a block.

/// A real symmetric linear operator `A: ℝⁿ → ℝⁿ`, known only through its action on blocks of vectors.
///
/// The matrix-free algorithms (``BlockLanczos``, ``StochasticLanczosQuadrature``, ``TraceEstimation``)
/// need nothing else: the Fisher information, a Hessian or a kernel can be applied as `A·V` without
/// ever being formed. Products are asked for whole blocks (`n × b`), so an implementation can use
/// BLAS-3 (one gemm per layer instead of `b` gemv).
///
/// Conformers promise symmetry (`xᵀ(Ay) = (Ax)ᵀy`); the algorithms do not check it.
public protocol SymmetricOperator {
  /// `n`, the dimension of the space the operator acts on.
  var dimension: Int { get }

  /// `A·V` for an `n × b` block `V` (any `b ≥ 1`); the result is `n × b`.
  ///
  /// - Throws: ``LinearAlgebraError`` when the product cannot be formed.
  func apply(_ block: Matrix) throws(LinearAlgebraError) -> Matrix
}

/// A dense symmetric matrix seen as a ``SymmetricOperator`` (tests, small problems, references).
public struct DenseSymmetricOperator: SymmetricOperator, Sendable {
  /// The matrix `A` (both triangles must hold it).
  public let matrix: Matrix

  /// The operator `V ↦ A·V`.
  ///
  /// - Throws: `.dimensionMismatch` for a non-square matrix; `.notSymmetric` when
  ///   `max |A_ij − A_ji| > 1e-12·max |A_ij|`.
  public init(_ matrix: Matrix) throws(LinearAlgebraError) {
    guard matrix.isSquare else {
      throw LinearAlgebraError(
        .dimensionMismatch, "a symmetric operator needs a square matrix, got \(matrix.rows)×\(matrix.columns)"
      )
    }
    let asymmetry = (matrix - matrix.transposed).maxAbs
    guard asymmetry <= 1e-12 * matrix.maxAbs else {
      throw LinearAlgebraError(.notSymmetric, "max |A_ij − A_ji| = \(asymmetry) exceeds 1e-12·max |A_ij|")
    }
    self.matrix = matrix
  }

  /// `n`.
  public var dimension: Int { matrix.rows }

  /// `A·V` by one dgemm.
  ///
  /// - Complexity: `2·n²·b` flops.
  public func apply(_ block: Matrix) throws(LinearAlgebraError) -> Matrix {
    try matrix.multiplied(by: block)
  }
}
