// m and s of a metric exactly at any size: trace and ‖dual‖_F² by streaming column panels of the dual.
import Spectra

/// The exact first two spectral moments of a metric, from its dual (convention 1: over all D eigenvalues).
///
/// ```
/// m = trace(dual)/D,   s = ‖dual‖_F²/D = Σλ²/D
/// ```
public struct ExactMoments: Sendable, Equatable, Codable {
  /// `trace(dual) = Σλ`.
  public let trace: Double
  /// `‖dual‖_F² = Σλ²`.
  public let frobeniusSquared: Double
  /// The operator dimension D.
  public let dimension: Int
  /// `m = trace/D`.
  public var mean: Double { trace / Double(dimension) }
  /// `s = ‖dual‖_F²/D`.
  public var secondMoment: Double { frobeniusSquared / Double(dimension) }
}

extension MetricOperator {
  /// `trace(dual)` and `‖dual‖_F²` exactly, streaming column panels of the dual and never holding more
  /// than one panel:
  ///
  /// ```
  /// dual·E_T = Rᵀ K′ R E_T / c,   R E_T = 𝒫X,  X = ℬ E_T      (T: all blocks of a chunk S of samples)
  /// K′ 𝒫 X   = K′[:, T]·X_T − (1/N)·(K′W)·(WᵀX)              (X is supported on the rows T)
  /// trace = Σ_T Σ_t (dual E_T)_{T_t, t},   ‖dual‖_F² = Σ_T ‖dual E_T‖_F²
  /// ```
  /// `K′[:, T]` comes from the layer-wise factors (``GramPanels``), `K′W` from one product of C′ columns.
  /// Source: shared/science/karakida.md §3–§6, convention 1.
  ///
  /// - Parameter panelColumns: about how many columns per panel (rounded to whole samples × C′).
  /// - Complexity: 2·(C′N)²·Σ_{l<L} M_l flops (+ 2·(C′N)²·|T| with softmax), O((C′N)²) for the weighting;
  ///   memory C′N·Σ_{l<L} M_l for the factors plus C′N·|T| per panel, never (C′N)².
  public func exactMoments(panelColumns: Int = 512) -> ExactMoments {
    let n = shape.samples
    let blocks = shape.blocks
    let panels = GramPanels(forward: forward, scope: jacobian.scope, outputIndex: request.outputIndex)
    let w = MetricDual.meanGradientDirections(shape)
    let kw = request.meanSubtracted ? gramProduct(w) : nil
    let chunk = max(1, min(n, panelColumns / blocks))
    var trace = 0.0
    var frobenius = 0.0
    for first in stride(from: 0, to: n, by: chunk) {
      let chunkSamples = first..<min(n, first + chunk)
      let columns = (0..<blocks).flatMap { b in chunkSamples.map { b * n + $0 } }
      var y = panels.panel(columns)
      var x = Matrix(rows: shape.size, columns: columns.count) { i, t in i == columns[t] ? 1 : 0 }
      if let softmax {
        OutputWeighting.applyFactor(softmax, to: &x, transposed: false)
        var weighted = Matrix(rows: y.rows, columns: columns.count)
        Matrix.multiplyAdd(y, x.selectingRows(columns), into: &weighted)
        y = weighted
      }
      if let kw {
        var a = Matrix(rows: blocks, columns: columns.count)
        Matrix.multiplyAdd(w, transposingA: true, x, into: &a)
        Matrix.multiplyAdd(kw, a, alpha: -1 / Double(n), beta: 1, into: &y)
      }
      y = weighting.weightTransposed(y)
      for (t, column) in columns.enumerated() { trace += y[column, t] }
      frobenius += y.frobeniusNorm * y.frobeniusNorm
    }
    let inverse = 1 / shape.scale
    return ExactMoments(
      trace: trace * inverse, frobeniusSquared: frobenius * inverse * inverse, dimension: shape.dimension)
  }
}
