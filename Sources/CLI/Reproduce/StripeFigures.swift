// The figures whose generators live with their own subcommands: the stripe study (training: TrainingFigures).
import ArgumentParser
import FIM
import Foundation
import Spectra
import Stripe

/// The stripe-model compression study.
enum StripeFigures {
  /// Paccolat et al.: learning curves (init NTK, feature network, final NTK; the lazy network's curve is
  /// in `stripe-local-slopes`, whose data take half an hour), compression λ(p) and λ(t),
  /// kernel PCA and mutual information, eigenvectors against x₁ — reduced: d = 5, h = 1000,
  /// p = 128…2048, three seeds, 4096 test points, every flow run to all margins ≥ 1 (a 60 000-step cap,
  /// reproducible unlike the wall-clock safety limit, is recorded if ever reached).
  static let stripe = Figure(
    name: "stripe",
    summary:
      "Stripe model: learning curves, compression λ vs p and λ(t), NTK kernel PCA and MI (Paccolat et al.)"
  ) { ctx in
    HeapTuning.keepLargeBlocksInHeap()
    if ctx.full {
      try StripeReproduction.run(directory: ctx.directory.path, seeds: [1, 2, 3, 4], maxWallSeconds: 1800)
    } else {
      try StripeReproduction.run(
        directory: ctx.directory.path, seeds: [1, 2, 3], sizes: [128, 256, 512, 1024, 2048], width: 1000,
        testCount: 4096, maxWallSeconds: 1200, analysisSize: 1024, networkMaxSteps: 60_000)
    }
  }

  /// The real-data substitute of the paper's MNIST experiment: parity of Fashion-MNIST classes with the same
  /// one-hidden-layer network and NTK analysis (Debian's `dataset-fashion-mnist`).
  static let stripeParity = Figure(
    name: "stripe-parity",
    summary:
      "Parity task on Fashion-MNIST: NTK kernel PCA and eigenvectors before/after training (substitute for MNIST CNN)"
  ) { ctx in
    let images = StripeParityRun.fashionMNISTImages[0]
    guard FileManager.default.fileExists(atPath: images) else {
      ctx.log("skipped: \(images) is missing (apt-get install dataset-fashion-mnist)")
      return
    }
    HeapTuning.keepLargeBlocksInHeap()
    var parity = StripeParityRun(seed: ctx.seed + 1)
    if ctx.full {
      (parity.train, parity.test, parity.width, parity.maxWallSeconds) = (2048, 2048, 500, 1800)
    } else {
      (parity.train, parity.test, parity.width, parity.maxWallSeconds) = (256, 512, 300, 600)
      parity.networkMaxSteps = 60_000
    }
    try parity.write(to: ctx.directory.path, arguments: CommandLine.arguments)
  }
}
