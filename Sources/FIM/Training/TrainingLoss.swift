// The training losses: mean squared error on linear outputs and cross-entropy on softmax outputs.
import Foundation
import Spectra

/// A training loss over N samples, with the normalisation that makes its Hessian at a zero-loss minimum
/// (MSE) or its Gauss–Newton matrix (cross-entropy) equal the empirical Fisher information of the metrics engine.
///
/// ```
/// mse            L = (1/2N) Σ_n ‖f(n) − y(n)‖²               ∂L/∂f(n) = (f(n) − y(n))/N
///                Hessian at L = 0:  (1/N) Σ_n J_nᵀ J_n = F    ⇒  GD is stable iff η < η_c = 2/λ_max(F)
/// cross-entropy  L = −(1/N) Σ_n Σ_k y_k(n) log g_k(n),  g = softmax(f)   ∂L/∂f(n) = (g(n) − y(n))/N
///                Gauss–Newton:  (1/N) Σ_n J_nᵀ Q(n) J_n = F_cross,  Q(n) = diag g(n) − g(n)g(n)ᵀ
/// ```
///
/// Cross-entropy targets are probability vectors (one-hot labels, or soft labels summing to 1).
/// Source: shared/science/karakida.md §3 (learning-rate link, F normalised by 1/N) and §4.
public enum TrainingLoss: String, Sendable, Codable, CaseIterable {
  /// Mean squared error `(1/2N) Σ ‖f − y‖²` on the linear outputs.
  case mse
  /// Mean cross-entropy of the softmax outputs against probability targets.
  case crossEntropy = "cross-entropy"

  /// Parses `mse` or `cross-entropy`.
  ///
  /// - Throws: `ConfigurationError` (field `loss`) naming the allowed values.
  public init(named name: String) throws(ConfigurationError) {
    guard let l = TrainingLoss(rawValue: name.lowercased()) else {
      throw ConfigurationError(
        field: "loss",
        "unknown loss \"\(name)\"; expected one of: \(TrainingLoss.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    self = l
  }

  /// The output model whose Fisher information is this loss's curvature (linear for MSE, softmax for cross-entropy).
  public var output: OutputKind { self == .mse ? .linear : .softmax }

  /// The loss of outputs `f` (N × C) against targets `y` (N × C).
  ///
  /// - Complexity: O(N·C).
  /// - Precondition: equal shapes.
  public func value(outputs f: Matrix, targets y: Matrix) -> Double {
    precondition(f.rows == y.rows && f.columns == y.columns, "outputs and targets must have equal shapes")
    let n = f.rows
    let c = f.columns
    var total = 0.0
    switch self {
    case .mse:
      for i in f.elements.indices {
        let r = f.elements[i] - y.elements[i]
        total += r * r
      }
      return total / (2 * Double(n))
    case .crossEntropy:
      for s in 0..<n {
        var top = -Double.infinity
        for k in 0..<c { top = max(top, f[s, k]) }
        var z = 0.0
        for k in 0..<c { z += Foundation.exp(f[s, k] - top) }
        let logZ = top + Foundation.log(z)
        for k in 0..<c where y[s, k] != 0 { total += y[s, k] * (logZ - f[s, k]) }
      }
      return total / Double(n)
    }
  }

  /// `∂L/∂f` (N × C): `(f − y)/N` for MSE, `(softmax(f) − y)/N` for cross-entropy.
  ///
  /// - Complexity: O(N·C).
  /// - Precondition: equal shapes.
  public func outputGradient(outputs f: Matrix, targets y: Matrix) -> Matrix {
    precondition(f.rows == y.rows && f.columns == y.columns, "outputs and targets must have equal shapes")
    let inv = 1 / Double(f.rows)
    switch self {
    case .mse:
      return (f - y).scaled(by: inv)
    case .crossEntropy:
      return (SoftmaxCovariance(logits: f).probabilities - y).scaled(by: inv)
    }
  }
}
