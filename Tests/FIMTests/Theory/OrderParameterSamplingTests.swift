import FIM
import Foundation
import Spectra
import Testing

/// The order parameters against sampled random networks: forward signals h(n) for N = 16 Gaussian
/// inputs and the backpropagated δˡ for every output, at widths 1500–3000. This checks the recursions
/// (means for q̂, sums for q̃, no α factors, boundary q̃ᴸ = 1) on the model itself, independently of the
/// Gaussian-integral code, for uniform and non-uniform widths.
@Suite("Theory: order parameters against a sampled network")
struct OrderParameterSamplingTests {
  struct Sampled {
    var inputs: Matrix = Matrix(rows: 0, columns: 0)
    var qHat1: [Double]
    var qHat2: [Double]
    var qTilde1: [Double]
    var qTilde2: [Double]
  }

  /// The mean diagonal and the mean off-diagonal entry of the column Gram `XᵀX` (sample × sample).
  static func gramMeans(_ x: Matrix) throws -> (diagonal: Double, offDiagonal: Double) {
    let g = try x.multiplied(by: x, transposingSelf: true)
    let n = Double(g.rows)
    let trace = g.trace
    return (trace / n, (g.elements.reduce(0, +) - trace) / (n * (n - 1)))
  }

  /// One network `[M₀, …, M_{L−1}, C]` in standard parameterisation with N inputs; q̂ and q̃ are averaged
  /// over samples (q₁) or sample pairs (q₂), q̃ also over the C outputs.
  static func sample(
    activation phi: Activation, sigmaW2: Double, sigmaB2: Double, widths hidden: [Int], outputs c: Int,
    samples: Int, seed: UInt64
  ) throws -> Sampled {
    let stream = RandomStream(seed: seed)
    let depth = hidden.count
    let widths = hidden + [c]
    var weights = [Matrix]()
    var biases = [[Double]]()
    for l in 1...depth {
      weights.append(
        stream.gaussianMatrix(
          rows: widths[l], columns: widths[l - 1],
          standardDeviation: (sigmaW2 / Double(widths[l - 1])).squareRoot()))
      biases.append(stream.gaussians(widths[l], standardDeviation: sigmaB2.squareRoot()))
    }
    // Forward for all N inputs at once: columns are samples.
    var h = stream.gaussianMatrix(rows: widths[0], columns: samples)
    var derivatives = [Matrix]()
    var sampled = Sampled(inputs: h, qHat1: [], qHat2: [], qTilde1: [], qTilde2: [])
    for l in 1...depth {
      let (diagonal, offDiagonal) = try Self.gramMeans(h)
      sampled.qHat1.append(diagonal / Double(h.rows))
      sampled.qHat2.append(offDiagonal / Double(h.rows))
      let u = try weights[l - 1].multiplied(by: h)
      let rows = u.rows
      h = Matrix(rows: rows, columns: samples) { i, j in phi.value(u[i, j] + biases[l - 1][i]) }
      derivatives.append(
        Matrix(rows: rows, columns: samples) { i, j in phi.derivative(u[i, j] + biases[l - 1][i]) })
    }
    // Backward from each output k: δᴸ = e_k, δˡ = φ′(uˡ) ⊙ W^{l+1}ᵀ δ^{l+1}; average the sums over k.
    var tilde1 = [Double](repeating: 0, count: depth)
    var tilde2 = [Double](repeating: 0, count: depth)
    for k in 0..<c {
      var delta = Matrix(rows: c, columns: samples) { i, _ in i == k ? 1 : 0 }
      tilde1[depth - 1] += 1
      tilde2[depth - 1] += 1
      for l in stride(from: depth - 1, through: 1, by: -1) {
        let back = try weights[l].multiplied(by: delta, transposingSelf: true)
        delta = Matrix(rows: back.rows, columns: samples) { i, j in back[i, j] * derivatives[l - 1][i, j] }
        let (diagonal, offDiagonal) = try Self.gramMeans(delta)
        tilde1[l - 1] += diagonal
        tilde2[l - 1] += offDiagonal
      }
    }
    sampled.qTilde1 = tilde1.map { $0 / Double(c) }
    sampled.qTilde2 = tilde2.map { $0 / Double(c) }
    return sampled
  }

  @Test(
    "sampled q̂, q̃ (4 seeds, N = 16, 10 outputs) match the recursions started from the sampled inputs; no α factors",
    arguments: [
      (Activation.relu, 2.0, 0.1, [2000, 2000, 2000]), (.tanh, 3.0, 0.64, [2000, 2000, 2000]),
      (.erf, 2.0, 0.2, [2000, 2000, 2000]), (.linear, 1.0, 0.1, [2000, 2000, 2000]),
      (.relu, 2.0, 0.1, [1500, 3000, 1500]), (.tanh, 3.0, 0.64, [3000, 1500, 2500]),
    ])
  func sampledNetwork(activation: Activation, sigmaW2: Double, sigmaB2: Double, widths: [Int]) throws {
    let depth = widths.count
    let seeds: [UInt64] = [11, 12, 13, 14]
    var sampled = [Double](repeating: 0, count: 4 * depth)
    var predicted = [Double](repeating: 0, count: 4 * depth)
    for seed in seeds {
      let s = try Self.sample(
        activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, widths: widths, outputs: 10, samples: 16,
        seed: seed)
      // The theory starts from the measured input moments q̂₁⁰, q̂₂⁰ of this draw (x(1)·x(2)/M₀ ≈ ±0.02).
      // Width ratios relative to M = 1000; the recursions themselves carry no α factors.
      let theory = try OrderParameters(
        try MeanFieldNetwork(
          activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
          widthRatios: widths.map { Double($0) / 1000 },
          inputs: try InputMoments(data: s.inputs)))
      let a = s.qHat1 + s.qHat2 + s.qTilde1 + s.qTilde2
      let b = theory.qHat1 + theory.qHat2 + theory.qTilde1 + theory.qTilde2
      for i in 0..<a.count {
        sampled[i] += a[i] / Double(seeds.count)
        predicted[i] += b[i] / Double(seeds.count)
      }
    }
    // Finite-M fluctuations: about 1 % (largest 2.6 %) of q̂₁, q̃₁ with these seeds. They do not average
    // out over samples because the sample-shared part of h sees one quadratic form of each W. Errors in
    // the recursions (an α factor, means instead of sums) are factors of order 1, far outside 5 %.
    let names = ["q̂₁", "q̂₂", "q̃₁", "q̃₂"]
    for i in 0..<sampled.count {
      let scale = i / depth == 0 || i / depth == 1 ? predicted[i % depth] : predicted[2 * depth + i % depth]
      #expect(
        abs(sampled[i] - predicted[i]) <= 0.05 * scale,
        "\(names[i / depth]) (index \(i % depth)): sampled \(sampled[i]), predicted \(predicted[i])")
    }
  }
}
