// Training sets: Gaussian inputs labelled by a random teacher network, or user data from X.npy and Y.npy.
import Foundation
import Spectra

/// How a teacher network's logits become classification labels.
public enum LabelRule: String, Sendable, Codable, CaseIterable {
  /// One-hot label of `argmax_k f_k(n)` of the teacher logits.
  case argmax
  /// One-hot label drawn from `softmax(f(n))` of the teacher logits (data stream child 1).
  case sampled
}

/// Inputs `X` (N × M₀) and targets `Y` (N × C) for full-batch training; sample n is row n.
///
/// ```
/// teacher data:  x(n) ~ N(0, I_{M₀}),  f* = teacher(x) with a random network of the student's architecture
///   mse            y(n) = f*(n)                               (regression on the teacher outputs)
///   cross-entropy  y(n) = e_{argmax_k f*_k(n)}  or  e_k with k ~ softmax(f*(n))   (``LabelRule``)
/// ```
///
/// Source: shared/science/karakida.md §9 (Fig. 5: Gaussian inputs labelled by a teacher network).
public struct TrainingData: Sendable {
  /// Inputs, `N × M₀`.
  public let inputs: Matrix
  /// Targets, `N × C` (probability rows for cross-entropy).
  public let targets: Matrix

  /// Training data from explicit inputs and targets, validated for `loss`.
  ///
  /// - Throws: `ConfigurationError` when the row counts differ, N is 0, a value is not finite, or (for
  ///   cross-entropy) a target row has a negative entry or does not sum to 1 within 1e-9.
  public init(inputs: Matrix, targets: Matrix, for loss: TrainingLoss) throws(ConfigurationError) {
    guard inputs.rows > 0 else {
      throw ConfigurationError(field: "inputs", "need at least one sample, got 0")
    }
    guard targets.rows == inputs.rows else {
      throw ConfigurationError(
        field: "targets", "targets have \(targets.rows) rows but there are \(inputs.rows) inputs")
    }
    guard inputs.isFinite else { throw ConfigurationError(field: "inputs", "inputs contain NaN or ±∞") }
    guard targets.isFinite else { throw ConfigurationError(field: "targets", "targets contain NaN or ±∞") }
    if loss == .crossEntropy {
      for n in 0..<targets.rows {
        let row = targets.row(n)
        let sum = row.reduce(0, +)
        guard row.allSatisfy({ $0 >= 0 }), abs(sum - 1) <= 1e-9 else {
          throw ConfigurationError(
            field: "targets",
            "cross-entropy targets must be probability rows; row \(n) is \(row) (sum \(sum))")
        }
      }
    }
    self.inputs = inputs
    self.targets = targets
  }

  /// Gaussian inputs labelled by a teacher network of `architecture` (see the type's notes).
  ///
  /// - Parameters:
  ///   - architecture: the teacher's architecture (the student's).
  ///   - samples: N.
  ///   - loss: regression targets for MSE, one-hot labels for cross-entropy.
  ///   - labels: how cross-entropy labels are formed from the teacher logits.
  ///   - teacherSeed: seed of the teacher's parameters (``Network/sample(_:seed:)``).
  ///   - dataSeed: seed of the inputs (``GaussianInputs``); child stream 1 draws sampled labels.
  /// - Throws: `ConfigurationError` for a non-positive sample count.
  public static func teacher(
    _ architecture: NetworkArchitecture, samples: Int, loss: TrainingLoss, labels: LabelRule = .argmax,
    teacherSeed: UInt64, dataSeed: UInt64
  ) throws(ConfigurationError) -> TrainingData {
    let x = try GaussianInputs.sample(samples: samples, width: architecture.inputWidth, seed: dataSeed)
    let teacher = Network.sample(architecture, seed: teacherSeed)
    let f = try teacher.outputs(for: x)
    switch loss {
    case .mse:
      return try TrainingData(inputs: x, targets: f, for: loss)
    case .crossEntropy:
      let c = architecture.outputs
      var y = Matrix(rows: samples, columns: c)
      let stream = RandomStream(seed: dataSeed).child(1)
      for n in 0..<samples {
        let logits = f.row(n)
        let k: Int
        switch labels {
        case .argmax:
          k = logits.indices.max { logits[$0] < logits[$1] }!
        case .sampled:
          let g = SoftmaxCovariance.probabilities(logits: logits)
          let u = stream.uniform()
          var cumulative = 0.0
          var chosen = c - 1
          for (i, p) in g.enumerated() {
            cumulative += p
            if u < cumulative {
              chosen = i
              break
            }
          }
          k = chosen
        }
        y[n, k] = 1
      }
      return try TrainingData(inputs: x, targets: y, for: loss)
    }
  }

  /// User data from `directory/X.npy` (N × M₀) and `directory/Y.npy`: either `N × C` targets, or a
  /// length-N vector of class indices `0…C−1` (turned into one-hot rows).
  ///
  /// - Throws: `ConfigurationError` naming the file for a missing or malformed file, a wrong shape, a
  ///   class index that is not an integer in `0…C−1`, or targets that are invalid for `loss`.
  public static func load(from directory: URL, outputs c: Int, loss: TrainingLoss) throws(ConfigurationError)
    -> TrainingData
  {
    func read(_ name: String) throws(ConfigurationError) -> NumpyArray {
      let url = directory.appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw ConfigurationError(field: name, "missing \(name) in data directory \(directory.path)")
      }
      do { return try NumpyArray(contentsOf: url) } catch {
        throw ConfigurationError(field: name, error.message)
      }
    }
    let x = try read("X.npy")
    guard x.shape.count == 2, x.shape[0] > 0 else {
      throw ConfigurationError(field: "X.npy", "inputs must have shape (N, M_0) with N > 0, got \(x.shape)")
    }
    let y = try read("Y.npy")
    let n = x.shape[0]
    var targets: Matrix
    if y.shape == [n] {
      targets = Matrix(rows: n, columns: c)
      for (i, v) in y.elements.enumerated() {
        guard v.isFinite, v == v.rounded(), v >= 0, Int(v) < c else {
          throw ConfigurationError(
            field: "Y.npy", "class index of sample \(i) must be an integer in 0…\(c - 1), got \(v)")
        }
        targets[i, Int(v)] = 1
      }
    } else if y.shape == [n, c] {
      do { targets = try y.matrix() } catch { throw ConfigurationError(field: "Y.npy", error.message) }
    } else {
      throw ConfigurationError(
        field: "Y.npy", "targets must have shape (\(n), \(c)) or (\(n),), got \(y.shape)")
    }
    let inputs: Matrix
    do { inputs = try x.matrix() } catch { throw ConfigurationError(field: "X.npy", error.message) }
    return try TrainingData(inputs: inputs, targets: targets, for: loss)
  }

  /// Number of samples N.
  public var sampleCount: Int { inputs.rows }
}
