// From the dual to the operator: eigen-solves, the D eigenvalues that belong to the operator, numerical zeros,
// health, and whether the mean-field theory applies.
import Spectra

extension MetricDual {
  /// The dual's size C′·N.
  public var size: Int { blocks * samples }

  /// All dual eigenvalues, ascending (LAPACK `dsyevd`; the two-stage reduction from C′N = 2 000 on,
  /// where it is faster: `SymmetricEigen.allEigenvalues`).
  ///
  /// - Throws: `LinearAlgebraError` when the eigen-solver fails or the dual is not finite;
  ///   `.invalidInput` for a matrix-free dual (use ``MatrixFreeSpectrum``).
  public func eigenvalues() throws(LinearAlgebraError) -> [Double] {
    switch representation {
    case .gram(let g): return try SymmetricEigen.allEigenvalues(g)
    case .matrixFree: throw Self.denseOnly("all eigenvalues")
    }
  }

  /// The `k` largest eigenpairs (LAPACK `dsyevr`), eigenvectors as columns when `vectors`.
  ///
  /// - Throws: `LinearAlgebraError` when the eigen-solver fails; `.invalidInput` for a matrix-free dual
  ///   (use `BlockLanczos` on ``MetricOperator``, or ``MatrixFreeSpectrum``).
  public func top(_ k: Int, vectors: Bool = false) throws(LinearAlgebraError) -> SymmetricEigen {
    switch representation {
    case .gram(let g): return try SymmetricEigen.top(k, of: g, vectors: vectors)
    case .matrixFree: throw Self.denseOnly("a dense top-k eigen-solve")
    }
  }

  /// `trace(dual) = D·m` (matrix-free: ``MetricOperator/exactTrace()``, one reverse sweep).
  public var trace: Double {
    switch representation {
    case .gram(let g): return g.trace
    case .matrixFree(let op): return op.exactTrace()
    }
  }

  /// Symmetry, λ_min, rank (against ``maximumRank``) and trace checks, given the dual's eigenvalues.
  ///
  /// - Throws: `LinearAlgebraError` when the eigenvalues do not match the dual's size; `.invalidInput`
  ///   for a matrix-free dual (it has no full spectrum to check).
  public func health(eigenvalues: [Double]) throws(LinearAlgebraError) -> SpectralHealth {
    switch representation {
    case .gram(let g):
      return try SpectralHealth(matrix: g, eigenvalues: eigenvalues, maximumRank: maximumRank)
    case .matrixFree: throw Self.denseOnly("the health report of a full spectrum")
    }
  }

  /// The error of a dense-only computation asked of a matrix-free dual.
  private static func denseOnly(_ what: String) -> LinearAlgebraError {
    LinearAlgebraError(
      .invalidInput,
      "\(what) needs the dense dual; this one is matrix-free (use MatrixFreeSpectrum: block Lanczos, SLQ, exact moments)"
    )
  }

  /// The eigenvalues of the operator that the dual eigenvalues `dual` (ascending) carry: the D largest when
  /// the dual is larger than the operator, all of them otherwise.
  public func operatorEigenvalues(_ dual: [Double]) -> [Double] {
    Self.operatorEigenvalues(dual, dimension: dimension)
  }

  /// The operator's nonzero-carrying eigenvalues and its exact zeros beyond them, for dual eigenvalues
  /// `dual` of an operator of dimension `dimension`:
  ///
  /// ```
  /// C′N > D:  the D largest of `dual`, no extra zeros      C′N ≤ D:  all of `dual`, D − C′N exact zeros
  /// ```
  public static func operatorEigenvalues(_ dual: [Double], dimension: Int) -> [Double] {
    dual.count > dimension ? Array(dual.sorted().suffix(dimension)) : dual
  }

  /// The threshold at or below which an eigenvalue is a numerical zero: ``relativeZeroTolerance`` · λ_max
  /// (0 when λ_max ≤ 0).
  public static func zeroThreshold(largest: Double) -> Double {
    relativeZeroTolerance * max(largest, 0)
  }

  /// Whether the mean-field theory has predictions for a network of depth `depth`: it needs at least one
  /// hidden layer (L ≥ 2). Source: shared/science/karakida.md §2.
  public static func theoryApplies(depth: Int) -> Bool { depth >= 2 }

  /// Why there is no theory when ``theoryApplies(depth:)`` is false.
  public static let noTheoryReason = "the mean-field theory needs at least one hidden layer (depth ≥ 2)"
}
