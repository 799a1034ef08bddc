// The `theory` block of `spectrum` and `sweep` outputs: each statistic measured, predicted, relative error.
import Foundation
import Spectra

/// ``TheoryComparison`` with the constants flattened and explicit nulls: the `theory` block of the
/// `spectra` and `spectra-mpi` outputs.
public struct TheoryComparisonJSON: Encodable {
  /// The comparison encoded.
  public let comparison: TheoryComparison

  /// The JSON form of `comparison`.
  public init(comparison: TheoryComparison) { self.comparison = comparison }

  enum Keys: CodingKey {
    case matrix, referenceWidth, alpha, kappa1, kappa2, kappa1NTK, kappa2NTK, applicable
    case notApplicableReasons, inputMoments, statistics, note
  }

  enum StatisticKeys: CodingKey {
    case name, measured, predicted, relativeError, widthExponent
  }

  /// Encodes the flattened form.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    let k = comparison.constants
    try c.encode(comparison.matrix, forKey: .matrix)
    try c.encode(comparison.referenceWidth, forKey: .referenceWidth)
    try c.encode(k.alpha, forKey: .alpha)
    try c.encode(k.kappa1, forKey: .kappa1)
    try c.encode(k.kappa2, forKey: .kappa2)
    try c.encode(k.kappa1NTK, forKey: .kappa1NTK)
    try c.encode(k.kappa2NTK, forKey: .kappa2NTK)
    try c.encode(comparison.applicability.isApplicable, forKey: .applicable)
    try c.encode(comparison.applicability.reasons, forKey: .notApplicableReasons)
    try c.encode(comparison.inputMoments, forKey: .inputMoments)
    try c.encode(comparison.note, forKey: .note)
    var list = c.nestedUnkeyedContainer(forKey: .statistics)
    for s in comparison.statistics {
      var row = list.nestedContainer(keyedBy: StatisticKeys.self)
      try row.encode(s.name, forKey: .name)
      try row.encode(s.measured, forKey: .measured)
      try row.encode(s.predicted, forKey: .predicted)
      try row.encode(s.relativeError, forKey: .relativeError)
      try row.encode(s.widthExponent, forKey: .widthExponent)
    }
  }
}

extension TheoryComparison {
  /// The comparison as a tidy table: `name, measured, predicted, relative_error, width_exponent`.
  public var table: CSVTable {
    var t = CSVTable(columns: ["name", "measured", "predicted", "relative_error", "width_exponent"])
    for s in statistics {
      t.append([
        .text(s.name), .number(s.measured), .number(s.predicted ?? .nan), .number(s.relativeError ?? .nan),
        s.widthExponent.map { .integer($0) } ?? .text(""),
      ])
    }
    return t
  }

  /// Human-readable lines: one statistic per line with its prediction and relative error.
  public var summary: String {
    var lines = [
      "theory (\(matrix), M = \(referenceWidth), κ₁ = \(constants.kappa1), κ₂ = \(constants.kappa2)):"
    ]
    for s in statistics {
      let predicted = s.predicted.map { "\($0)" } ?? "—"
      let error = s.relativeError.map { String(format: "%+.2f %%", 100 * $0) } ?? "—"
      lines.append(
        "  \(s.name.padding(toLength: 24, withPad: " ", startingAt: 0)) measured \(s.measured)  predicted \(predicted)  (\(error))"
      )
    }
    if let note { lines.append("  note: \(note)") }
    return lines.joined(separator: "\n")
  }
}
