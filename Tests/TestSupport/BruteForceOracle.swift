// Test-only oracles: explicit Jacobians by central finite differences and explicit P × P metrics.
import FIM
import Foundation
import Spectra

/// Brute-force reference quantities for tiny networks (P of a few hundred). Nothing here uses the
/// backward pass or the dual Gram; only the forward function `Network.outputs(for:fromLayer:)`.
public enum BruteForceOracle {
  /// Central-difference step.
  public static let step = 1e-6

  /// A tiny network and inputs (high-entropy seeds).
  public static func tinyNetwork(
    _ activation: Activation, _ parameterisation: Parameterisation, widths: [Int] = [6, 9, 7, 3],
    samples: Int = 5,
    sigmaW2: Double = 1.7, sigmaB2: Double = 0.3, seed: UInt64 = 2385
  ) throws -> (Network, Matrix) {
    let arch = try NetworkArchitecture(
      widths: widths, activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      parameterisation: parameterisation)
    let net = Network.sample(arch, seed: seed)
    let x = try GaussianInputs.sample(samples: samples, width: widths[0], seed: seed &+ 17)
    return (net, x)
  }

  /// The network with parameter `index` (order: W1 row-major, b1, W2, b2, …) shifted by `delta`.
  public static func perturbed(_ net: Network, index: Int, by delta: Double) throws -> Network {
    var weights = net.weights
    var biases = net.biases
    var i = index
    for l in 0..<weights.count {
      let w = weights[l]
      if i < w.rows * w.columns {
        weights[l][i / w.columns, i % w.columns] += delta
        return try Network(architecture: net.architecture, weights: weights, biases: biases)
      }
      i -= w.rows * w.columns
      if i < biases[l].count {
        biases[l][i] += delta
        return try Network(architecture: net.architecture, weights: weights, biases: biases)
      }
      i -= biases[l].count
    }
    fatalError("parameter index out of range")
  }

  /// The Jacobian J (C·N × P) of the outputs with respect to the trainable parameters, row `k·N + n`.
  public static func parameterJacobian(_ net: Network, _ x: Matrix) throws -> Matrix {
    let p = net.architecture.parameterCount
    let n = x.rows
    let c = net.architecture.outputs
    var j = Matrix(rows: c * n, columns: p)
    for q in 0..<p {
      let plus = try perturbed(net, index: q, by: step).outputs(for: x)
      let minus = try perturbed(net, index: q, by: -step).outputs(for: x)
      for k in 0..<c {
        for s in 0..<n { j[k * n + s, q] = (plus[s, k] - minus[s, k]) / (2 * step) }
      }
    }
    return j
  }

  /// The hidden activations h^l (N × M_l) by an explicit loop (l = 0 gives the inputs).
  public static func activations(_ net: Network, _ x: Matrix, layer: Int) -> Matrix {
    var h = x
    guard layer > 0 else { return h }
    for l in 1...layer {
      let w = net.effectiveWeights(layer: l)
      let t = net.biasScale(layer: l)
      h = Matrix(rows: h.rows, columns: w.rows) { s, i in
        var u = t * net.biases[l - 1][i]
        for jj in 0..<w.columns { u += w[i, jj] * h[s, jj] }
        return net.architecture.activation.value(u)
      }
    }
    return h
  }

  /// The Jacobian of the outputs with respect to h^l (C·N × M_l), row `k·N + n` = ∇_{h^l} f_k(n).
  public static func featureJacobian(_ net: Network, _ x: Matrix, layer: Int) throws -> Matrix {
    let h = activations(net, x, layer: layer)
    let n = x.rows
    let c = net.architecture.outputs
    var j = Matrix(rows: c * n, columns: h.columns)
    for q in 0..<h.columns {
      var hp = h
      var hm = h
      for s in 0..<n {
        hp[s, q] += step
        hm[s, q] -= step
      }
      let plus = try net.outputs(for: hp, fromLayer: layer)
      let minus = try net.outputs(for: hm, fromLayer: layer)
      for k in 0..<c {
        for s in 0..<n { j[k * n + s, q] = (plus[s, k] - minus[s, k]) / (2 * step) }
      }
    }
    return j
  }

  /// Softmax probabilities of one row of logits.
  public static func softmax(_ f: [Double]) -> [Double] {
    let mx = f.max()!
    let e = f.map { exp($0 - mx) }
    let z = e.reduce(0, +)
    return e.map { $0 / z }
  }

  /// Centres each output's rows over samples: J̄ = (I_C ⊗ (I − 11ᵀ/N)) J.
  public static func centred(_ j: Matrix, outputs c: Int, samples n: Int) -> Matrix {
    var out = j
    for col in 0..<j.columns {
      for k in 0..<c {
        let mean = (0..<n).reduce(0) { $0 + j[k * n + $1, col] } / Double(n)
        for s in 0..<n { out[k * n + s, col] -= mean }
      }
    }
    return out
  }

  /// The explicit metric `(1/scale) Σ_n J_nᵀ Q(n) J_n` (columns × columns) with Q(n) = I for linear output,
  /// where J_n is the C × columns block of rows {k·N + n}.
  public static func explicitMetric(
    _ j: Matrix, logits: Matrix?, outputs c: Int, samples n: Int, scale: Double
  )
    -> Matrix
  {
    let d = j.columns
    var m = Matrix(rows: d, columns: d)
    for s in 0..<n {
      var q = Matrix.identity(c)
      if let f = logits {
        let g = softmax(f.row(s))
        q = Matrix(rows: c, columns: c) { a, b in (a == b ? g[a] : 0) - g[a] * g[b] }
      }
      let js = Matrix(rows: c, columns: d) { k, col in j[k * n + s, col] }
      let qj = try! q.multiplied(by: js)
      m = m + (try! js.multiplied(by: qj, transposingSelf: true))
    }
    return m.scaled(by: 1 / scale)
  }

  /// Largest `count` eigenvalues, descending.
  public static func topEigenvalues(_ a: Matrix, _ count: Int) throws -> [Double] {
    var sym = a + a.transposed
    sym = sym.scaled(by: 0.5)
    return Array(try SymmetricEigen(sym).eigenvalues.reversed().prefix(count))
  }
}
