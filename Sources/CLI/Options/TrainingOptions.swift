// The options of gradient-descent runs shared by train and lr-sweep: preset, steps, divergence, teacher.
import ArgumentParser
import FIM

/// `--preset`, `--steps`, `--divergence-threshold`, `--teacher-seed`: every option given overrides the preset.
///
/// ```
/// diverged ⇔ L(θ_t) non-finite or L(θ_t) > threshold · L(θ₀)
/// ```
/// Source: shared/science/karakida.md §9.
struct TrainingOptions: ParsableArguments {
  @Option(help: "Base configuration; every option given overrides it.")
  var preset: FigurePreset = .reduced
  @Option(parsing: .unconditional, help: "Number of gradient-descent steps T.")
  var steps: Int?
  @Option(
    name: .customLong("divergence-threshold"), parsing: .unconditional,
    help: "Diverged when the loss exceeds this × the initial loss (default 1000).")
  var divergenceThreshold: Double?
  @Option(name: .customLong("teacher-seed"), help: "Seed of the teacher network.")
  var teacherSeed: UInt64?

  func validate() throws {
    if let s = steps, s <= 0 { throw ValidationError("--steps must be positive, got \(s)") }
    if let t = divergenceThreshold, !(t.isFinite && t > 1) {
      throw ValidationError("--divergence-threshold must be finite and above 1, got \(t)")
    }
  }
}

extension FigurePreset: ExpressibleByArgument {}
extension LabelRule: ExpressibleByArgument {}
