// The largest counts the command line accepts, refused in validate() before anything is allocated.
import ArgumentParser

/// Upper bounds on counts given on the command line, so an impossible request (a typo of a few digits) is
/// refused at once with a message instead of allocating for minutes and then failing.
///
/// ```
/// depth L                  ≤ 10 000    (spectrum, train, lr-sweep, sweep, theory)
/// --bins                   ≤ 100 000
/// --quadrature-points      ≤ 4 096     (the 2-D integrals cost points² evaluations)
/// sweep points             ≤ 100 000   (the product of the axes' lengths)
/// one list (ranges too)    ≤ 100 000   (``ListArgument/maximumItems``)
/// ```
///
/// Widths, sample and output counts are bounded by the library's ``FIM/SizeLimits`` (32-bit BLAS sizes);
/// whether a request fits in memory is the memory planner's question.
enum CountLimits {
  /// The deepest network: L ≤ 10 000.
  static let depth = 10_000
  /// The most histogram bins of `density.csv`.
  static let bins = 100_000
  /// The most Gauss–Hermite nodes per dimension.
  static let quadraturePoints = 4_096
  /// The most points of one sweep plan.
  static let sweepPoints = 100_000

  /// Refuses `value` above `limit`, naming the option.
  ///
  /// - Throws: `ValidationError` "`option` must be at most `limit`, got `value`".
  static func check(_ value: Int, atMost limit: Int, _ option: String, why: String = "") throws {
    guard value <= limit else {
      throw ValidationError(
        "\(option) must be at most \(limit), got \(value)\(why.isEmpty ? "" : " (\(why))")")
    }
  }
}
