// Comma-separated list arguments (`100,200,400`, integer ranges `0..4`), parsed in one place for every command.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// Parses comma-separated command-line lists, naming the option, the position and the item that cannot be
/// read.
///
/// ```
/// "100,200"   → [100, 200]
/// "100,,200"  → error: item 2 of "100,,200" is empty
/// "0..4,10"   → [0, 1, 2, 3, 4, 10]         (integers only; at most ``maximumItems`` values in all)
/// ""          → error: needs at least one value
/// ```
enum ListArgument {
  /// The most values one list may hold (ranges included), so that `0..1000000000` is refused before
  /// anything is allocated.
  static let maximumItems = 100_000

  /// The trimmed comma-separated items of `text`; every item is non-empty.
  ///
  /// - Throws: ``ConfigurationError`` naming `field` for an empty list or an empty item (a doubled,
  ///   leading or trailing comma), with its 1-based position.
  static func tokens(_ text: String, field: String) throws(ConfigurationError) -> [String] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if parts.allSatisfy(\.isEmpty) && parts.count == 1 {
      throw ConfigurationError(field: field, "needs at least one value")
    }
    if let empty = parts.firstIndex(where: \.isEmpty) {
      throw ConfigurationError(
        field: field,
        "item \(empty + 1) of \"\(text)\" is empty (a doubled, leading or trailing comma)")
    }
    guard parts.count <= maximumItems else {
      throw ConfigurationError(field: field, "has \(parts.count) items; at most \(maximumItems) are allowed")
    }
    return parts
  }

  /// Each comma-separated item of `text` through `parse`.
  ///
  /// - Throws: ``ConfigurationError`` naming `field` for an empty item, or the first item `parse` rejects
  ///   and its position.
  static func items<T>(_ text: String, field: String, _ parse: (String) -> T?) throws(ConfigurationError)
    -> [T]
  {
    var out: [T] = []
    for (i, item) in try tokens(text, field: field).enumerated() {
      guard let v = parse(item) else {
        throw ConfigurationError(field: field, "cannot read item \(i + 1), \"\(item)\"")
      }
      out.append(v)
    }
    return out
  }

  /// Integers and inclusive ranges `a..b`, e.g. `0..4,10`; at least one value, at most ``maximumItems``.
  ///
  /// - Throws: ``ConfigurationError`` naming `field` for an empty item, a malformed item or range, or a
  ///   list (ranges expanded) longer than ``maximumItems``; nothing is allocated for a refused range.
  static func integers(_ text: String, field: String) throws(ConfigurationError) -> [Int] {
    var out: [Int] = []
    for (i, part) in try tokens(text, field: field).enumerated() {
      if let r = part.range(of: "..") {
        guard let a = Int(part[..<r.lowerBound]), let b = Int(part[r.upperBound...]), a <= b else {
          throw ConfigurationError(
            field: field, "bad range \"\(part)\" at item \(i + 1) (expected a..b with a ≤ b)")
        }
        let (span, overflow) = b.subtractingReportingOverflow(a)
        guard !overflow, span < maximumItems - out.count else {
          throw ConfigurationError(
            field: field, "range \"\(part)\" holds too many values; at most \(maximumItems) are allowed")
        }
        out += Array(a...b)
      } else if let v = Int(part) {
        guard out.count < maximumItems else {
          throw ConfigurationError(field: field, "holds more than \(maximumItems) values")
        }
        out.append(v)
      } else {
        throw ConfigurationError(field: field, "item \(i + 1), \"\(part)\", is not an integer")
      }
    }
    return out
  }

  /// Finite numbers.
  ///
  /// - Throws: ``ConfigurationError`` naming `field` for an empty item or one that is not a finite number.
  static func numbers(_ text: String, field: String) throws(ConfigurationError) -> [Double] {
    try items(text, field: field) { Double($0).flatMap { $0.isFinite ? $0 : nil } }
  }
}

/// ``ListArgument/items(_:field:_:)`` for `validate()` and `run()`: a bad item is a usage error (exit 64).
func parseList<T>(_ text: String, _ name: String, _ parse: (String) -> T?) throws -> [T] {
  do { return try ListArgument.items(text, field: name, parse) } catch {
    throw ValidationError(error.description)
  }
}
