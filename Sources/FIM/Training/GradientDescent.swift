// Full-batch gradient descent θ_{t+1} = θ_t − η ∇L(θ_t), with a documented divergence criterion.
import Spectra

/// Full-batch gradient descent on a ``TrainingLoss``.
///
/// ```
/// θ_{t+1} = θ_t − η ∇_θ L(θ_t),    t = 0, 1, …, T − 1
/// diverged at step t  ⇔  L(θ_t) is not finite,  or  L(θ_t) > threshold · L(θ_0) > 0,  or θ_t is not finite
/// ```
///
/// With MSE near a zero-loss minimum the Hessian is the empirical FIM F, so the iteration is stable iff
/// `η < η_c = 2/λ_max(F)` (the learning-rate link). Training stops at the first diverged step.
/// Source: shared/science/karakida.md §3 (learning-rate link), §4 (last bullet), §9.
public struct GradientDescent: Sendable {
  /// The loss.
  public let loss: TrainingLoss
  /// The learning rate η.
  public let rate: Double
  /// Training is declared diverged when the loss exceeds `divergenceThreshold · L(θ_0)`.
  public let divergenceThreshold: Double

  /// The default divergence threshold (loss ratio to the initial loss).
  public static let defaultDivergenceThreshold = 1e3

  /// Gradient descent with rate η.
  ///
  /// - Throws: `ConfigurationError` (field `rate`) for a non-positive or non-finite rate, (field
  ///   `divergence-threshold`) for a threshold that is not finite and above 1.
  public init(loss: TrainingLoss, rate: Double, divergenceThreshold: Double = defaultDivergenceThreshold)
    throws(ConfigurationError)
  {
    guard rate.isFinite, rate > 0 else {
      throw ConfigurationError(field: "rate", "learning rate must be positive and finite, got \(rate)")
    }
    guard divergenceThreshold.isFinite, divergenceThreshold > 1 else {
      throw ConfigurationError(
        field: "divergence-threshold",
        "divergence threshold must be finite and above 1, got \(divergenceThreshold)")
    }
    self.loss = loss
    self.rate = rate
    self.divergenceThreshold = divergenceThreshold
  }

  /// One step `θ − η∇L(θ)` given the gradient at θ; `nil` when a parameter becomes non-finite.
  ///
  /// - Complexity: O(P) (one daxpy per layer).
  public func step(_ network: Network, gradient: LossGradient) -> Network? {
    var weights = network.weights
    var biases = network.biases
    for l in weights.indices {
      weights[l].add(gradient.weights[l], scaledBy: -rate)
      for j in biases[l].indices { biases[l][j] -= rate * gradient.biases[l][j] }
      guard weights[l].isFinite, biases[l].allSatisfy(\.isFinite) else { return nil }
    }
    return try? Network(architecture: network.architecture, weights: weights, biases: biases)
  }

  /// Trains `network` on `data` for `steps` steps, calling `observe` at every step t = 0…steps with θ_t,
  /// its gradient (which holds the loss and the forward pass) before the update.
  ///
  /// - Parameters:
  ///   - network: θ_0.
  ///   - data: the training set.
  ///   - steps: T ≥ 0 updates.
  ///   - observe: called with `(t, θ_t, ∇L(θ_t))` for t = 0…T until divergence.
  /// - Returns: the losses `L(θ_0) … L(θ_t)` up to the last step reached and the final parameters.
  /// - Throws: `ConfigurationError` for negative steps or data that do not fit the network; rethrows `observe`.
  /// - Complexity: T + 1 forward and backward passes (see ``LossGradient``).
  public func train(
    _ network: Network, on data: TrainingData, steps: Int,
    observe: (_ step: Int, _ network: Network, _ gradient: LossGradient) throws -> Void = { _, _, _ in }
  ) throws -> TrainingTrajectory {
    guard steps >= 0 else {
      throw ConfigurationError(field: "steps", "number of steps must be non-negative, got \(steps)")
    }
    var current = network
    var losses: [Double] = []
    var initial = Double.nan
    for t in 0...steps {
      let g = try LossGradient(network: current, data: data, loss: loss)
      losses.append(g.loss)
      if t == 0 { initial = g.loss }
      if !g.loss.isFinite || (initial > 0 && g.loss > divergenceThreshold * initial) {
        return TrainingTrajectory(losses: losses, network: current, divergedAt: t)
      }
      try observe(t, current, g)
      if t == steps { break }
      guard let next = step(current, gradient: g) else {
        losses.append(.nan)
        return TrainingTrajectory(losses: losses, network: current, divergedAt: t + 1)
      }
      current = next
    }
    return TrainingTrajectory(losses: losses, network: current, divergedAt: nil)
  }
}

/// The outcome of ``GradientDescent/train(_:on:steps:observe:)``.
public struct TrainingTrajectory: Sendable {
  /// `L(θ_t)` for t = 0 … last step reached (NaN as the last entry when the parameters became non-finite).
  public let losses: [Double]
  /// The last finite parameters θ_t.
  public let network: Network
  /// The first diverged step, or `nil` when training ran to the end.
  public let divergedAt: Int?

  /// Whether training diverged.
  public var diverged: Bool { divergedAt != nil }
}
