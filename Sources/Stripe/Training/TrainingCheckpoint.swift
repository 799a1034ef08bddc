// One record of the network's state along gradient flow: losses, errors, margins, weights, λ(t).
import Spectra

/// The measures recorded at one checkpoint of network training.
///
/// Losses are mean hinge losses `(1/p) Σ ℓ(y F)` (= α·L in the code's convention); errors count points
/// with `y F ≤ 0`; active points have `y F < 1`.
///
/// Source: shared/science/stripe.md §2.5, §3
public struct TrainingCheckpoint: Sendable, Equatable, Codable {
  /// Accepted steps so far.
  public let step: Int
  /// Flow time t (code convention).
  public let time: Double
  /// The step dt the controller proposes next.
  public let stepSize: Double
  /// Mean hinge loss on the training set.
  public let trainLoss: Double
  /// Mean hinge loss on the test set.
  public let testLoss: Double
  /// Fraction of training points with y F ≤ 0.
  public let trainError: Double
  /// Fraction of test points with y F ≤ 0.
  public let testError: Double
  /// Number of training points with y F < 1.
  public let activeCount: Int
  /// Smallest training margin y F.
  public let minMargin: Double
  /// Largest training margin y F.
  public let maxMargin: Double
  /// Weight RMS per coordinate and λ(t).
  public let weights: CompressionMeasures
}

/// Errors and losses of α-scaled outputs against labels.
enum Scores {
  /// Fraction of points with `y·F ≤ 0`.
  static func error(_ f: [Double], _ y: [Double]) -> Double {
    guard !f.isEmpty else { return 0 }
    return Double(zip(f, y).filter { $0 * $1 <= 0 }.count) / Double(f.count)
  }

  /// Margins `y_μ F_μ`.
  static func margins(_ f: [Double], _ y: [Double]) -> [Double] { zip(f, y).map { $0 * $1 } }
}
