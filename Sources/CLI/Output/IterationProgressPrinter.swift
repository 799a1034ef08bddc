// Progress lines for the matrix-free methods: at most one line every few seconds, with an ETA when the
// amount of work is known.
import Foundation
import Spectra

/// Prints ``IterationProgress`` events on stderr, throttled to one line per `interval` seconds per phase
/// (and always the last unit of a phase with a known total):
///
/// ```
/// <phase>: <done>[/<total>] done, <elapsed> elapsed[, ~<remaining> left] (<detail>)
/// remaining = elapsed_in_phase / done · (total − done)
/// ```
final class IterationProgressPrinter: @unchecked Sendable {
  private let interval: TimeInterval
  private let lock = NSLock()
  private var phaseStart: [String: Date] = [:]
  private var lastPrinted: [String: Date] = [:]

  /// A printer that prints at most every `interval` seconds per phase.
  init(interval: TimeInterval = 5) { self.interval = interval }

  /// The handler to give to the iterative methods.
  var handler: IterationProgressHandler { { [self] event in self.receive(event) } }

  private func receive(_ event: IterationProgress) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    let start = phaseStart[event.phase] ?? now
    if phaseStart[event.phase] == nil { phaseStart[event.phase] = now }
    let last = event.total.map { event.done >= $0 } ?? false
    if !last, let previous = lastPrinted[event.phase], now.timeIntervalSince(previous) < interval { return }
    lastPrinted[event.phase] = now
    let elapsed = now.timeIntervalSince(start)
    var line = "\(event.phase): \(event.done)"
    if let total = event.total { line += "/\(total)" }
    line += " done, \(ProgressReporter.format(elapsed)) elapsed"
    if let total = event.total, event.done > 0 {
      let remaining = elapsed / Double(event.done) * Double(max(0, total - event.done))
      line += ", ~\(ProgressReporter.format(remaining)) left"
    }
    ProgressReporter.log(line + " (\(event.detail))")
  }
}
