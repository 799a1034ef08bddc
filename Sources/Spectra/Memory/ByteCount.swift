// A count of bytes with saturating arithmetic: absurd sizes become "unbounded" instead of trapping.

/// A number of bytes, saturating at `Int.max`, which stands for "more than can be addressed" (unbounded).
///
/// Memory estimates multiply user-given sizes (`8·(C·N)²` with N = 10⁹ overflows `Int`); every product
/// and sum here uses `multipliedReportingOverflow`/`addingReportingOverflow`, so an estimate of an absurd
/// request is ``unbounded`` rather than a trap. Negative inputs are clamped to 0.
public struct ByteCount: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The bytes, or `Int.max` when unbounded.
  public let bytes: Int

  /// `bytes` bytes (negative values become 0).
  public init(_ bytes: Int) { self.bytes = max(bytes, 0) }

  /// No bytes.
  public static let zero = ByteCount(0)
  /// More than `Int.max` bytes.
  public static let unbounded = ByteCount(Int.max)

  /// Whether the count overflowed.
  public var isUnbounded: Bool { bytes == Int.max }

  /// `8·∏ factors` bytes: the storage of that many doubles, saturating.
  public static func doubles(_ factors: Int...) -> ByteCount { product([8] + factors) }

  /// `∏ factors` bytes, saturating (any negative factor counts as 0).
  public static func product(_ factors: [Int]) -> ByteCount {
    var p = 1
    for f in factors {
      guard f > 0 else { return .zero }
      let (r, overflow) = p.multipliedReportingOverflow(by: f)
      if overflow { return .unbounded }
      p = r
    }
    return ByteCount(p)
  }

  /// The saturating sum.
  public static func + (a: ByteCount, b: ByteCount) -> ByteCount {
    let (r, overflow) = a.bytes.addingReportingOverflow(b.bytes)
    return overflow ? .unbounded : ByteCount(r)
  }

  /// The saturating product with a count.
  public static func * (a: ByteCount, k: Int) -> ByteCount { product([a.bytes, k]) }

  /// Ordered by size (unbounded last).
  public static func < (a: ByteCount, b: ByteCount) -> Bool { a.bytes < b.bytes }

  /// Decimal units with three significant figures: `812 B`, `3.10 MB`, `80.0 GB`, `1.2e+03 TB`; `∞` when
  /// unbounded. (1 kB = 10³ B, 1 GB = 10⁹ B.)
  public var description: String {
    if isUnbounded { return "∞ (overflows 64-bit)" }
    let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    if unit == 0 { return "\(bytes) B" }
    let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
    return Self.fixed(value, digits: digits) + " " + units[unit]
  }

  /// `value` with `digits` decimals (no Foundation).
  static func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
      let decimals = text.distance(from: dot, to: text.endIndex) - 1
      if digits == 0 {
        text = String(text[..<dot])
      } else if decimals < digits {
        text += String(repeating: "0", count: digits - decimals)
      }
    }
    return text
  }

  /// Encoded as a JSON number of bytes, `"inf"` when unbounded (the output's non-finite policy).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(isUnbounded ? Double.infinity : Double(bytes))
  }

  /// Decodes a byte count written as a number; an infinite or out-of-range one is unbounded.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let i = try? c.decode(Int.self) {
      self.init(i)
    } else {
      let d = try c.decode(Double.self)
      self = d.isFinite && d < 9.2e18 ? ByteCount(Int(d)) : .unbounded
    }
  }
}
