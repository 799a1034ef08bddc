// The one JSON policy of every output: snake_case keys by the encoder's key strategy, sorted, nulls explicit.
import Foundation

/// JSON encoding and decoding used by every output and every reader of the tool's own files.
///
/// Key policy: Swift properties are named in camelCase and written in snake_case by the key strategy
/// (`sigmaW2 → sigma_w2`, `kappa1NTK → kappa1_ntk`, `topCMean → top_c_mean`); a key already spelled with
/// an underscore is written verbatim, so the paper's capital symbols survive (`m_times_M_over_C`).
/// Dictionary keys (e.g. `timings`) are data and are never converted. Readers decode with
/// `.convertFromSnakeCase`, which also accepts the camelCase keys of files written before this policy.
enum JSONOutput {
  /// What the encoder does with a NaN or ±∞.
  enum NonFiniteNumbers {
    /// Fail with ``NonFiniteOutputError`` naming the key path: for values that must be finite (spectra,
    /// theory, sweep points).
    case refuse
    /// Write `null`: for summaries whose numbers may be legitimately undefined (a diverged training run's
    /// loss ratio, a missing final error, provenance records).
    case null
  }

  /// Sorted keys, pretty printed (or one line), slashes unescaped.
  ///
  /// Finite-value policy (docs/spectrum-json.md): a value that is legitimately undefined is an optional
  /// and written as `null`; a NaN or ±∞ that reaches the encoder is never written as a string (`"inf"`):
  /// with `.refuse` the encoding fails with ``NonFiniteOutputError`` naming the key path of the quantity,
  /// with `.null` it is written as `null`.
  static func encode<T: Encodable>(_ value: T, pretty: Bool = true, nonFinite: NonFiniteNumbers = .refuse)
    throws -> Data
  {
    let e = JSONEncoder()
    e.outputFormatting =
      pretty
      ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    e.keyEncodingStrategy = .custom { path in SnakeCaseKey(path.last!.stringValue) }
    switch nonFinite {
    case .refuse:
      e.nonConformingFloatEncodingStrategy = .throw
      do {
        return try e.encode(value)
      } catch EncodingError.invalidValue(let bad, let context) {
        throw NonFiniteOutputError(value: "\(bad)", path: context.codingPath)
      }
    case .null:
      e.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: nullMarker, negativeInfinity: nullMarker, nan: nullMarker)
      let text = String(decoding: try e.encode(value), as: UTF8.self)
      return Data(text.replacingOccurrences(of: "\"\(nullMarker)\"", with: "null").utf8)
    }
  }

  /// The placeholder string that `.null` encoding replaces by `null`.
  private static let nullMarker = "__spectra_non_finite__"

  /// Prints one JSON object on stdout (a single line when `pretty` is false).
  static func print<T: Encodable>(_ value: T, pretty: Bool = true) throws {
    let data = try encode(value, pretty: pretty)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
  }

  /// A decoder for the tool's own files (snake_case keys, or the camelCase of older files).
  static var decoder: JSONDecoder {
    let d = JSONDecoder()
    d.keyDecodingStrategy = .convertFromSnakeCase
    return d
  }

  /// `camelCase → camel_case`: an underscore before an uppercase letter that follows a lowercase letter or a
  /// digit, or that ends a run of capitals before a lowercase letter (`isPSDMatrix → is_psd_matrix`), then
  /// lowercased. Keys that already hold an underscore are returned unchanged.
  static func snakeCase(_ key: String) -> String {
    guard !key.contains("_") else { return key }
    let chars = Array(key)
    var out = ""
    for (i, ch) in chars.enumerated() {
      if ch.isUppercase && i > 0 {
        let previous = chars[i - 1]
        let next = i + 1 < chars.count ? chars[i + 1] : nil
        if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
          out.append("_")
        }
      }
      out.append(contentsOf: ch.lowercased())
    }
    return out
  }
}

/// A coding key written by ``JSONOutput/snakeCase(_:)``.
private struct SnakeCaseKey: CodingKey {
  let stringValue: String
  let intValue: Int? = nil
  init(_ key: String) { stringValue = JSONOutput.snakeCase(key) }
  init?(stringValue: String) { self.init(stringValue) }
  init?(intValue: Int) { nil }
}

/// A NaN or ±∞ that was about to be written as a JSON number, with the key path of the quantity.
struct NonFiniteOutputError: Error, CustomStringConvertible {
  /// The value (`inf`, `-inf`, `nan`).
  let value: String
  /// The snake_case key path, e.g. `theory.statistics[1].measured`.
  let path: String

  /// An error for `value` at `codingPath`.
  init(value: String, path codingPath: [any CodingKey]) {
    self.value = value
    path =
      codingPath.map { key in
        key.intValue.map { "[\($0)]" } ?? ".\(JSONOutput.snakeCase(key.stringValue))"
      }.joined().drop { $0 == "." }.description
  }

  var description: String {
    "\(path) is \(value), not a finite number; nothing was written (JSON holds finite numbers or null)"
  }
}
