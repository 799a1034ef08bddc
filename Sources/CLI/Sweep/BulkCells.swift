// The bulk columns of a sweep row: the measured dense bulk against the predicted linear-width density.
import FIM
import Spectra

/// The appended bulk cells of a row (docs/sweep.md, docs/bulk-theory.md §4), from ``BulkTheoryRun``.
///
/// ```
/// bulk_ks           sup_x |F_bulk(x) − F_pred(x)|  (outliers and structural zeros removed)
/// bulk_w1           ∫ |F_bulk − F_pred| dx          (units of λ)
/// bulk_w1_relative  bulk_w1 / width of the predicted support
/// bulk_exact        1 when the prediction is exact at leading order (one hidden layer, or centred hidden
///                   layers), 0 when it omits terms of the bulk's order (deep non-centred: approximate)
/// bulk_note         why the four cells above are empty, else empty
/// ```
/// Empty (with the reason in `bulk_note`) for metrics the theory does not cover (softmax, blocks, feature
/// metrics), depths outside 2…``BulkTheoryRun/maximumDepth``, and matrix-free rows (no full spectrum).
struct BulkCells {
  static let columns = ["bulk_ks", "bulk_w1", "bulk_w1_relative", "bulk_exact", "bulk_note"]
  let cells: [CellValue]

  /// The comparison of a dense spectrum measured on Gaussian inputs, or the reason there is none.
  init(_ spectrum: MetricSpectrum, architecture: NetworkArchitecture, samples: Int) {
    let (comparison, _, note) = BulkTheoryRun.compare(
      spectrum, architecture: architecture, samples: samples, sampled: true, skipped: false)
    if let c = comparison {
      cells = [
        .number(c.kolmogorovSmirnov), .number(c.wasserstein1), .number(c.relativeWasserstein1),
        .integer(c.leadingOrderExact ? 1 : 0), .text(""),
      ]
    } else {
      cells = Self.empty(note ?? "no comparison")
    }
  }

  /// Empty cells with the reason.
  init(note: String) { cells = Self.empty(note) }

  private static func empty(_ note: String) -> [CellValue] {
    [.text(""), .text(""), .text(""), .text(""), .text(note)]
  }
}
