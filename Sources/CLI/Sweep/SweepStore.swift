import FIM
// The on-disk state of a sweep: one atomic JSON file per finished point, and the tidy table rebuilt from them.
import Foundation
import Spectra

/// The results of one finished sweep point: one or more table rows (e.g. one per metric).
struct PointRecord: Codable, Equatable {
  /// The point's stable key.
  var key: String
  /// Column names (the same for every point of a sweep).
  var columns: [String]
  /// Rows of values, one cell per column.
  var rows: [[CellValue]]
}

/// A JSON-codable table cell.
enum CellValue: Codable, Equatable {
  /// A number; NaN (a missing value, e.g. no prediction) is stored as `null`, ±∞ is refused. Files
  /// written before this policy hold the strings `nan`, `inf`, `-inf`, which are still read.
  case number(Double)
  /// An integer.
  case integer(Int)
  /// Text.
  case text(String)

  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .number(.nan)
    } else if let i = try? c.decode(Int.self) {
      self = .integer(i)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else {
      let s = try c.decode(String.self)
      switch s {
      case "nan": self = .number(.nan)
      case "inf": self = .number(.infinity)
      case "-inf": self = .number(-.infinity)
      default: self = .text(s)
      }
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .number(let d):
      if d.isNaN {
        try c.encodeNil()
      } else {
        try c.encode(d)  // ±∞ fails the encoding (JSONOutput's finite-value policy)
      }
    case .integer(let i): try c.encode(i)
    case .text(let s): try c.encode(s)
    }
  }

  var cell: CSVTable.Cell {
    switch self {
    case .number(let d): return .number(d)
    case .integer(let i): return .integer(i)
    case .text(let s): return .text(s)
    }
  }
}

/// A sweep's output directory:
///
/// ```
/// DIR/sweep.json          the plan (checked on resume: a different plan is refused)
/// DIR/points/KEY.json     one finished point each, written atomically
/// DIR/results.csv         the tidy table, rebuilt from points/ (rows sorted by key)
/// DIR/run.json            provenance of the latest run
/// DIR/corrupted/          damaged point files, set aside (their points are recomputed)
/// DIR/.spectra.lock       the advisory lock of the run writing here (``OutputDirectory``)
/// ```
///
/// Interrupting (SIGINT, SIGTERM, even SIGKILL) loses nothing already finished; shards writing into one directory never touch the same
/// file; merging directories is a union of `points/` (duplicates by key must be identical).
struct SweepStore {
  let directory: URL
  var pointsDirectory: URL { directory.appendingPathComponent("points") }
  var planURL: URL { directory.appendingPathComponent("sweep.json") }
  var tableURL: URL { directory.appendingPathComponent("results.csv") }

  /// Opens (creating) the directory for `plan`; refuses a directory holding a different plan.
  static func open(_ directory: URL, plan: SweepPlan) throws -> SweepStore {
    let store = SweepStore(directory: directory)
    let fm = FileManager.default
    if fm.fileExists(atPath: store.planURL.path) {
      let existing: SweepPlan
      do {
        existing = try JSONOutput.decoder.decode(SweepPlan.self, from: Data(contentsOf: store.planURL))
      } catch {
        throw ConfigurationError(
          field: "out",
          "\(store.planURL.path) exists but cannot be read as a sweep plan (\(error)); use a new --out directory"
        )
      }
      guard existing.fixed == plan.fixed else {
        let changes = plan.fixed.differences(from: existing.fixed).joined(separator: "; ")
        throw ConfigurationError(
          field: "out",
          "\(directory.path) holds a sweep with different fixed settings (\(changes)); use a new --out directory to avoid mixing results"
        )
      }
      // Axes may grow on resume (e.g. more seeds); the stored plan becomes the union.
      var union = existing
      union.widths = Array(Set(existing.widths + plan.widths)).sorted()
      union.depths = Array(Set(existing.depths + plan.depths)).sorted()
      union.samples = Array(Set(existing.samples + plan.samples)).sorted()
      union.outputs = Array(Set(existing.outputs + plan.outputs)).sorted()
      union.seeds = Array(Set(existing.seeds + plan.seeds)).sorted()
      if union != existing { try AtomicFile.write(JSONOutput.encode(union), to: store.planURL) }
    } else {
      try AtomicFile.write(JSONOutput.encode(plan), to: store.planURL)
    }
    try fm.createDirectory(at: store.pointsDirectory, withIntermediateDirectories: true)
    return store
  }

