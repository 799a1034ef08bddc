// Networks whose weights repeat the dual's eigenvalues exactly: the default Lanczos block sees every copy.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Exactly repeated outliers")
struct RepeatedOutliersTests {
  /// A sampled tanh network [6, 9, 7, 3] with its read-out weights set to zero (biases kept).
  static func zeroReadOut() throws -> (Network, Matrix) {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .standard, samples: 8)
    var weights = net.weights
    weights[weights.count - 1] = Matrix(rows: weights.last!.rows, columns: weights.last!.columns)
    return (try Network(architecture: net.architecture, weights: weights, biases: net.biases), x)
  }

  @Test("a zero read-out or σ_w² = 0 repeats the outliers of every parameter metric over all outputs")
  func detection() throws {
    let (net, _) = try Self.zeroReadOut()
    let (sampled, _) = try MatrixFreeFixtures.network(.tanh, .standard, samples: 8)
    for name in ["fisher", "ntk", "fisher-softmax", "fisher-block-2", "fisher-mean-subtracted"] {
      let request = try MetricRequest(name: name)
      #expect(request.repeatsOutliers(in: net), "\(name)")
      #expect(!request.repeatsOutliers(in: sampled), "\(name)")
    }
    for name in ["input-metric", "fisher-output-1"] {
      #expect(try !MetricRequest(name: name).repeatsOutliers(in: net), "\(name)")
    }
    let a = net.architecture
    let silent = try NetworkArchitecture(
      widths: a.widths, activation: a.activation, sigmaW2: 0, sigmaB2: 1)
    #expect(try MetricRequest(name: "fisher").repeatsOutliers(in: silent))
    #expect(try MetricRequest(name: "fisher").repeatsOutliers(in: Network.sample(silent, seed: 3)))
  }

  @Test("a zero read-out gets a block of at least C, which finds all C copies of the top eigenvalues")
  func copiesFound() throws {
    let (net, x) = try Self.zeroReadOut()
    let c = net.architecture.outputs
    let dense = try MetricSpectrum(network: net, inputs: x, request: .fisher())
    let exact = Array(dense.eigenvalues.sorted(by: >).prefix(2 * c))
    #expect(abs(exact[0] - exact[c - 1]) <= 1e-12 * exact[0], "the structure repeats λ_max \(c) times")
    let settings = MatrixFreeSettings(
      blocks: c, topK: 2 * c, tolerance: 1e-10,
      repeatedOutliers: MetricRequest.fisher().repeatsOutliers(in: net))
    #expect(settings.blockSize >= c)
    let free = try MatrixFreeSpectrum(
      network: net, inputs: x, request: .fisher(), modes: settings.modes(for: .lanczos, size: c * x.rows))
    let found = (free.top?.eigenvalues ?? []).sorted(by: >)
    #expect(found.count == 2 * c)
    for (a, b) in zip(exact, found) { #expect(abs(a - b) <= 1e-8 * exact[0], "\(exact) vs \(found)") }
  }
}
