import Foundation
import Spectra
// Finite-difference checks of the network gradient and the hinge-loss gradient; F ≡ 0 at initialisation.
import Stripe
import Testing

@Suite("Stripe network and hinge loss")
struct StripeNetworkTests {
  static func tiny() throws -> (ShallowNetwork, LabelledInputs) {
    let net = try ShallowNetwork.initial(
      width: 7, dimension: 3, biasScale: 1.3, biasVariance: 0.8, stream: RandomStream(seed: 3))
    let data = try LabelledInputs.gaussian(
      task: .stripe, count: 9, dimension: 3, stream: RandomStream(seed: 4))
    return (net, data)
  }

  @Test("output gradient matches central finite differences")
  func outputGradient() throws {
    let (net, data) = try Self.tiny()
    var c = [Double](repeating: 0, count: data.count)
    for i in c.indices {
      let sign: Double = i % 2 == 0 ? 1 : -1
      c[i] = 0.3 + 0.17 * Double(i) * sign
    }
    let acts = net.preActivations(data.inputs)
    let g = net.weightedOutputGradient(
      data.inputs, coefficients: c, activations: Self.activations(acts))
    func objective(_ w: [Double]) -> Double {
      let f = net.with(flatParameters: w).outputs(data.inputs)
      var s = 0.0
      for i in f.indices { s += c[i] * f[i] }
      return s / Double(data.count)
    }
    let w = net.flatParameters
    let eps = 1e-6
    for i in w.indices {
      var wp = w
      var wm = w
      wp[i] += eps
      wm[i] -= eps
      let fd = (objective(wp) - objective(wm)) / (2 * eps)
      let tolerance = 1e-7 * max(1, abs(fd))
      #expect(abs(fd - g[i]) < tolerance, "parameter \(i): fd \(fd) vs analytic \(g[i])")
    }
  }

  @Test("Jacobian-vector product matches central finite differences of the outputs")
  func jacobianTimes() throws {
    let (net, data) = try Self.tiny()
    let v = RandomStream(seed: 5).gaussians(net.parameterCount)
    let jv = net.jacobianTimes(v, data.inputs, activations: Self.activations(net.preActivations(data.inputs)))
    let w = net.flatParameters
    let eps = 1e-6
    let plus = net.with(flatParameters: zip(w, v).map { $0 + eps * $1 }).outputs(data.inputs)
    let minus = net.with(flatParameters: zip(w, v).map { $0 - eps * $1 }).outputs(data.inputs)
    for mu in jv.indices {
      let fd = (plus[mu] - minus[mu]) / (2 * eps)
      #expect(abs(fd - jv[mu]) < 1e-7 * max(1, abs(fd)), "point \(mu): fd \(fd) vs analytic \(jv[mu])")
    }
  }

  /// σ(Z), σ'(Z) recomputed here (the library's helper is internal).
  static func activations(_ z: Matrix) -> (value: Matrix, derivative: Matrix) {
    let s = 2.0.squareRoot()
    let v = Matrix(rows: z.rows, columns: z.columns) { i, j in max(0, z[i, j]) * s }
    let d = Matrix(rows: z.rows, columns: z.columns) { i, j in z[i, j] > 0 ? s : 0 }
    return (v, d)
  }

  @Test("hinge-loss gradient L = (1/(αp)) Σ ℓ(yF) matches finite differences away from the kinks")
  func hingeGradient() throws {
    let (net0, data) = try Self.tiny()
    // Move away from initialisation so that F ≠ 0 and the margins are spread.
    var w = net0.flatParameters
    let r = RandomStream(seed: 9).gaussians(w.count, standardDeviation: 0.5)
    for i in w.indices { w[i] += r[i] }
    let net = net0.with(flatParameters: w)
    let alpha = 3.7
    let loss = HingeLoss()
    let f0 = net0.outputs(data.inputs)
    func bigF(_ n: ShallowNetwork) -> [Double] { zip(n.outputs(data.inputs), f0).map { alpha * ($0 - $1) } }
    func lossValue(_ w: [Double]) -> Double {
      loss.mean(outputs: bigF(net0.with(flatParameters: w)), labels: data.labels) / alpha
    }
    let out = bigF(net)
    let margins = zip(out, data.labels).map { $0 * $1 }
    try #require(margins.allSatisfy { abs($0 - 1) > 1e-3 }, "test point too close to the hinge kink")
    #expect(margins.contains { $0 < 1 })
    let c = loss.coefficients(outputs: out, labels: data.labels)
    let g = net.weightedOutputGradient(
      data.inputs, coefficients: c, activations: Self.activations(net.preActivations(data.inputs)))
    let eps = 1e-7
    for i in w.indices {
      var wp = w
      var wm = w
      wp[i] += eps
      wm[i] -= eps
      let fd = (lossValue(wp) - lossValue(wm)) / (2 * eps)
      let tolerance = 1e-6 * max(1, abs(fd))
      #expect(abs(fd - g[i]) < tolerance, "parameter \(i): fd \(fd) vs analytic \(g[i])")
    }
  }

  @Test("F ≡ 0 at initialisation: the first checkpoint has loss 1 and no margin")
  func zeroAtInit() throws {
    let (net, data) = try Self.tiny()
    var options = NetworkTrainingOptions(alpha: 0.5)
    options.maxSteps = 1
    let result = try NetworkTraining.run(net, train: data, test: data, options: options)
    let first = try #require(result.checkpoints.first)
    #expect(first.step == 0)
    #expect(first.trainLoss == 1)
    #expect(first.minMargin == 0 && first.maxMargin == 0)
    #expect(first.activeCount == data.count)
    #expect(
      abs(
        first.weights.compression
          - CompressionMeasures(network: net, initial: net, informative: 1).compression) == 0)
  }

  @Test("bad network configuration is refused naming the field")
  func errors() {
    #expect(throws: ConfigurationError.self) {
      try ShallowNetwork.initial(width: 0, dimension: 3, stream: RandomStream(seed: 1))
    }
    #expect(throws: ConfigurationError.self) {
      try NetworkTrainingOptions(alpha: -1).validate()
    }
  }
}
