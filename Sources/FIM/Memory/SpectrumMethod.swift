// How a spectrum is computed: the dense dual, or one of the matrix-free methods, and their settings.
import Spectra

/// The ways to compute a metric's spectrum, by what they answer and what they hold in memory.
///
/// ```
/// dense     all C′N dual eigenvalues (dsyevd) + overlaps (dsyevr)      every statistic, exact   8·2·(C′N)²
/// lanczos   top-k by block Lanczos + exact m, s (streamed)             m, s, λ_max, top-C mean  no (C′N)²
/// slq       lanczos + an SLQ density with its W₁ bound                 + density.csv            no (C′N)²
/// moments   exact m, s (+ Hutch++ estimates) only                      m, s                     no (C′N)²
/// ```
public enum SpectrumMethod: String, Sendable, Codable, CaseIterable {
  case dense
  case lanczos
  case slq
  case moments

  /// What the method computes, for messages.
  public var answers: String {
    switch self {
    case .dense: "every dual eigenvalue"
    case .lanczos: "the top-k eigenvalues and exact m, s"
    case .slq: "the top-k eigenvalues, exact m, s and an SLQ density"
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
  /// of an eigenvalue repeated exactly. Where the structure repeats them (``MetricRequest/repeatsOutliers(in:)``:
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
    case .slq:
      let steps = min(lanczosSteps, max(size - k, 1))
      return [
        top, moments,
        .density(steps: steps, probes: probes, distribution: .sphere, deflateTop: k < size ? k : 0),
      ]
    }
  }
}
