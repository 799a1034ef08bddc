// Progress lines on stderr for long work: done/total, elapsed and an estimate of the time left.
import Foundation

/// The one progress reporter of the tool: lines on stderr, never on stdout (which carries results).
///
/// ```
/// <label>: <done>/<total> done, <elapsed> elapsed, ~<remaining> left (<what>)
/// remaining = elapsed / done · (total − done)
/// ```
struct ProgressReporter {
  let total: Int
  let label: String
  /// Print every `every`-th step (and the last one).
  let every: Int
  private let start = Date()
  private(set) var done = 0

  /// A reporter of `total` units of work, printing every `every`-th step and the last.
  init(total: Int, label: String, every: Int = 1) {
    self.total = total
    self.label = label
    self.every = max(1, every)
  }

  /// Marks one more unit done and, on a reporting step, prints the progress line.
  mutating func step(_ what: String) {
    done += 1
    guard done % every == 0 || done == total else { return }
    let elapsed = Date().timeIntervalSince(start)
    let remaining = elapsed / Double(done) * Double(max(0, total - done))
    Self.log(
      "\(label): \(done)/\(total) done, \(Self.format(elapsed)) elapsed, ~\(Self.format(remaining)) left (\(what))"
    )
  }

  /// One line on stderr.
  static func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// `12.3s`, `4m05s` or `2h07m`.
  static func format(_ seconds: Double) -> String {
    if seconds < 60 { return String(format: "%.1fs", seconds) }
    if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
    return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
  }
}
