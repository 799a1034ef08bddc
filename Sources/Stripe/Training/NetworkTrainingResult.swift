// What network training returns: the final network, checkpoints, snapshots and how the run ended.

/// The network at the moment its mean training loss first dropped below `fraction` × initial (= 1).
public struct NetworkSnapshot: Sendable {
  /// The loss fraction a_k.
  public let fraction: Double
  /// Accepted steps at the snapshot.
  public let step: Int
  /// Flow time at the snapshot.
  public let time: Double
  /// The network parameters.
  public let network: ShallowNetwork
}

/// How a training run ended.
public struct FlowSummary: Sendable, Equatable, Codable {
  /// Why it stopped.
  public let stopReason: FlowStopReason
  /// Accepted steps.
  public let steps: Int
  /// Rejected trial steps.
  public let rejections: Int
  /// Final flow time.
  public let time: Double
  /// Wall-clock seconds.
  public let wallSeconds: Double
  /// Smallest final training margin.
  public let minMargin: Double
  /// Wall seconds per trial evaluation (accepted + rejected).
  public var secondsPerEvaluation: Double { wallSeconds / Double(max(1, steps + rejections)) }
}

/// The result of training: final network, checkpoints, snapshots and the final α-scaled outputs.
public struct NetworkTrainingResult: Sendable {
  /// The network at the end.
  public let network: ShallowNetwork
  /// The network at initialisation.
  public let initial: ShallowNetwork
  /// Records along training (checkpoint schedule, margin crossings, and the final state).
  public let checkpoints: [TrainingCheckpoint]
  /// Snapshots at the requested loss fractions (in decreasing fraction order, as reached).
  public let snapshots: [NetworkSnapshot]
  /// How the run ended.
  public let summary: FlowSummary
  /// Final F on the training set.
  public let trainOutputs: [Double]
  /// Final F on the test set.
  public let testOutputs: [Double]
  /// λ* — λ at the first checkpoint where more than 10% of the training points have y F ≥ 1
  /// (nil if never reached). Source: shared/science/stripe.md §3.2.
  public let compressionAtTenPercent: Double?
}
