// Progress lines on stderr for long work: done/total, elapsed and an estimate of the time left.
import Foundation

/// Reports progress of `total` units of work on stderr.
struct Progress {
  let total: Int
  let label: String
  private let start = Date()
  private(set) var done = 0

  init(total: Int, label: String) {
    self.total = total
    self.label = label
  }

  /// Marks one more unit done and prints `label: done/total, elapsed, ~remaining (what)`.
  mutating func step(_ what: String) {
    done += 1
    let elapsed = Date().timeIntervalSince(start)
    let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
    Progress.log(
      "\(label): \(done)/\(total) done, \(Self.format(elapsed)) elapsed, ~\(Self.format(remaining)) left (\(what))"
    )
  }

  /// One line on stderr.
  static func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  static func format(_ seconds: Double) -> String {
    if seconds < 60 { return String(format: "%.1fs", seconds) }
    if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
    return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
  }
}
