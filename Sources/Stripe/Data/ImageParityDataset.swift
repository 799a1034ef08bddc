// Real images (MNIST / Fashion-MNIST IDX) as a binary parity task: centring, per-image norm, balanced sampling.
import Spectra

/// A pooled set of labelled images turned into the parity task of the paper's MNIST experiment.
///
/// ```
/// pixels u ∈ [0, 1] (byte/255),  x = u − mean_pooled(u)   (pixel-wise mean over all pooled images)
/// x ← x · √n_pixels / ‖x‖                                  (mean squared pixel = 1)
/// y = +1 for even classes (0, 2, 4, 6, 8), −1 for odd ones
/// ```
/// Class-balanced sampling: the images of each class are shuffled, interleaved (class 0, 1, …, 9, 0,
/// 1, …), and consecutive blocks are taken for the test, kernel and training sets.
///
/// Source: shared/science/stripe.md §6
public struct ImageParityDataset: Sendable {
  /// The pooled images (one item per image).
  public let images: IDXFile
  /// Class index per image.
  public let classes: [Int]
  /// Pixel-wise mean over the pooled set (in [0, 1] units).
  public let pixelMean: [Double]

  /// Pools several (images, labels) pairs, e.g. MNIST's training and test files.
  ///
  /// - Parameters:
  ///   - parts: the (images, labels) pairs, pooled in order.
  ///   - names: the paths of the files of each pair, named as the field of every error (without them,
  ///     errors name the pair's index).
  /// - Throws: `ConfigurationError` when counts or image sizes disagree or a label file is not 1-D.
  public init(_ parts: [(images: IDXFile, labels: IDXFile)], names: [(images: String, labels: String)]? = nil)
    throws(ConfigurationError)
  {
    guard let first = parts.first else { throw ConfigurationError(field: "images", "no image files given") }
    let size = first.images.itemSize
    var values: [UInt8] = []
    var classes: [Int] = []
    for (k, part) in parts.enumerated() {
      let name = names.flatMap { k < $0.count ? $0[k] : nil } ?? (images: "images", labels: "labels")
      guard part.labels.dimensions.count == 1 else {
        throw ConfigurationError(
          field: name.labels,
          "dimensions: label file \(k) must be 1-D, has dimensions \(part.labels.dimensions)")
      }
      guard part.images.itemCount == part.labels.itemCount else {
        throw ConfigurationError(
          field: name.labels,
          "dimensions: file pair \(k): \(part.images.itemCount) images in \(name.images) but \(part.labels.itemCount) labels"
        )
      }
      guard part.images.itemSize == size else {
        throw ConfigurationError(
          field: name.images,
          "dimensions: file pair \(k): images of \(part.images.itemSize) pixels, expected \(size) as in the first pair"
        )
      }
      values += part.images.values
      classes += part.labels.values.map(Int.init)
    }
    images = try IDXFile(
      dimensions: [classes.count] + Array(first.images.dimensions.dropFirst()), values: values)
    self.classes = classes
    var mean = [Double](repeating: 0, count: size)
    for i in 0..<classes.count {
      let base = i * size
      for j in 0..<size { mean[j] += Double(values[base + j]) }
    }
    let scale = 1 / (255 * Double(max(1, classes.count)))
    pixelMean = mean.map { $0 * scale }
  }

  /// Pixels per image.
  public var pixelCount: Int { images.itemSize }

  /// The preprocessed image `index` (centred, norm √n_pixels).
  public func vector(_ index: Int) -> [Double] {
    let size = pixelCount
    let base = index * size
    var x = (0..<size).map { Double(images.values[base + $0]) / 255 - pixelMean[$0] }
    let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if norm > 0 {
      let s = Double(size).squareRoot() / norm
      for j in x.indices { x[j] *= s }
    }
    return x
  }

  /// The parity label of class `c`: +1 even, −1 odd.
  public static func parity(_ c: Int) -> Double { c % 2 == 0 ? 1 : -1 }

  /// Class-balanced interleaved order of all images, shuffled within each class by `seed`.
  public func balancedOrder(seed: UInt64) -> [Int] {
    let stream = RandomStream(seed: seed)
    let labels = Array(Set(classes)).sorted()
    var perClass: [[Int]] = labels.map { c in classes.indices.filter { classes[$0] == c } }
    for k in perClass.indices {
      let perm = stream.permutation(perClass[k].count)
      perClass[k] = perm.map { perClass[k][$0] }
    }
    var order: [Int] = []
    order.reserveCapacity(classes.count)
    var round = 0
    while order.count < classes.count {
      for list in perClass where round < list.count { order.append(list[round]) }
      round += 1
    }
    return order
  }

  /// Test, kernel and training sets taken as consecutive blocks of the balanced order.
  ///
  /// - Throws: `ConfigurationError` when the three sizes exceed the pooled set.
  public func splits(train p: Int, kernel pk: Int, test pt: Int, seed: UInt64) throws(ConfigurationError)
    -> TaskSplits
  {
    guard p >= 1, pk >= 1, pt >= 1, p + pk + pt <= classes.count else {
      throw ConfigurationError(
        field: "train",
        "need 1 ≤ sizes and train + kernel + test ≤ \(classes.count), got \(p) + \(pk) + \(pt)")
    }
    let order = balancedOrder(seed: seed)
    func set(_ range: Range<Int>) throws(ConfigurationError) -> LabelledInputs {
      let idx = Array(order[range])
      let size = pixelCount
      var storage = [Double](repeating: 0, count: idx.count * size)
      for (row, i) in idx.enumerated() {
        let v = vector(i)
        for j in 0..<size { storage[row + j * idx.count] = v[j] }
      }
      return try LabelledInputs(
        inputs: Matrix(rows: idx.count, columns: size, exactColumnMajor: storage),
        labels: idx.map { Self.parity(classes[$0]) }
      )
    }
    return TaskSplits(
      train: try set((pt + pk)..<(pt + pk + p)), kernel: try set(pt..<(pt + pk)), test: try set(0..<pt))
  }
}