  func url(forKey key: String) -> URL { pointsDirectory.appendingPathComponent("\(key).json") }

  /// Keys of finished points. Every point file is read and checked; a damaged one (half-written, not
  /// JSON, or whose key or row lengths disagree with its name) is moved aside into `corrupted/` with a
  /// message naming it, and its point counts as not finished, so it is recomputed.
  func finishedRecords() throws -> [String: PointRecord] {
    let fm = FileManager.default
    guard fm.fileExists(atPath: pointsDirectory.path) else { return [:] }
    var out: [String: PointRecord] = [:]
    for name in try fm.contentsOfDirectory(atPath: pointsDirectory.path).sorted()
    where name.hasSuffix(".json") && !name.hasPrefix(".") {
      let url = pointsDirectory.appendingPathComponent(name)
      let key = String(name.dropLast(".json".count))
      do {
        let record = try JSONOutput.decoder.decode(PointRecord.self, from: Data(contentsOf: url))
        guard record.key == key, record.rows.allSatisfy({ $0.count == record.columns.count }) else {
          try setAside(url, key: key, reason: "its key or row lengths do not match point \(key)")
          continue
        }
        out[record.key] = record
      } catch let error as DecodingError {
        try setAside(url, key: key, reason: "it is corrupted or half-written (\(Self.describe(error)))")
      }
    }
    return out
  }

  /// Moves a damaged point file into `DIR/corrupted/` (never overwriting an earlier one) and says so.
  private func setAside(_ url: URL, key: String, reason: String) throws {
    let aside = directory.appendingPathComponent("corrupted")
    try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
    var target = aside.appendingPathComponent(url.lastPathComponent)
    var n = 1
    while FileManager.default.fileExists(atPath: target.path) {
      n += 1
      target = aside.appendingPathComponent("\(url.lastPathComponent).\(n)")
    }
    try FileManager.default.moveItem(at: url, to: target)
    ProgressReporter.log(
      "sweep: point file \(url.path) was set aside: \(reason); moved to \(target.path), point \(key) will be recomputed"
    )
  }

  /// A one-line description of a decoding failure.
  private static func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
      return c.debugDescription
    @unknown default: return "\(error)"
    }
  }

  /// Saves one finished point atomically.
  func save(_ record: PointRecord) throws {
    try AtomicFile.write(JSONOutput.encode(record, pretty: false), to: url(forKey: record.key))
  }

  /// Rebuilds `results.csv` from all finished points (rows ordered by key), atomically.
  @discardableResult
  func rebuildTable() throws -> Int {
    let records = try finishedRecords().values.sorted { $0.key < $1.key }
    // The widest column list; points written before columns were appended hold a prefix of it and get
    // empty cells in the appended columns (docs/sweep.md).
    guard let columns = records.map(\.columns).max(by: { $0.count < $1.count }) else { return 0 }
    var table = CSVTable(columns: ["key"] + columns)
    for r in records {
      guard columns.starts(with: r.columns) else {
        throw ConfigurationError(field: "out", "point \(r.key) has different columns from the others")
      }
      let padding = [CSVTable.Cell](repeating: .text(""), count: columns.count - r.columns.count)
      for row in r.rows { table.append([.text(r.key)] + row.map(\.cell) + padding) }
    }
    try AtomicFile.write(table.csv, to: tableURL)
    return table.rows.count
  }
}
