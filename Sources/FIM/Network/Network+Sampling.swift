// Sampling a random network from an architecture and a weight seed, and Gaussian inputs from a data seed.
import Spectra

extension Network {
  /// A random network: every trainable parameter drawn independently from its initial distribution.
  ///
  /// ```
  /// standard:  W^l_ij ~ N(0, σ_w²/M_{l−1}),  b^l_i ~ N(0, σ_b²)
  /// NTK:       ω^l_ij ~ N(0, 1),             β^l_i ~ N(0, 1)
  /// ```
  ///
  /// Layer `l` uses the child stream `RandomStream(seed: seed).child(l)`: `W^l` first (row-major draw
  /// order, as a C-order sampler), then `b^l`. The same seed gives the same network on every machine.
  /// Source: shared/science/karakida.md §1 and §5; convention 2 (fan-in of *that* layer).
  ///
  /// - Complexity: P Gaussian variates; memory P.
  public static func sample(_ architecture: NetworkArchitecture, seed: UInt64) -> Network {
    let root = RandomStream(seed: seed)
    var weights: [Matrix] = []
    var biases: [[Double]] = []
    let widths = architecture.widths
    for l in 1...architecture.depth {
      let stream = root.child(UInt64(l))
      let (sw, sb): (Double, Double)
      switch architecture.parameterisation {
      case .standard:
        sw = (architecture.sigmaW2 / Double(widths[l - 1])).squareRoot()
        sb = architecture.sigmaB2.squareRoot()
      case .ntk:
        (sw, sb) = (1, 1)
      }
      weights.append(stream.gaussianMatrix(rows: widths[l], columns: widths[l - 1], standardDeviation: sw))
      biases.append(stream.gaussians(widths[l], standardDeviation: sb))
    }
    // Shapes match by construction and Gaussian draws are finite.
    return try! Network(architecture: architecture, weights: weights, biases: biases)
  }
}

/// Inputs `x(n) ~ N(0, I_{M₀})`, n = 1…N, as the rows of an `N × M₀` matrix.
///
/// Source: shared/science/karakida.md §1 (so q̂₁⁰ → 1 and q̂₂⁰ → 0; convention 2).
public enum GaussianInputs {
  /// `samples × width` standard normal entries from `RandomStream(seed: seed)`, drawn row-major.
  ///
  /// - Throws: `ConfigurationError` for a non-positive count or width, or N·M_0 above
  ///   ``SizeLimits/elements``.
  public static func sample(samples: Int, width: Int, seed: UInt64) throws(ConfigurationError) -> Matrix {
    guard samples > 0 else {
      throw ConfigurationError(field: "samples", "number of samples N must be positive, got \(samples)")
    }
    guard width > 0 else {
      throw ConfigurationError(field: "input-width", "input width M_0 must be positive, got \(width)")
    }
    try SizeLimits.checkDimension(samples, "number of samples N", field: "samples")
    _ = try SizeLimits.product(samples, width, "the inputs N·M_0", field: "samples")
    return RandomStream(seed: seed).gaussianMatrix(rows: samples, columns: width)
  }
}

extension GaussianInputs {
  /// Rows `range` of ``sample(samples:width:seed:)``'s matrix, without holding the others: the stream
  /// draws and discards the `range.lowerBound·width` variates before the slice (row-major, as `sample`),
  /// so every rank of a data-parallel run gets exactly its rows of the single-process inputs.
  ///
  /// - Complexity: `range.upperBound·width` Gaussian draws, `|range|·width` doubles of memory.
  /// - Throws: as ``sample(samples:width:seed:)``, and for a range outside `0..<samples`.
  public static func sampleRows(_ range: Range<Int>, samples: Int, width: Int, seed: UInt64)
    throws(ConfigurationError) -> Matrix
  {
    guard samples > 0, width > 0, range.lowerBound >= 0, range.upperBound <= samples else {
      throw ConfigurationError(
        field: "samples", "rows \(range) of \(samples) samples of width \(width) do not exist")
    }
    _ = try SizeLimits.product(range.count, width, "the input slice", field: "samples")
    let stream = RandomStream(seed: seed)
    var skip = range.lowerBound * width
    while skip > 0 {
      let step = min(skip, 1 << 20)
      _ = stream.gaussians(step)
      skip -= step
    }
    return stream.gaussianMatrix(rows: range.count, columns: width)
  }
}

extension GaussianInputs {
  /// The rows `rows` (ascending, distinct) of ``sample(samples:width:seed:)``'s matrix, in that order,
  /// without holding the others: one pass over the stream, discarding the variates of the rows not asked
  /// for. The block-cyclic dense dual needs rows that are not contiguous (blocks of samples every P-th).
  ///
  /// - Complexity: `(rows.last + 1)·width` Gaussian draws, `|rows|·width` doubles of memory.
  /// - Throws: as ``sample(samples:width:seed:)``, and for rows outside `0..<samples` or not ascending.
  public static func sampleRows(_ rows: [Int], samples: Int, width: Int, seed: UInt64)
    throws(ConfigurationError) -> Matrix
  {
    guard samples > 0, width > 0 else {
      throw ConfigurationError(field: "samples", "no rows of \(samples) samples of width \(width)")
    }
    for (a, b) in zip(rows, rows.dropFirst()) where b <= a {
      throw ConfigurationError(field: "samples", "rows must be ascending and distinct, got \(a) before \(b)")
    }
    if let bad = rows.first(where: { $0 < 0 || $0 >= samples }) {
      throw ConfigurationError(field: "samples", "row \(bad) of \(samples) samples does not exist")
    }
    _ = try SizeLimits.product(rows.count, width, "the input rows", field: "samples")
    let stream = RandomStream(seed: seed)
    var out = Matrix(rows: rows.count, columns: width)
    var next = 0  // the first row of the stream not yet drawn
    for (i, row) in rows.enumerated() {
      var skip = (row - next) * width
      while skip > 0 {
        let step = min(skip, 1 << 20)
        _ = stream.gaussians(step)
        skip -= step
      }
      let values = stream.gaussians(width)
      out.modifyElements { e in for j in 0..<width { e[i + j * rows.count] = values[j] } }
      next = row + 1
    }
    return out
  }
}
