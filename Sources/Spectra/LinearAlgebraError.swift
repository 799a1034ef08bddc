// The one error type of the linear-algebra layer: bad input, or a numerical failure reported by LAPACK/GSL.

/// A failure of a linear-algebra routine: invalid input (named in the message) or a numerical failure.
///
/// Follows LAPACK's INFO split: `INFO > 0` (no convergence) becomes a thrown error with code
/// `.noConvergence`; `INFO < 0` (an illegal argument that this library passed) is a bug and traps.
public struct LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure this is (mirrors Eigen's `ComputationInfo`).
  public enum Code: String, Sendable, Equatable {
    /// Shapes do not fit (non-square where square is required, mismatched products, wrong entry count).
    case dimensionMismatch
    /// The input holds NaN or ±∞.
    case nonFinite
    /// The input is not symmetric within tolerance.
    case notSymmetric
    /// A size exceeds what 32-bit LAPACK indexing can address.
    case sizeTooLarge
    /// An argument is outside its domain (empty spectrum, bad index range, bad bin range, …).
    case invalidInput
    /// The iterative algorithm did not converge (LAPACK `INFO > 0`).
    case noConvergence
    /// A matrix expected to be positive semi-definite has an eigenvalue below the tolerance.
    case notPositiveSemidefinite
    /// A GSL routine returned an error code.
    case library
  }

  /// The kind of failure.
  public let code: Code
  /// A message naming the problem and the offending value.
  public let message: String

  /// An error of the given kind with a message that names the problem.
  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  /// The message, prefixed by the code.
  public var description: String { "\(code.rawValue): \(message)" }
}
