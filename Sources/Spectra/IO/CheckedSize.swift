// Overflow-checked size arithmetic for readers: shape products and byte counts claimed by file headers.

/// Size arithmetic that reports overflow instead of trapping, for sizes that come from a file's header.
///
/// A header is untrusted input: a shape such as (3037000500, 3037000500) or (2⁶⁰,) would trap ordinary
/// `Int` multiplication. Every reader computes element and byte counts through these functions, refuses
/// what does not fit, and compares the result with the bytes the file really holds before allocating.
public enum CheckedSize {
  /// The largest single dimension a header may claim: 2³¹.
  public static let maximumDimension = 1 << 31

  /// `a · b`, or `nil` when the product overflows `Int`.
  public static func product(_ a: Int, _ b: Int) -> Int? {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : value
  }

  /// The product of `factors` (1 for none), or `nil` when it overflows `Int`.
  ///
  /// A zero factor gives 0 even when the other factors alone would overflow.
  public static func product(_ factors: some Sequence<Int>) -> Int? {
    var total = 1
    var overflowed = false
    for f in factors {
      if f == 0 { return 0 }
      if overflowed { continue }
      if let p = product(total, f) { total = p } else { overflowed = true }
    }
    return overflowed ? nil : total
  }

  /// `a + b`, or `nil` when the sum overflows `Int`.
  public static func sum(_ a: Int, _ b: Int) -> Int? {
    let (value, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : value
  }
}
