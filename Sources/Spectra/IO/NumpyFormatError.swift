// The error of the `.npy` reader: names the file, the header field and the value.

/// A `.npy` file that cannot be read or does not hold a real array in a supported layout.
public struct NumpyFormatError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, naming the file or header field and the offending value.
  public let message: String

  /// An error with the given message.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
