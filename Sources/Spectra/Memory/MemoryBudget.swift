// How much memory a run may use: the --memory-budget option, else the cgroup limit, else MemAvailable.

/// The memory a run may use, and where that number came from.
///
/// ```
/// --memory-budget given         → that value                                    (source .option)
/// otherwise min of what can be read:
///   cgroup v2  memory.max − memory.current                  (unless memory.max is "max")
///   cgroup v1  memory.limit_in_bytes − memory.usage_in_bytes (unless the limit is ≥ 2⁶², "unlimited")
///   /proc/meminfo  MemAvailable
/// nothing readable               → unknown: every estimate is taken to fit
/// ```
///
/// The cgroup is the one `/proc/self/cgroup` names (v2: the `0::` line; v1: the `memory` controller), and
/// the cgroup root as mounted when that path is not visible (containers). Reading is in
/// ``detect(root:)``; ``parse(_:option:)`` reads `8G`, `512M`, `1.5GiB`, `1000000` (bytes).
public struct MemoryBudget: Sendable, Equatable, Codable {
  /// Where a budget came from.
  public enum Source: String, Sendable, Codable, CaseIterable {
    /// The `--memory-budget` option.
    case option
    /// cgroup v2 `memory.max − memory.current`.
    case cgroupV2 = "cgroup-v2"
    /// cgroup v1 `memory.limit_in_bytes − memory.usage_in_bytes`.
    case cgroupV1 = "cgroup-v1"
    /// `/proc/meminfo` `MemAvailable`.
    case memAvailable = "mem-available"
    /// Nothing could be read.
    case unknown

    /// How the source is named in messages.
    public var label: String {
      switch self {
      case .option: "--memory-budget"
      case .cgroupV2: "cgroup v2 memory.max − memory.current"
      case .cgroupV1: "cgroup v1 memory.limit_in_bytes − usage"
      case .memAvailable: "MemAvailable"
      case .unknown: "unknown: no cgroup limit or /proc/meminfo found"
      }
    }
  }

  /// The bytes available (``ByteCount/unbounded`` when unknown).
  public let bytes: ByteCount
  /// Where they came from.
  public let source: Source

  /// A budget of `bytes` from `source`.
  public init(bytes: ByteCount, source: Source) {
    self.bytes = bytes
    self.source = source
  }

  /// Whether `estimate` fits.
  public func admits(_ estimate: ByteCount) -> Bool { estimate <= bytes }

  /// `--memory-budget` if given (parsed by ``parse(_:option:)``), else ``detect(root:)``.
  ///
  /// - Throws: ``ConfigurationError`` naming `option` and the value when it cannot be parsed.
  public static func resolve(option text: String?, optionName: String = "memory-budget", root: String = "/")
    throws(ConfigurationError) -> MemoryBudget
  {
    if let text { return MemoryBudget(bytes: try parse(text, option: optionName), source: .option) }
    return detect(root: root)
  }

  /// Parses a size: a positive decimal number with an optional unit, case-insensitive.
  ///
  /// ```
  /// (none) or B     bytes               k, kB   10³      ki, KiB   2¹⁰
  ///                                      M, MB   10⁶      Mi, MiB   2²⁰
  ///                                      G, GB   10⁹      Gi, GiB   2³⁰
  ///                                      T, TB   10¹²     Ti, TiB   2⁴⁰
  /// ```
  /// Decimal units match how sizes are printed (``ByteCount/description``).
  ///
  /// - Throws: ``ConfigurationError`` (field `option`) for an empty, negative, zero, non-finite or
  ///   unparsable value, an unknown unit, or a size beyond 2⁶³ bytes.
  public static func parse(_ text: String, option: String = "memory-budget") throws(ConfigurationError)
    -> ByteCount
  {
    let trimmed = text.trimmingWhitespace
    func refuse(_ why: String) -> ConfigurationError {
      ConfigurationError(
        field: option,
        "--\(option) must be a positive size such as 8G, 512M, 1.5GiB or a byte count; got '\(text)' (\(why))"
      )
    }
    let numberEnd = trimmed.firstIndex { !($0.isNumber || $0 == ".") } ?? trimmed.endIndex
    let number = String(trimmed[..<numberEnd])
    let unit = String(trimmed[numberEnd...]).trimmingWhitespace.lowercased()
    guard !number.isEmpty, let value = Double(number), value.isFinite else {
      throw refuse(trimmed.hasPrefix("-") ? "negative" : "not a number")
    }
    let multipliers: [String: Double] = [
      "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
      "ki": 1024, "kib": 1024, "mi": 1_048_576, "mib": 1_048_576, "gi": 1_073_741_824,
      "gib": 1_073_741_824, "ti": 1_099_511_627_776, "tib": 1_099_511_627_776,
    ]
    guard let multiplier = multipliers[unit] else {
      throw refuse("unknown unit '\(unit)'; use B, k, M, G, T or Ki, Mi, Gi, Ti")
    }
    let bytes = (value * multiplier).rounded(.down)
    guard bytes >= 1 else { throw refuse("must be at least one byte") }
    guard bytes < 9.2e18 else { throw refuse("beyond 2⁶³ bytes") }
    return ByteCount(Int(bytes))
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines (no Foundation).
  var trimmingWhitespace: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return String(self[first...last])
  }
}
