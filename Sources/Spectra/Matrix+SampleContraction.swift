// A stacked per-sample factor D ((C·N) × M, row k·N + n) kept sample-major, and its two contractions: C rows
// of a sample in, one M-vector out, and back. The memory-bound halves of a dual product from stored signals.

/// A factor `D` of `(C·N) × M` (row `k·N + n` for output k and sample n), stored sample-major so that each
/// sample's `C × M` block `D_n` is contiguous, with the two per-sample contractions a dual product needs:
///
/// ```
/// contract:   Uᵀ[·, n] = [D_nᵀ·z_j(n)]_j       z_j(n) = (Z[k·N + n, j])_k        Uᵀ is (M·b) × N
/// expandAdd:  Y[k·N + n, j] += D_n[k, ·]·Wᵀ[M·j ..< M·(j+1), n]                  Wᵀ is (M·b) × N
/// ```
/// Between the two, a dual product applies an N × N factor to Uᵀ from the right, as one gemm for all
/// columns. Each pass streams the factor once, whatever b is (2·C·N·M·b flops), over as many workers as
/// BLAS has threads; the results do not depend on that number.
public struct SampleMajorFactor: Sendable {
  /// N.
  public let samples: Int
  /// C.
  public let outputs: Int
  /// M.
  public let width: Int
  private let storage: [Double]

  /// Keeps `stacked` ((C·N) × M) sample-major.
  ///
  /// - Precondition: `stacked.rows` is a multiple of `samples`.
  public init(_ stacked: Matrix, samples n: Int) {
    precondition(
      n > 0 && stacked.rows % n == 0,
      "SampleMajorFactor: \(stacked.rows) rows are not a stack of \(n) samples")
    samples = n
    outputs = stacked.rows / n
    width = stacked.columns
    storage = SampleContractionKernels.sampleMajor(
      stacked.elements, samples: n, outputs: outputs, width: width)
  }

  /// Keeps a factor already sample-major: `sampleMajor` is `M × (N·C)` with column `n·C + k` holding
  /// `D[k·N + n, ·]` (the same memory as D̃).
  ///
  /// - Precondition: `sampleMajor.columns` is a multiple of `outputs`.
  public init(sampleMajor: Matrix, outputs c: Int) {
    precondition(
      c > 0 && sampleMajor.columns % c == 0,
      "SampleMajorFactor: \(sampleMajor.columns) columns are not a multiple of \(c) outputs")
    samples = sampleMajor.columns / c
    outputs = c
    width = sampleMajor.rows
    storage = sampleMajor.elements
  }

  /// Bytes held.
  public var bytes: Int { 8 * storage.count }

  /// `Uᵀ` ((M·b) × N) with column n holding `D_nᵀ·z_j(n)` for j = 0 ..< b, one M-vector after another.
  ///
  /// - Precondition: `z.rows == C·N`.
  public func contract(_ z: Matrix) -> Matrix {
    precondition(z.rows == outputs * samples, "contract: Z has \(z.rows) rows, expected \(outputs * samples)")
    var u = Matrix(rows: width * z.columns, columns: samples)
    SampleContractionKernels.contract(
      storage, z.elements, into: &u.elements, samples: samples, outputs: outputs, width: width,
      columns: z.columns, threads: BLASThreads.count)
    return u
  }

  /// `Y[k·N + n, j] += D_n[k, ·]·Wᵀ[M·j ..< M·(j+1), n]`.
  ///
  /// - Precondition: `y.rows == C·N`, `w` is `(M·y.columns) × N`.
  public func expandAdd(_ w: Matrix, into y: inout Matrix) {
    precondition(
      y.rows == outputs * samples && w.rows == width * y.columns && w.columns == samples,
      "expandAdd: Wᵀ \(w.rows)×\(w.columns) and Y \(y.rows)×\(y.columns) do not fit a factor of "
        + "\(outputs)·\(samples) × \(width)")
    SampleContractionKernels.expandAdd(
      storage, w.elements, into: &y.elements, samples: samples, outputs: outputs, width: width,
      columns: y.columns, threads: BLASThreads.count)
  }
}
