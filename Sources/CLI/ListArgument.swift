// Comma-separated list arguments (`100,200,400`, integer ranges `0..4`), parsed in one place for every command.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// Parses comma-separated command-line lists, naming the field and the item that cannot be read.
enum ListArgument {
  /// Each comma-separated item of `text` through `parse`.
  ///
  /// - Throws: ``ConfigurationError`` naming `field` and the first item `parse` rejects.
  static func items<T>(_ text: String, field: String, _ parse: (String) -> T?) throws(ConfigurationError)
    -> [T]
  {
    var out: [T] = []
    for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let v = parse(item) else { throw ConfigurationError(field: field, "cannot read \"\(item)\"") }
      out.append(v)
    }
    return out
  }

  /// Integers and inclusive ranges `a..b`, e.g. `0..4,10`; at least one value.
  static func integers(_ text: String, field: String) throws(ConfigurationError) -> [Int] {
    var out: [Int] = []
    for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      if let r = part.range(of: "..") {
        guard let a = Int(part[..<r.lowerBound]), let b = Int(part[r.upperBound...]), a <= b else {
          throw ConfigurationError(field: field, "bad range \"\(part)\" (expected a..b with a ≤ b)")
        }
        out += Array(a...b)
      } else if let v = Int(part) {
        out.append(v)
      } else {
        throw ConfigurationError(field: field, "\"\(part)\" is not an integer")
      }
    }
    guard !out.isEmpty else { throw ConfigurationError(field: field, "needs at least one value") }
    return out
  }

  /// Finite numbers.
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
