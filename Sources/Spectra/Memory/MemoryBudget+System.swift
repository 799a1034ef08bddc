// Reading the machine's memory: the cgroup v2/v1 limit and usage, and /proc/meminfo's MemAvailable.
import Foundation

extension MemoryBudget {
  /// The memory available to this process, read from files under `root` (`/` normally; a fixture
  /// directory in tests): the smallest of the cgroup v2 headroom, the cgroup v1 headroom and
  /// `MemAvailable`, with the source that gave it; ``Source/unknown`` when none can be read.
  public static func detect(root: String = "/") -> MemoryBudget {
    var candidates: [MemoryBudget] = []
    if let b = cgroupV2(root: root) { candidates.append(MemoryBudget(bytes: b, source: .cgroupV2)) }
    if let b = cgroupV1(root: root) { candidates.append(MemoryBudget(bytes: b, source: .cgroupV1)) }
    if let b = memAvailable(root: root) { candidates.append(MemoryBudget(bytes: b, source: .memAvailable)) }
    return candidates.min { $0.bytes < $1.bytes } ?? MemoryBudget(bytes: .unbounded, source: .unknown)
  }

  /// `memory.max − memory.current` of this process's cgroup v2, or nil when unlimited or unreadable.
  static func cgroupV2(root: String) -> ByteCount? {
    let path = cgroupPath(root: root) { $0.hasPrefix("0::") }
    for dir in candidates(root: root, mount: "sys/fs/cgroup", path: path) {
      guard let limitText = read(dir + "/memory.max") else { continue }
      guard let limit = Int(limitText) else { return nil }  // "max": no limit at this level
      let used = read(dir + "/memory.current").flatMap { Int($0) } ?? 0
      return ByteCount(limit - used)
    }
    return nil
  }

  /// `memory.limit_in_bytes − memory.usage_in_bytes` of the v1 memory controller, or nil when the limit is
  /// "unlimited" (≥ 2⁶², the kernel's page-rounded `LONG_MAX`) or unreadable.
  static func cgroupV1(root: String) -> ByteCount? {
    let path = cgroupPath(root: root) { line in
      line.split(separator: ":", maxSplits: 2).dropFirst().first?.split(separator: ",").contains("memory")
        ?? false
    }
    for dir in candidates(root: root, mount: "sys/fs/cgroup/memory", path: path) {
      guard let limitText = read(dir + "/memory.limit_in_bytes") else { continue }
      guard let limit = Int(limitText), limit < 1 << 62 else { return nil }
      let used = read(dir + "/memory.usage_in_bytes").flatMap { Int($0) } ?? 0
      return ByteCount(limit - used)
    }
    return nil
  }

  /// `MemAvailable` of `/proc/meminfo` (kB → bytes), or nil.
  static func memAvailable(root: String) -> ByteCount? {
    guard let text = read(join(root, "proc/meminfo")) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 2, let value = Int(fields[1]) else { return nil }
      let unit = fields.count >= 3 ? fields[2].lowercased() : "b"
      return unit == "kb" ? ByteCount.product([value, 1024]) : ByteCount(value)
    }
    return nil
  }

  /// The cgroup path of the first `/proc/self/cgroup` line matching `matches` (the text after the second
  /// colon), or nil.
  private static func cgroupPath(root: String, matching matches: (Substring) -> Bool) -> String? {
    guard let text = read(join(root, "proc/self/cgroup")) else { return nil }
    for line in text.split(separator: "\n") where matches(line) {
      let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      if parts.count == 3 { return String(parts[2]) }
    }
    return nil
  }

  /// The process's own cgroup directory, then the mount's root (a container sees its cgroup there).
  private static func candidates(root: String, mount: String, path: String?) -> [String] {
    let base = join(root, mount)
    var dirs: [String] = []
    if let p = path, p != "/" { dirs.append(base + p) }
    dirs.append(base)
    return dirs
  }

  private static func join(_ root: String, _ path: String) -> String {
    root.hasSuffix("/") ? root + path : root + "/" + path
  }

  /// The trimmed contents of a small text file, or nil.
  private static func read(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingWhitespace
  }
}
