// The predicted bulk density as plot data: bulk-theory.csv (grid, density, cdf) and its JSON summary.
import FIM
import Foundation
import Spectra

/// Plot data of a predicted bulk law (``BulkPrediction``), shared by `theory --density` and `spectrum --out`.
///
/// ```
/// bulk-theory.csv   x, density, cdf        (the tabulated law; density integrates to 1)
/// ```
///
/// Source: `docs/bulk-theory.md` §4.
struct BulkTheoryOutput: Encodable {
  let law: TabulatedSpectralLaw
  let prediction: BulkPrediction

  /// The table `x, density, cdf` on the law's grid.
  var table: CSVTable {
    var t = CSVTable(columns: ["x", "density", "cdf"])
    for (x, rho) in zip(law.grid, law.densities) {
      t.append([.number(x), .number(rho), .number(law.cdf(x))])
    }
    return t
  }

  enum CodingKeys: String, CodingKey {
    case supportLower = "support_lower"
    case supportUpper = "support_upper"
    case mean, outlier = "predicted_outlier", outlierMultiplicity = "outlier_multiplicity"
    case leadingOrderExact = "leading_order_exact", provenance, grid, density
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(law.support.lowerBound, forKey: .supportLower)
    try c.encode(law.support.upperBound, forKey: .supportUpper)
    try c.encode(law.moment(1), forKey: .mean)
    try c.encode(prediction.outlierValue, forKey: .outlier)
    try c.encode(prediction.meanSubtracted ? 0 : prediction.blocks, forKey: .outlierMultiplicity)
    try c.encode(prediction.isLeadingOrderExact, forKey: .leadingOrderExact)
    try c.encode(BulkComparison.provenance, forKey: .provenance)
    try c.encode(law.grid, forKey: .grid)
    try c.encode(law.densities, forKey: .density)
  }

  /// Writes `bulk-theory.csv` into `dir` (and `bulk-theory.json` when `json` is true).
  func write(to dir: URL, json: Bool) throws {
    try AtomicFile.write(table.csv, to: dir.appendingPathComponent("bulk-theory.csv"))
    if json {
      try AtomicFile.write(JSONOutput.encode(self), to: dir.appendingPathComponent("bulk-theory.json"))
    }
  }

  /// Support edges, mean and a coarse table of about `rows` lines.
  func summary(rows: Int = 24) -> String {
    var lines = [
      "predicted bulk (linear-width deterministic equivalent, \(prediction.isLeadingOrderExact ? "leading order exact" : "approximate: omitted terms, see docs/bulk-theory.md §3"))",
      "support [\(law.support.lowerBound), \(law.support.upperBound)]  mean \(law.moment(1))  outlier \(prediction.outlierValue) ×\(prediction.meanSubtracted ? 0 : prediction.blocks)",
      "x density",
    ]
    let step = max(1, law.grid.count / rows)
    for i in stride(from: 0, to: law.grid.count, by: step) {
      lines.append("\(law.grid[i]) \(law.densities[i])")
    }
    return lines.joined(separator: "\n")
  }
}
