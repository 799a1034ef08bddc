// A set of inputs (one row per point) with ±1 labels, and the Gaussian sampler of the invariant tasks.
import Spectra

/// Points `x_μ ∈ R^d` stored as the rows of a `p × d` matrix, with labels `y_μ ∈ {−1, +1}`.
///
/// Source: shared/science/stripe.md §1.1, §1.5
public struct LabelledInputs: Sendable, Equatable {
  /// The inputs, one point per row (`p × d`, column-major).
  public let inputs: Matrix
  /// The labels, `labels[μ]` for row μ.
  public let labels: [Double]

  /// A labelled set; the number of labels must equal the number of rows.
  ///
  /// - Throws: `ConfigurationError` naming `labels` when the counts differ or a label is not ±1.
  public init(inputs: Matrix, labels: [Double]) throws(ConfigurationError) {
    guard inputs.rows == labels.count else {
      throw ConfigurationError(
        field: "labels", "need one label per input row: \(inputs.rows) rows, \(labels.count) labels")
    }
    for y in labels where y != 1 && y != -1 {
      throw ConfigurationError(field: "labels", "labels must be ±1, got \(y)")
    }
    self.inputs = inputs
    self.labels = labels
  }

  /// Number of points p.
  public var count: Int { inputs.rows }
  /// Input dimension d.
  public var dimension: Int { inputs.columns }

  /// Fraction of points labelled −1 (0.5 for a balanced set).
  public var negativeFraction: Double {
    count == 0 ? 0 : Double(labels.filter { $0 < 0 }.count) / Double(count)
  }

  /// The first `n` points.
  ///
  /// - Throws: `ConfigurationError` when `n` exceeds the set size.
  public func prefix(_ n: Int) throws(ConfigurationError) -> LabelledInputs {
    guard n >= 0, n <= count else {
      throw ConfigurationError(field: "prefix", "cannot take \(n) points from a set of \(count)")
    }
    return try LabelledInputs(inputs: inputs.firstRows(n), labels: Array(labels.prefix(n)))
  }

  /// `p` i.i.d. standard Gaussian points in dimension `d` labelled by `task`.
  ///
  /// ```
  /// x_μ ~ N(0, I_d),   y_μ = task.label(x_μ,1…d_∥)
  /// ```
  /// Draws row by row from `stream` (row-major order), so a prefix of a larger draw with the same
  /// stream seed is the smaller draw.
  ///
  /// Source: shared/science/stripe.md §1.1–1.5
  /// - Throws: `ConfigurationError` for `p < 1` or a dimension too small for the task.
  /// - Complexity: p·d Gaussian variates.
  public static func gaussian(
    task: InvariantTask, count p: Int, dimension d: Int, stream: RandomStream
  ) throws(ConfigurationError) -> LabelledInputs {
    guard p >= 1 else { throw ConfigurationError(field: "count", "number of points must be ≥ 1, got \(p)") }
    try task.validate(dimension: d)
    let x = stream.gaussianMatrix(rows: p, columns: d)
    var labels = [Double](repeating: 0, count: p)
    for mu in 0..<p {
      labels[mu] = task.label(informative: x.row(mu).prefix(task.informativeDimensions))
    }
    return try LabelledInputs(inputs: x, labels: labels)
  }
}

/// Independent, seeded train / kernel / test sets for one experiment.
///
/// The three sets use the child streams 0 (test), 1 (kernel) and 2 (train) of the data seed, so the
/// test set does not change when `p` changes, and the kernel set is independent of the training set
/// (the final-NTK kernel of §5.2 (iii) is trained on it).
///
/// Source: shared/science/stripe.md §1.5
public struct TaskSplits: Sendable {
  /// The training set (p points).
  public let train: LabelledInputs
  /// The independent kernel set (p_tk points).
  public let kernel: LabelledInputs
  /// The test set (p_te points).
  public let test: LabelledInputs

  /// Draws the three sets.
  ///
  /// Each set is the prefix of a stream that depends only on `(seed, set)`: the train set of size p is a
  /// prefix of the train set of size 2p with the same seed.
  /// - Throws: `ConfigurationError` for non-positive sizes or a dimension too small for the task.
  public init(
    task: InvariantTask, dimension d: Int, train p: Int, kernel pk: Int, test pt: Int, seed: UInt64
  ) throws(ConfigurationError) {
    let master = RandomStream(seed: seed)
    test = try .gaussian(task: task, count: pt, dimension: d, stream: master.child(0))
    kernel = try .gaussian(task: task, count: pk, dimension: d, stream: master.child(1))
    train = try .gaussian(task: task, count: p, dimension: d, stream: master.child(2))
  }

  /// Splits from already drawn sets (e.g. real data).
  public init(train: LabelledInputs, kernel: LabelledInputs, test: LabelledInputs) {
    self.train = train
    self.kernel = kernel
    self.test = test
  }
}
