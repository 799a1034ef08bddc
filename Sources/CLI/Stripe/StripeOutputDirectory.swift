// Atomic writing of the stripe study's CSV outputs, and the provenance notes every stripe run.json carries.
import Foundation
import Spectra
import Stripe

/// An output directory whose files are written atomically (temporary file in the same directory, then
/// rename), so a reader never sees a half-written file.
struct StripeOutputDirectory {
  let url: URL

  /// Creates the directory (and parents) if needed.
  init(path: String) throws {
    url = URL(fileURLWithPath: path, isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// A subdirectory, created if needed.
  func subdirectory(_ name: String) throws -> StripeOutputDirectory {
    try StripeOutputDirectory(path: url.appendingPathComponent(name).path)
  }

  /// Writes `text` to `name` atomically.
  func write(_ text: String, to name: String) throws {
    try AtomicFile.write(text, to: url.appendingPathComponent(name))
  }

  /// Writes a CSV table with a header row.
  func writeCSV(_ name: String, header: [String], rows: [[String]]) throws {
    var text = header.joined(separator: ",") + "\n"
    for row in rows { text += row.joined(separator: ",") + "\n" }
    try write(text, to: name)
  }
}

/// Formats a number for CSV (full precision, `nan` for missing).
func csv(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf")) }

/// The stripe study's provenance notes and its progress lines.
enum StripeProvenance {
  /// The notes every stripe `run.json` carries.
  static let notes = StudyNotes(
    source: "shared/science/stripe.md", recallDependencies: recall, deviations: deviations)

  /// The [RECALL]-tagged choices every stripe output depends on.
  static let recall = [
    "bias multiplier B = 1 and bias variance v_b = 1 (stripe.md §2.1 [RECALL])",
    "feature regime at α√h ≈ 10⁻² and lazy regime by the init-NTK kernel (stripe.md §2.2 [RECALL])",
    "widths h ≈ 10³ suffice for the lazy network to match the kernel (stripe.md §2.6 [RECALL])",
    "mutual-information estimator of the paper unknown; plug-in on equal-population bins and Ross kNN used (stripe.md §4.2 [RECALL])",
    "cumulative label projection and top eigenvectors vs x₁ as the paper's figures (stripe.md §4.2, §7 [RECALL])",
  ]

  /// Documented deviations from the reference code.
  static let deviations = [
    "hinge flows are integrated in Filippov's sense (points on the margin slide along it) instead of by chattering explicit Euler: the kernel flow exactly, event to event; the network flow with the reference controller on the sliding-mode field (sliding band [1, 1 + slidingBand]), dgrad taken with the hinge partition and ReLU pattern of the step's start, and hinge events located to within jumpTolerance; the reference schemes remain available (integrator = euler)",
    "after a rejected step dt shrinks to what the violated measure allows (dout ∝ dt, dgrad ∝ dt²), between ÷2 and ÷10; the reference always divides by 10",
    "Euler schemes only: a step across a hinge jump is accepted when max|ΔF| < jumpTolerance, and the stop test is min yF ≥ 1 − marginTolerance (sliding points chatter near the margin)",
    "random numbers: GSL mt19937 streams with SplitMix64 child seeds, not PyTorch's generator",
  ]

  /// Prints a progress line on stderr through the tool's one reporter.
  static func progress(_ line: String) { ProgressReporter.log("[stripe] \(line)") }
}
