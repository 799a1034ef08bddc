// The reduced stripe study for the `reproduce` job: d = 5, h = 1000, p = 128…2048, several seeds.
import Foundation
import Spectra
import Stripe

/// The reduced, CPU-feasible stripe reproduction (stripe.md checklist E), callable from other commands.
///
/// Writes `curves/` (learning curves and λ(p), with a lazy-regime network when `lazyAlphaSqrtH` is
/// given) and `run-p<p>/` (one training run with the NTK analysis) under `directory`.
enum StripeReproduction {
  /// Runs the reduced study; smaller `sizes`, `width` or `testCount` give a quicker smoke run.
  static func run(
    directory: String, seeds: [UInt64] = [1, 2], sizes: [Int] = [128, 256, 512, 1024, 2048],
    width: Int = 1000, testCount: Int = 4096, maxWallSeconds: Double = 30, analysisSize: Int = 1024,
    networkMaxSteps: Int? = nil, lazyAlphaSqrtH: Double? = nil
  ) throws {
    let root = try StripeOutputDirectory(path: directory)
    var c = LearningCurveConfiguration()
    c.task = .stripe
    c.dimension = 5
    c.width = width
    c.alphaSqrtH = 1e-2
    c.sizes = sizes
    c.seeds = seeds
    c.testCount = testCount
    c.maxWallSeconds = maxWallSeconds
    c.networkMaxSteps = networkMaxSteps
    c.lazyAlphaSqrtH = lazyAlphaSqrtH
    StripeProvenance.progress("reproduce: learning curves d=5 h=\(width) p=\(sizes) seeds=\(seeds)")
    try StripeCurvesReport.run(c, to: try root.subdirectory("curves"), arguments: CommandLine.arguments)
    var t = KernelEvolutionConfiguration(
      task: .stripe, dimension: 5, width: width, alphaSqrtH: 1e-2, trainCount: analysisSize,
      kernelCount: analysisSize, testCount: testCount, seed: seeds[0])
    t.analysis.pcaCount = min(1024, testCount)
    t.analysis.mutualInformationCount = min(20, t.analysis.pcaCount)
    t.maxWallSeconds = maxWallSeconds
    t.networkMaxSteps = networkMaxSteps
    StripeProvenance.progress("reproduce: training run p=\(analysisSize) with NTK analysis")
    try StripeTrainingReport.run(
      t, to: try root.subdirectory("run-p\(analysisSize)"), arguments: CommandLine.arguments)
  }
}
