// What a long iterative computation reports while it runs, so a caller can print progress and an ETA.

/// One progress event of an iterative method: how far along which phase, and a short description.
///
/// `total` is known for fixed-length work (SLQ probes, moment panels) and nil for work that ends on
/// convergence (Lanczos restarts); a reporter gives an ETA only when it is known:
/// `remaining = elapsed / done · (total − done)`.
public struct IterationProgress: Sendable, Equatable {
  /// The phase, e.g. `lanczos`, `slq`, `moments`.
  public let phase: String
  /// Units done so far (≥ 1).
  public let done: Int
  /// Units in all, when known.
  public let total: Int?
  /// A short human-readable state, e.g. `3/10 converged, largest residual 2.1e-06`.
  public let detail: String

  /// An event; see the properties.
  public init(phase: String, done: Int, total: Int?, detail: String) {
    self.phase = phase
    self.done = done
    self.total = total
    self.detail = detail
  }
}

/// A receiver of ``IterationProgress`` events (called on the computing thread; keep it cheap).
public typealias IterationProgressHandler = @Sendable (IterationProgress) -> Void
