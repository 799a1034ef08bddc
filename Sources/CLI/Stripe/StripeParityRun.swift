// One parity run on IDX images: read the files, draw class-balanced splits, train and analyse, write.
import Foundation
import Spectra
import Stripe

/// The parity task (even class +1, odd −1) on pooled IDX image/label files, as a value: the `stripe
/// parity` command and the `reproduce` job both build one and call ``write(to:arguments:)``.
///
/// A reduced substitute for the paper's 16-layer CNN (stripe.md §6, checklist E): the claim tested is
/// qualitative (the final NTK is more informative than the initial one).
struct StripeParityRun {
  /// Debian's `dataset-fashion-mnist` image files (train, then test; pooled).
  static let fashionMNISTImages = [
    "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
    "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
  ]
  /// The label files matching ``fashionMNISTImages``.
  static let fashionMNISTLabels = [
    "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz",
    "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz",
  ]

  /// Image IDX files (pooled).
  var imagePaths = fashionMNISTImages
  /// Label IDX files, one per image file.
  var labelPaths = fashionMNISTLabels
  /// Hidden width h.
  var width = 500
  /// α√h of the network.
  var alphaSqrtH = 1e-2
  /// Training-set size p (the kernel set has the same size).
  var train = 1024
  /// Test-set size.
  var test = 1024
  /// Seed of the class-balanced sampling and the initialisation.
  var seed: UInt64 = 1
  /// Wall-clock limit per network or kernel run (seconds).
  var maxWallSeconds: Double = 300
  /// Step limit of the network flow (`nil`: the configuration's default).
  var networkMaxSteps: Int? = nil

  /// Reads the images, trains, analyses the NTKs and writes the ``StripeTrainingReport`` files.
  ///
  /// - Throws: ``ConfigurationError`` for unreadable or mismatched files and invalid sizes.
  func write(to directory: String, arguments: [String]) throws {
    guard imagePaths.count == labelPaths.count else {
      throw ConfigurationError(field: "images", "--images and --labels need the same number of files")
    }
    var parts: [(images: IDXFile, labels: IDXFile)] = []
    for (i, l) in zip(imagePaths, labelPaths) {
      StripeProvenance.progress("reading \(i)")
      parts.append((try IDXFile(path: i), try IDXFile(path: l)))
    }
    let data = try ImageParityDataset(
      parts, names: zip(imagePaths, labelPaths).map { (images: $0, labels: $1) })
    let splits = try data.splits(train: train, kernel: train, test: test, seed: seed)
    var c = KernelEvolutionConfiguration(
      task: .stripe, dimension: data.pixelCount, width: width, alphaSqrtH: alphaSqrtH, trainCount: train,
      kernelCount: train, testCount: test, seed: seed)
    c.lossFractions = [0.5, 0.1]
    c.analysis.pcaCount = min(test, 1024)
    c.analysis.mutualInformationCount = min(20, c.analysis.pcaCount)
    c.maxWallSeconds = maxWallSeconds
    c.networkMaxSteps = networkMaxSteps
    c.dataset = "parity of \(imagePaths.joined(separator: " + ")) (even class → +1)"
    try StripeTrainingReport.run(
      c, splits: splits, to: try StripeOutputDirectory(path: directory), arguments: arguments)
  }
}
