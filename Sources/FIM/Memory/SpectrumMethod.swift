// How a spectrum is computed: the dense dual, or one of the matrix-free methods, and their settings.
import Spectra

/// The ways to compute a metric's spectrum, by what they answer and what they hold in memory.
///
/// ```
/// dense     all C′N dual eigenvalues (dsyevd) + overlaps (dsyevr)      every statistic, exact   8·2·(C′N)²
/// lanczos   top-k by block Lanczos + exact m, s (streamed)             m, s, λ_max, top-C mean  no (C′N)²
/// slq       lanczos + an SLQ density with its W₁ bound                 + density.csv            no (C′N)²
/// density   top-k (deflated) + the SLQ density, no exact m, s          λ_max, top-C mean,       no (C′N)²
///                                                                      density.csv
/// moments   exact m, s (+ Hutch++ estimates) only                      m, s                     no (C′N)²
/// ```
/// Cost: the exact moments stream the Gram panels, 2·(C′N)²·Σ M_l flops (``MetricOperator``'s
/// `exactMoments`), quadratic in C′N: lanczos at C·N = 10⁵ took 7 min 21 s, of which about 30 s was the
/// top-10 (docs/matrix-free.md, "At C·N = 10⁵"), so the moments' part grows about 100-fold at 10⁶.
/// `density` skips that pass (and the Hutch++ estimates): its work is the top-k Lanczos products plus
/// n_v·steps single-column products (each as ``MetricOperator`` costs it), and its memory drops the
/// moments' Gram panels, Hutch++ sketches and block product
/// (``MemoryEstimate/matrixFree(_:architecture:samples:request:settings:)``). Its m and s are therefore not
/// exact: they are absent (null in JSON, empty in sweep rows, "–" in the summary); the density output
/// (nodes, weights) reports no moments of its own.
public enum SpectrumMethod: String, Sendable, Codable, CaseIterable {
  case dense
  case lanczos
  case slq
  /// The top-k eigenvalues (deflated, as ``slq``) and the SLQ density without the exact moments pass:
  /// m and s are not computed, so the (C′N)² Gram-panel work is skipped.
  case density
  case moments

  /// What the method computes, for messages.
  public var answers: String {
    switch self {
    case .dense: "every dual eigenvalue"
    case .lanczos: "the top-k eigenvalues and exact m, s"
    case .slq: "the top-k eigenvalues, exact m, s and an SLQ density"
    case .density: "the top-k eigenvalues and an SLQ density, no exact m, s"
    case .moments: "exact m and s only"
    }
  }

  /// Whether the method avoids the dense dual.
  public var isMatrixFree: Bool { self != .dense }
}

/// The parameters of the matrix-free methods (``SpectrumMethod``): the modes of
/// ``MatrixFreeSpectrum`` they run.
public struct MatrixFreeSettings: Sendable, Codable, Equatable {
  /// k, the number of top eigenvalues (at least the C′ outliers the theory predicts).
  public var topK: Int
  /// Columns per block-Lanczos block (1 by default; C′ or more where the top eigenvalues repeat exactly).
  public var blockSize: Int
  /// SLQ probes n_v.
  public var probes: Int
  /// Lanczos steps per SLQ probe.
  public var lanczosSteps: Int
  /// Relative residual tolerance of the top-k pairs.
  public var tolerance: Double
  /// Operator products per Hutch++ estimate (moments mode).
  public var hutchPlusPlusBudget: Int

  /// Settings for a dual with `blocks` = C′ output blocks; nil fields take the defaults
  /// `k = C′`, `b = 1` (`max(C′, 4)` with `repeatedOutliers`), 20 probes, 80 steps, tolerance 1e-8,
  /// Hutch++ budget 30.
  ///
  /// One vector per block needs the fewest products when the top eigenvalues are distinct — the C′
  /// outliers of a finite random network are spread by O(1/√N) and single-vector Lanczos resolves them
  /// (at C·N = 10⁴, 19 products against 60 for b = 10: docs/matrix-free.md) — but it finds only one copy
  /// of an eigenvalue repeated exactly. Where the structure repeats them (`MetricRequest.repeatsOutliers(in:)`:
  /// the read-out block `I_C′ ⊗ F_L`), `repeatedOutliers` keeps a block of C′ so every copy is seen.
  public init(
    blocks: Int, topK: Int? = nil, blockSize: Int? = nil, probes: Int? = nil, lanczosSteps: Int? = nil,
    tolerance: Double? = nil, hutchPlusPlusBudget: Int = 30, repeatedOutliers: Bool = false
  ) {
    self.topK = topK ?? blocks
    self.blockSize = max(1, blockSize ?? (repeatedOutliers ? max(blocks, 4) : 1))
    self.probes = probes ?? 20
    self.lanczosSteps = lanczosSteps ?? 80
    self.tolerance = tolerance ?? 1e-8
    self.hutchPlusPlusBudget = hutchPlusPlusBudget
  }

  /// The ``MatrixFreeSpectrum/Mode``s of `method` on a dual of size `size` (k, b and the steps are capped
  /// at what the size allows).
  public func modes(for method: SpectrumMethod, size: Int) -> [MatrixFreeSpectrum.Mode] {
    let k = min(topK, size)
    let b = min(blockSize, size)
    let top = MatrixFreeSpectrum.Mode.topK(count: k, tolerance: tolerance, blockSize: b)
    let moments = MatrixFreeSpectrum.Mode.moments(hutchPlusPlusBudget: hutchPlusPlusBudget)
    switch method {
    case .dense: return []
    case .lanczos: return [top, moments]
    case .moments: return [moments]
    case .slq: return [top, moments, density(size: size, deflating: k)]
    case .density: return [top, density(size: size, deflating: k)]
    }
  }

  /// The SLQ mode shared by slq and density: `min(steps, max(n − k, 1))` steps, sphere probes, the k top
  /// pairs deflated (none when k = n).
  private func density(size: Int, deflating k: Int) -> MatrixFreeSpectrum.Mode {
    .density(
      steps: min(lanczosSteps, max(size - k, 1)), probes: probes, distribution: .sphere,
      deflateTop: k < size ? k : 0)
  }
}
