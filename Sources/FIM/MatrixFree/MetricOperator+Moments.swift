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
  public let mean: Double
  /// `s = ‖dual‖_F²/D`.
  public let secondMoment: Double

  /// The moments of a dual with these sums over an operator of dimension `dimension`.
  public init(trace: Double, frobeniusSquared: Double, dimension: Int) {
    self.trace = trace
    self.frobeniusSquared = frobeniusSquared
    self.dimension = dimension
    mean = trace / Double(dimension)
    secondMoment = frobeniusSquared / Double(dimension)
  }
}

extension MetricOperator {
  /// `trace(dual)` and `‖dual‖_F²` exactly, streaming blocks of the dual and never holding more than
  /// one column panel:
  ///
  /// ```
  /// linear, uncentred:  dual = K′/c; lower-triangle tiles K′[R, T] (R at or below T), off-diagonal parts
  ///                     counted twice:  ‖dual‖_F² = Σ_T (‖K′[T,T]‖² + 2 Σ_{R>T} ‖K′[R,T]‖²)/c²
  /// otherwise:          dual·E_T = Rᵀ K′ R E_T / c,  R E_T = 𝒫X,  X = ℬ E_T  (T: all blocks of a chunk of samples)
  ///                     K′𝒫X = K′[:, T]·X_T − (1/N)·(K′W)·(WᵀX)      (X is supported on the rows T)
  /// trace = Σ of the diagonal entries met,   ‖dual‖_F² = Σ of the squares
  /// ```
  /// `K′[R, T]` comes from the layer-wise factors (`GramPanels`), `K′W` from one product of C′ columns.
  /// Source: shared/science/karakida.md §3–§6, convention 1.
  ///
  /// - Parameters:
  ///   - panelColumns: about how many columns per panel (whole samples × C′ when weighted).
  ///   - tileRows: the most rows of a lower-triangle tile (linear, uncentred; at least `panelColumns`).
  ///   - progress: receives one event per tile or panel (`moments`, done/total); nil: silent.
  /// - Complexity: (C′N)²·Σ_{l<L} M_l flops linear and uncentred (the lower triangle), else twice that
  ///   (+ 2·(C′N)²·|T| with softmax), plus O((C′N)²); memory C′N·Σ_{l<L} M_l for the factors (the backward
  ///   signals) plus, per tile, 2·8192·|T| and (8192 + |T|)·max M_l (linear, uncentred) or C′N·|T| per panel
  ///   (weighted), never (C′N)².
  public func exactMoments(
    panelColumns: Int = 512, tileRows: Int = Self.tileRows, progress: IterationProgressHandler? = nil
  ) -> ExactMoments {
    let panels = GramPanels(forward: forward, scope: jacobian.scope, outputIndex: request.outputIndex)
    let (trace, frobenius) =
      softmax == nil && !request.meanSubtracted
      ? symmetricSums(panels, width: max(1, panelColumns), height: tileRows, progress: progress)
      : weightedSums(panels, panelColumns: panelColumns, progress: progress)
    let inverse = 1 / shape.scale
    return ExactMoments(
      trace: trace * inverse, frobeniusSquared: frobenius * inverse * inverse, dimension: shape.dimension)
  }

  /// Trace and squared Frobenius norm of K′ from its lower triangle in tiles `K′[R, T]` of `w` columns and
  /// up to ``tileRows`` rows (R at or below T): the square `K′[T, T]` counted once, the rows below it twice.
  /// Tall tiles keep the gemms large, and the tile and its scratch are reused (at C·N = 10⁵, allocating
  /// them afresh per tile spent a fifth of the run in the kernel, zeroing fresh pages).
  private func symmetricSums(
    _ panels: GramPanels, width: Int, height tileRows: Int, progress: IterationProgressHandler?
  ) -> (
    Double, Double
  ) {
    let size = shape.size
    let height = max(width, tileRows)
    var tiles = 0
    for first in stride(from: 0, to: size, by: width) { tiles += (size - first + height - 1) / height }
    var done = 0
    var trace = 0.0
    var frobenius = 0.0
    var tile = Matrix(rows: 0, columns: 0)
    var scratch = Matrix(rows: 0, columns: 0)
    for first in stride(from: 0, to: size, by: width) {
      let columns = Array(first..<min(size, first + width))
      let factors = panels.columnFactors(columns)
      let selected = panels.selectedRows(columns)
      for top in stride(from: first, to: size, by: height) {
        let rows = top..<min(size, top + height)
        panels.band(
          rows, columns: columns, selected: selected, factors: factors, into: &tile, scratch: &scratch)
        let diagonal = top == first ? columns.count : 0  // rows of the square K′[T, T] at the tile's top
        for t in 0..<columns.count {
          let column = tile.elements[(t * rows.count)..<((t + 1) * rows.count)]
          var once = 0.0
          var twice = 0.0
          for (i, e) in zip(0..., column) {
            if i < diagonal { once += e * e } else { twice += e * e }
          }
          frobenius += once + 2 * twice
          if diagonal > 0 { trace += column[column.startIndex + t] }
        }
        done += 1
        progress?(
          IterationProgress(
            phase: "moments", done: done, total: tiles,
            detail: "tiles of \(width) columns × up to \(height) rows"))
      }
    }
    return (trace, frobenius)
  }

  /// The most rows of a lower-triangle tile in ``exactMoments(panelColumns:tileRows:progress:)``: 8192 (with 512
  /// columns, 32 MB per tile).
  public static let tileRows = 8192

  /// Trace and squared Frobenius norm of `Rᵀ K′ R` from column panels of whole samples.
  private func weightedSums(_ panels: GramPanels, panelColumns: Int, progress: IterationProgressHandler?) -> (
    Double, Double
  ) {
    let n = shape.samples
    let blocks = shape.blocks
    let w = MetricDual.meanGradientDirections(shape)
    let kw = request.meanSubtracted ? gramProduct(w) : nil
    let chunk = max(1, min(n, panelColumns / blocks))
    var trace = 0.0
    var frobenius = 0.0
    for first in stride(from: 0, to: n, by: chunk) {
      let chunkSamples = first..<min(n, first + chunk)
      let columns = (0..<blocks).flatMap { b in chunkSamples.map { b * n + $0 } }
      var y = Matrix(rows: 0, columns: 0)
      var scratch = Matrix(rows: 0, columns: 0)
      panels.band(
        0..<shape.size, columns: columns, selected: panels.selectedRows(columns),
        factors: panels.columnFactors(columns), into: &y, scratch: &scratch)
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
      progress?(
        IterationProgress(
          phase: "moments", done: first / chunk + 1, total: (n + chunk - 1) / chunk,
          detail: "panels of \(chunk) samples"))
    }
    return (trace, frobenius)
  }
}
