// The resident memory of this process, from /proc/self/status: peak (VmHWM) and current (VmRSS).
import Foundation

/// The resident set of the running process as the kernel reports it in `/proc/self/status`.
///
/// ```
/// VmHWM   peak resident set size ("high water mark") since start
/// VmRSS   current resident set size
/// ```
/// Used to record the measured peak beside the estimate (``ByteCount``) in `run.json`, and by tests that
/// compare estimates with reality. Both are nil off Linux.
public enum ProcessMemory {
  /// VmHWM in bytes, or nil when unavailable.
  public static var peakResident: ByteCount? { field("VmHWM:", in: "/proc/self/status") }
  /// VmRSS in bytes, or nil when unavailable.
  public static var currentResident: ByteCount? { field("VmRSS:", in: "/proc/self/status") }

  /// The `name` line of a `/proc/<pid>/status`-style file (a value in kB) in bytes.
  public static func field(_ name: String, in path: String) -> ByteCount? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name) {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 2, let kb = Int(fields[1]) else { return nil }
      return ByteCount.product([kb, 1024])
    }
    return nil
  }
}
