// The backward signals of the last hidden layer, applied from the read-out weights and φ′ instead of stored.
import Spectra

/// The stored-signal products' two passes for a layer's backward signals `D_l` (C·N × M_l, row `k·N + n`):
/// `Uᵀ[M·j ..< M·(j+1), n] = D_nᵀ·z_j(n)` and `Y[k·N + n, j] += D_n[k, ·]·Wᵀ[M·j ..< M·(j+1), n]`
/// (``SampleMajorFactor``'s `contract` and `expandAdd`).
protocol SignalFactor: Sendable {
  /// `Uᵀ` ((M·b) × N), column n holding `D_nᵀ·z_j(n)` for j = 0 ..< b.
  func contract(_ z: Matrix) -> Matrix
  /// `Y[k·N + n, j] += D_n[k, ·]·Wᵀ[M·j ..< M·(j+1), n]`.
  func expandAdd(_ w: Matrix, into y: inout Matrix)
  /// Bytes held.
  var bytes: Int { get }
}

extension SampleMajorFactor: SignalFactor {}

/// The backward signals of the last hidden layer, `D_{L−1}[k·N + n, j] = s_L·ω^L[k, j]·φ′(U_{L−1})[n, j]`
/// (``BackwardSignals/visitSampleMajor(_:downTo:_:)``), never stored: both passes are two small gemms
/// with the read-out weights and a Hadamard product with φ′:
///
/// ```
/// contract:   Uᵀ_j = s_L·(ω^{Lᵀ}·Z_jᵀ) ∘ φ′ᵀ        Z_j = column j of Z as N × C (row n, column k)
/// expandAdd:  Y_j += s_L·(φ′ᵀ ∘ Wᵀ_j)ᵀ·ω^{Lᵀ}        Y_j as N × C
/// ```
/// Source: shared/science/karakida.md §2 (backward), §3 (layer-wise Gram).
///
/// It holds `8·N·M_{L−1}` bytes (φ′ᵀ) instead of the stored factor's `8·C·N·M_{L−1}`, and each pass costs
/// `2·N·C·M_{L−1}·b` flops of gemm plus one pass over φ′ᵀ instead of streaming the factor, which is where
/// the stored route's products spent their memory-bound half.
struct ReadOutSignalFactor: SignalFactor {
  /// ω^L (C × M_{L−1}).
  let readOut: Matrix
  /// s_L.
  let scale: Double
  /// φ′(U_{L−1})ᵀ (M_{L−1} × N).
  let derivativeTransposed: Matrix

  /// The factor of `forward`'s network and sample.
  init(forward: ForwardPass) {
    let net = forward.network
    let depth = net.architecture.depth
    precondition(depth >= 2, "ReadOutSignalFactor needs a hidden layer")
    readOut = net.weights[depth - 1]
    scale = net.weightScale(layer: depth)
    derivativeTransposed = forward.derivatives[depth - 2].transposed
  }

  var bytes: Int { 8 * derivativeTransposed.elements.count }

  private var width: Int { readOut.columns }
  private var outputs: Int { readOut.rows }
  private var samples: Int { derivativeTransposed.columns }

  func contract(_ z: Matrix) -> Matrix {
    let (m, n, c) = (width, samples, outputs)
    precondition(z.rows == c * n, "contract: Z has \(z.rows) rows, expected \(c * n)")
    var u = Matrix(rows: m * z.columns, columns: n)
    var block = Matrix(rows: m, columns: n)
    for j in 0..<z.columns {
      let zj = Matrix(
        rows: n, columns: c, exactColumnMajor: Array(z.elements[(j * c * n)..<((j + 1) * c * n)]))
      Matrix.multiplyAdd(readOut, transposingA: true, zj, transposingB: true, alpha: scale, into: &block)
      let phi = derivativeTransposed.elements
      let stride = m * z.columns
      let b = block.elements
      u.modifyElements { e in
        for col in 0..<n {
          let source = col * m
          let target = col * stride + j * m
          for i in 0..<m { e[target + i] = b[source + i] * phi[source + i] }
        }
      }
    }
    return u
  }

  func expandAdd(_ w: Matrix, into y: inout Matrix) {
    let (m, n, c) = (width, samples, outputs)
    precondition(
      y.rows == c * n && w.rows == m * y.columns && w.columns == n,
      "expandAdd: Wᵀ \(w.rows)×\(w.columns) and Y \(y.rows)×\(y.columns) do not fit \(c)·\(n) × \(m)")
    var scaled = Matrix(rows: m, columns: n)
    var added = Matrix(rows: n, columns: c)
    let phi = derivativeTransposed.elements
    let stride = m * y.columns
    for j in 0..<y.columns {
      scaled.modifyElements { e in
        for col in 0..<n {
          let source = col * stride + j * m
          let target = col * m
          for i in 0..<m { e[target + i] = w.elements[source + i] * phi[target + i] }
        }
      }
      Matrix.multiplyAdd(scaled, transposingA: true, readOut, transposingB: true, alpha: scale, into: &added)
      y.modifyElements { e in
        let base = j * c * n
        for i in 0..<(c * n) { e[base + i] += added.elements[i] }
      }
    }
  }
}
