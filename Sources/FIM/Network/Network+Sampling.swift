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
  /// - Throws: `ConfigurationError` for a non-positive count or width.
  public static func sample(samples: Int, width: Int, seed: UInt64) throws(ConfigurationError) -> Matrix {
    guard samples > 0 else {
      throw ConfigurationError(field: "samples", "number of samples N must be positive, got \(samples)")
    }
    guard width > 0 else {
      throw ConfigurationError(field: "input-width", "input width M_0 must be positive, got \(width)")
    }
    return RandomStream(seed: seed).gaussianMatrix(rows: samples, columns: width)
  }
}
