// A tidy table (named columns, one row per record) written as CSV with full-precision numbers.

import Foundation

/// A tidy table for plot data: named columns, one row per record, written as RFC 4180 CSV.
///
/// Numbers are written with Swift's shortest round-trip representation (`17` significant digits at
/// most), so a value read back is bit-identical to the one computed.
public struct CSVTable: Sendable, Equatable {
  /// A cell: a number, an integer or text.
  public enum Cell: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral
  {
    /// A floating-point value (NaN written as `nan`, infinities as `inf`/`-inf`).
    case number(Double)
    /// An integer.
    case integer(Int)
    /// Text (quoted when it holds a comma, quote or newline).
    case text(String)

    /// A number cell.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// An integer cell.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A text cell.
    public init(stringLiteral value: String) { self = .text(value) }

    var csv: String {
      switch self {
      case .number(let x):
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return "\(x)"
      case .integer(let i): return "\(i)"
      case .text(let s):
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
          return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
      }
    }
  }

  /// Column names.
  public let columns: [String]
  /// Rows, each with one cell per column.
  public private(set) var rows: [[Cell]] = []

  /// An empty table with the given columns.
  public init(columns: [String]) { self.columns = columns }

  /// Appends a row.
  ///
  /// - Precondition: one cell per column.
  public mutating func append(_ row: [Cell]) {
    precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
    rows.append(row)
  }

  /// The table as CSV text (header line, then one line per row).
  public var csv: String {
    var out = columns.map { Cell.text($0).csv }.joined(separator: ",") + "\n"
    for r in rows { out += r.map(\.csv).joined(separator: ",") + "\n" }
    return out
  }
}
