// The largest sizes the library accepts, and size arithmetic that refuses rather than traps on overflow.
import Spectra

/// The largest dimensions a network, its inputs or a dual may have, and checked size arithmetic.
///
/// ```
/// every width M_l, C, N, and the dual side C·N   ≤ 2³¹ − 1   (BLAS and LAPACK take 32-bit `int` sizes)
/// the weights of one layer M_l·M_{l−1}, N·M_0     ≤ 2³¹ − 1   (level-1 BLAS runs over a matrix's elements)
/// ```
///
/// These are arithmetic bounds, not memory bounds: a request inside them may still be far too large for
/// the machine, which is the memory planner's question. Their purpose is that a user's number never
/// reaches an `Int` overflow trap or a failing `Int32(…)` conversion; it is refused with a message that
/// names the size instead.
public enum SizeLimits {
  /// The largest single dimension (a width, a sample or output count, the dual side C·N): 2³¹ − 1.
  public static let dimension = Int(Int32.max)
  /// The largest element count of one weight or input matrix: 2³¹ − 1.
  public static let elements = Int(Int32.max)

  /// Checks that `value` is at most ``dimension``.
  ///
  /// - Throws: `ConfigurationError` naming `field` and `what` when `value` exceeds the limit.
  public static func checkDimension(_ value: Int, _ what: String, field: String) throws(ConfigurationError) {
    guard value <= dimension else {
      throw ConfigurationError(
        field: field, "\(what) = \(value) exceeds \(dimension), the largest size BLAS and LAPACK accept")
    }
  }

  /// `a · b` for non-negative sizes, when it is at most `limit`.
  ///
  /// - Throws: `ConfigurationError` naming `field` and `what` when the product overflows or exceeds
  ///   `limit`.
  public static func product(_ a: Int, _ b: Int, _ what: String, field: String, limit: Int = elements)
    throws(ConfigurationError) -> Int
  {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow, p <= limit else {
      let value = overflow ? "more than \(Int.max)" : "\(p)"
      throw ConfigurationError(
        field: field, "\(what) = \(a)·\(b) = \(value) exceeds \(limit), the largest size BLAS accepts")
    }
    return p
  }
}
