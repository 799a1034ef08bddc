import FIM
import Foundation
import Spectra
import Testing

/// The order parameters against one sampled random network: forward signals h(1), h(2) for two Gaussian
/// inputs and the backpropagated δˡ for every output, at width M = 1000. This checks the recursions
/// (means for q̂, sums for q̃, no α factors, boundary q̃ᴸ = 1) on the model itself, independently of the
/// Gaussian-integral code.
@Suite("Theory: order parameters against a sampled network")
struct OrderParameterSamplingTests {
  struct Sampled {
    var inputs: Matrix = Matrix(rows: 0, columns: 0)
    var qHat1: [Double]
    var qHat2: [Double]
    var qTilde1: [Double]
    var qTilde2: [Double]
  }

  /// One network `[M, M, …, C]` in standard parameterisation, two inputs, δ averaged over the C outputs.
  static func sample(
    activation phi: Activation, sigmaW2: Double, sigmaB2: Double, depth: Int, width m: Int, outputs c: Int,
    seed: UInt64
  ) throws -> Sampled {
    let stream = RandomStream(seed: seed)
    let widths = [Int](repeating: m, count: depth) + [c]
    var weights = [Matrix]()
    var biases = [[Double]]()
    for l in 1...depth {
      weights.append(
        stream.gaussianMatrix(
          rows: widths[l], columns: widths[l - 1],
          standardDeviation: (sigmaW2 / Double(widths[l - 1])).squareRoot()))
      biases.append(stream.gaussians(widths[l], standardDeviation: sigmaB2.squareRoot()))
    }
    // Forward for both inputs at once: columns are samples.
    var h = stream.gaussianMatrix(rows: m, columns: 2)
    var derivatives = [Matrix]()
    var sampled = Sampled(inputs: h, qHat1: [], qHat2: [], qTilde1: [], qTilde2: [])
    for l in 1...depth {
      let mean = Double(h.rows)
      sampled.qHat1.append((0..<h.rows).reduce(0) { $0 + h[$1, 0] * h[$1, 0] } / mean)
      sampled.qHat2.append((0..<h.rows).reduce(0) { $0 + h[$1, 0] * h[$1, 1] } / mean)
      let u = try weights[l - 1].multiplied(by: h)
      let rows = u.rows
      h = Matrix(rows: rows, columns: 2) { i, j in phi.value(u[i, j] + biases[l - 1][i]) }
      derivatives.append(
        Matrix(rows: rows, columns: 2) { i, j in phi.derivative(u[i, j] + biases[l - 1][i]) })
    }
    // Backward from each output k: δᴸ = e_k, δˡ = φ′(uˡ) ⊙ W^{l+1}ᵀ δ^{l+1}; average the sums over k.
    var tilde1 = [Double](repeating: 0, count: depth)
    var tilde2 = [Double](repeating: 0, count: depth)
    for k in 0..<c {
      var delta = Matrix(rows: c, columns: 2) { i, _ in i == k ? 1 : 0 }
      tilde1[depth - 1] += 1
      tilde2[depth - 1] += 1
      for l in stride(from: depth - 1, through: 1, by: -1) {
        let back = try weights[l].multiplied(by: delta, transposingSelf: true)
        delta = Matrix(rows: back.rows, columns: 2) { i, j in back[i, j] * derivatives[l - 1][i, j] }
        tilde1[l - 1] += (0..<delta.rows).reduce(0) { $0 + delta[$1, 0] * delta[$1, 0] }
        tilde2[l - 1] += (0..<delta.rows).reduce(0) { $0 + delta[$1, 0] * delta[$1, 1] }
      }
    }
    sampled.qTilde1 = tilde1.map { $0 / Double(c) }
    sampled.qTilde2 = tilde2.map { $0 / Double(c) }
    return sampled
  }

  @Test(
    "sampled q̂, q̃ (M = 2000, 4 seeds, 10 outputs) match the recursions started from the sampled inputs",
    arguments: [(Activation.relu, 2.0, 0.1), (.tanh, 3.0, 0.64), (.erf, 2.0, 0.2), (.linear, 1.0, 0.1)])
  func sampledNetwork(activation: Activation, sigmaW2: Double, sigmaB2: Double) throws {
    let depth = 3
    let seeds: [UInt64] = [11, 12, 13, 14]
    var sampled = [Double](repeating: 0, count: 4 * depth)
    var predicted = [Double](repeating: 0, count: 4 * depth)
    for seed in seeds {
      let s = try Self.sample(
        activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, depth: depth, width: 2000, outputs: 10,
        seed: seed)
      // The theory starts from the measured input moments q̂₁⁰, q̂₂⁰ of this draw (x(1)·x(2)/M₀ ≈ ±0.02).
      let theory = try OrderParameters(
        try MeanFieldNetwork(
          depth: depth, activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
          inputs: try InputMoments(data: s.inputs)))
      let a = s.qHat1 + s.qHat2 + s.qTilde1 + s.qTilde2
      let b = theory.qHat1 + theory.qHat2 + theory.qTilde1 + theory.qTilde2
      for i in 0..<a.count {
        sampled[i] += a[i] / Double(seeds.count)
        predicted[i] += b[i] / Double(seeds.count)
      }
    }
    // Finite-M fluctuations are O(1/√(M·seeds)) ≈ 0.01 relative to q̂₁, q̃₁.
    let names = ["q̂₁", "q̂₂", "q̃₁", "q̃₂"]
    for i in 0..<sampled.count {
      let scale = i / depth == 0 || i / depth == 1 ? predicted[i % depth] : predicted[2 * depth + i % depth]
      #expect(
        abs(sampled[i] - predicted[i]) <= 0.04 * scale,
        "\(names[i / depth]) (index \(i % depth)): sampled \(sampled[i]), predicted \(predicted[i])")
    }
  }
}
