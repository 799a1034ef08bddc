// Reading a tidy CSV table back (RFC 4180 quoting), with errors naming the line.
import Foundation

extension CSVTable {
  /// Parses CSV text written by ``csv`` (or any RFC 4180 file with a header line).
  ///
  /// Cells that parse as integers become `.integer`, other numbers (including `nan`, `inf`, `-inf`)
  /// `.number`, everything else `.text`.
  ///
  /// - Throws: ``LinearAlgebraError`` with code `.invalidInput` naming the line of a row with the wrong
  ///   number of cells or an unterminated quote (e.g. a half-written file).
  public init(parsing text: String) throws(LinearAlgebraError) {
    var records: [[String]] = []
    var field = ""
    var record: [String] = []
    var inQuotes = false
    var line = 1
    var chars = text.makeIterator()
    var pending: Character? = nil
    while let ch = pending ?? chars.next() {
      pending = nil
      if inQuotes {
        if ch == "\"" {
          if let next = chars.next() {
            if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
          } else {
            inQuotes = false
          }
        } else {
          if ch == "\n" { line += 1 }
          field.append(ch)
        }
        continue
      }
      switch ch {
      case "\"": inQuotes = true
      case ",":
        record.append(field)
        field = ""
      case "\r\n", "\n":
        record.append(field)
        records.append(record)
        record = []
        field = ""
        line += 1
      case "\r": break
      default: field.append(ch)
      }
    }
    if inQuotes {
      throw LinearAlgebraError(.invalidInput, "CSV: unterminated quoted field starting before line \(line)")
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(field)
      records.append(record)
    }
    guard let header = records.first, !header.isEmpty, header != [""] else {
      throw LinearAlgebraError(.invalidInput, "CSV: no header line")
    }
    self.init(columns: header)
    for (i, r) in records.dropFirst().enumerated() {
      if r == [""] { continue }
      guard r.count == header.count else {
        throw LinearAlgebraError(
          .invalidInput,
          "CSV line \(i + 2) has \(r.count) cells, the header has \(header.count) (truncated file?)")
      }
      append(r.map(Cell.init(parsing:)))
    }
  }

  /// The values of column `name` as numbers (integers converted; text gives `nil`).
  public func numbers(in name: String) -> [Double?]? {
    guard let j = columns.firstIndex(of: name) else { return nil }
    return rows.map { $0[j].number }
  }

  /// The values of column `name` as text.
  public func texts(in name: String) -> [String]? {
    guard let j = columns.firstIndex(of: name) else { return nil }
    return rows.map { $0[j].csvText }
  }
}

extension CSVTable.Cell {
  /// A cell from its CSV text.
  init(parsing s: String) {
    if let i = Int(s) {
      self = .integer(i)
    } else if let d = Double(s) {
      self = .number(d)
    } else {
      switch s {
      case "nan": self = .number(.nan)
      case "inf": self = .number(.infinity)
      case "-inf": self = .number(-.infinity)
      default: self = .text(s)
      }
    }
  }

  /// The cell as a number when it is one.
  public var number: Double? {
    switch self {
    case .number(let d): return d
    case .integer(let i): return Double(i)
    case .text: return nil
    }
  }

  /// The cell's text as written in CSV (unquoted).
  public var csvText: String {
    switch self {
    case .number(let d): return d.isNaN ? "nan" : d.isInfinite ? (d > 0 ? "inf" : "-inf") : "\(d)"
    case .integer(let i): return "\(i)"
    case .text(let s): return s
    }
  }
}
