// The figure presets of the training experiments: a reduced run for `reproduce` and the paper's full size.
import Foundation

/// The size of a training figure run.
///
/// ```
/// training (NC Fig. 5)   ReLU (σ_w², σ_b²) = (2, 0.1), L = 3, C = 2, cross-entropy, teacher argmax labels,
///                        η = 2/λ_max(F(θ₀))
///   reduced              M = M₀ = 400,  N = 64,  T = 300, tracked every 10 steps
///   full                 M = M₀ = 2000, N = 100, T = 1000, tracked every 20 steps
/// learning-rate sweep    same network family, MSE on teacher outputs, C = 2
///   reduced              M ∈ {32, 64, 128, 256},            N = 32,  16 rates log-spaced in [10⁻³, 0.5], T = 200
///   full                 M ∈ {100, 200, 400, 800, 1600},    N = 100, 24 rates log-spaced in [3·10⁻⁴, 0.1], T = 300
/// ```
///
/// The activation and variances of Fig. 5 are not confirmed from the paper ([?] in the science brief);
/// ReLU (2, 0.1) is one of the AIS settings and is non-centred (κ₂ > 0).
/// Source: shared/science/karakida.md §9 (Training dynamics, AIS learning-rate sweep).
public enum FigurePreset: String, Sendable, Codable, CaseIterable {
  /// Small widths; both runs finish in seconds on two cores.
  case reduced
  /// The paper's sizes (M = 2000 for the training run).
  case full
}

extension TrainingExperiment.Configuration {
  /// The configuration of the training figure at the given size (see ``FigurePreset``).
  public static func preset(_ preset: FigurePreset) -> TrainingExperiment.Configuration {
    let (m, n, steps, every) = preset == .reduced ? (400, 64, 300, 10) : (2000, 100, 1000, 20)
    // The widths are positive and the variances finite, so the architecture is valid.
    let arch = try! NetworkArchitecture(
      inputWidth: m, width: m, depth: 3, outputs: 2, activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    return TrainingExperiment.Configuration(
      architecture: arch, samples: n, loss: .crossEntropy, labels: .argmax, rate: nil, relativeRate: 1,
      steps: steps, trackEvery: every, seed: 1, teacherSeed: 2, dataSeed: 3)
  }
}

extension LearningRateSweep.Configuration {
  /// The configuration of the learning-rate sweep at the given size (see ``FigurePreset``).
  public static func preset(_ preset: FigurePreset) -> LearningRateSweep.Configuration {
    let reduced = preset == .reduced
    return LearningRateSweep.Configuration(
      widths: reduced ? [32, 64, 128, 256] : [100, 200, 400, 800, 1600],
      rates: reduced ? logSpaced(from: 1e-3, to: 0.5, count: 16) : logSpaced(from: 3e-4, to: 0.1, count: 24),
      inputWidth: nil, depth: 3, outputs: 2, samples: reduced ? 32 : 100, activation: .relu, sigmaW2: 2,
      sigmaB2: 0.1, steps: reduced ? 200 : 300, seed: 1, teacherSeed: 2, dataSeed: 3)
  }

  /// `count` values from `a` to `b` equally spaced in log (both ends included; `[a]` when count is 1).
  ///
  /// ```
  /// η_i = a · (b/a)^{i/(count−1)},  i = 0 … count − 1
  /// ```
  public static func logSpaced(from a: Double, to b: Double, count: Int) -> [Double] {
    guard count > 1 else { return count == 1 ? [a] : [] }
    return (0..<count).map { a * Foundation.pow(b / a, Double($0) / Double(count - 1)) }
  }
}
