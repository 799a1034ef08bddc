// The error for invalid user input: names the field, the value and what was expected.

/// Invalid configuration or input: a message naming the field and the offending value.
///
/// Thrown at public entry points (`width must be positive, got -3`), never deep inside numerics.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The configuration field or input that is wrong (e.g. `width`, `activation`, `W2.npy`).
  public let field: String
  /// What is wrong, with the value.
  public let message: String

  /// An error about `field` with a message naming the value.
  public init(field: String, _ message: String) {
    self.field = field
    self.message = message
  }

  /// `field: message`.
  public var description: String { "\(field): \(message)" }
}
