// Wall-clock timing: the minimum over repetitions (other processes only ever add time).
import Foundation

/// Wall-clock timing helpers.
enum Stopwatch {
  /// Seconds taken by one call of `body`.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let d = try ContinuousClock().measure(body)
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// The one-minute load average, from `/proc/loadavg` (nil where unavailable).
  static var loadAverage: String? {
    guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return s.split(separator: " ").prefix(3).joined(separator: " ")
  }
}
