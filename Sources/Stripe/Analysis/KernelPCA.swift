// Kernel PCA of a Gram matrix: eigenvalues, label projections, cumulative projection, top eigenvectors.
import Spectra

/// The eigen-decomposition of an (uncentred) Gram matrix against a label vector.
///
/// ```
/// K = Σ_λ λ φ_λ φ_λᵀ,  ‖φ_λ‖ = 1,  eigenvalues sorted in decreasing order
/// ω_λ = φ_λ·y                       (label projection; Σ_λ ω_λ² = ‖y‖² = p)
/// r(k) = Σ_{rank ≤ k} ω_λ² / ‖y‖²   (cumulative projection)
/// ```
/// Eigenvector signs are fixed so that the largest-magnitude component is positive.
///
/// Source: shared/science/stripe.md §4.2
public struct KernelPCA: Sendable {
  /// Eigenvalues in decreasing order.
  public let eigenvalues: [Double]
  /// Projections ω_λ = φ_λ·y, in the order of ``eigenvalues``.
  public let projections: [Double]
  /// Cumulative projection r(k), k = 1…p.
  public let cumulativeProjection: [Double]
  /// The top eigenvectors as columns (p × topCount), rank 1 first.
  public let topEigenvectors: Matrix
  /// ‖y‖².
  public let labelNormSquared: Double

  /// Decomposes `gram` (p × p, lower triangle read) against `labels`, keeping `topCount` eigenvectors.
  ///
  /// - Throws: `ConfigurationError` for mismatched sizes or an invalid `topCount`, or when the
  ///   eigen-solver fails (message includes the LAPACK error).
  /// - Complexity: O(p³) (LAPACK dsyevd with vectors), O(p²) memory.
  public init(gram: Matrix, labels y: [Double], topCount: Int = 3) throws(ConfigurationError) {
    guard gram.isSquare, gram.rows == y.count else {
      throw ConfigurationError(
        field: "gram", "need a p × p Gram for p = \(y.count) labels, got \(gram.rows)×\(gram.columns)")
    }
    guard topCount >= 1, topCount <= y.count else {
      throw ConfigurationError(
        field: "top", "number of eigenvectors must be in 1…\(y.count), got \(topCount)")
    }
    let eig: SymmetricEigen
    do { eig = try SymmetricEigen(gram, vectors: true) } catch {
      throw ConfigurationError(field: "gram", "eigen-decomposition failed: \(error)")
    }
    guard let v = eig.eigenvectors else {
      throw ConfigurationError(field: "gram", "eigen-solver returned no eigenvectors")
    }
    let p = y.count
    let order = Array((0..<p).reversed())
    eigenvalues = order.map { eig.eigenvalues[$0] }
    let ve = v.elements
    var proj = [Double](repeating: 0, count: p)
    var top = [Double](repeating: 0, count: p * topCount)
    for (rank, col) in order.enumerated() {
      let base = col * p
      var s = 0.0
      var largest = 0.0
      for i in 0..<p {
        s += ve[base + i] * y[i]
        if abs(ve[base + i]) > abs(largest) { largest = ve[base + i] }
      }
      let sign: Double = largest < 0 ? -1 : 1
      proj[rank] = sign * s
      if rank < topCount {
        for i in 0..<p { top[i + rank * p] = sign * ve[base + i] }
      }
    }
    projections = proj
    let norm2 = y.reduce(0) { $0 + $1 * $1 }
    labelNormSquared = norm2
    var cumulative = [Double](repeating: 0, count: p)
    var acc = 0.0
    for r in 0..<p {
      acc += proj[r] * proj[r]
      cumulative[r] = acc / norm2
    }
    cumulativeProjection = cumulative
    topEigenvectors = Matrix(rows: p, columns: topCount, exactColumnMajor: top)
  }

  /// The eigenvector of rank `rank` (0 = largest eigenvalue) among the kept top eigenvectors.
  public func eigenvector(rank: Int) -> [Double] { topEigenvectors.column(rank) }
}
