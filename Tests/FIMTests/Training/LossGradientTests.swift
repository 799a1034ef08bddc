// The back-propagated loss gradient against central finite differences of the loss, and a hand-computed step.
import FIM
import Foundation
import Spectra
import TestSupport
import Testing

@Suite("Training: loss gradients")
struct LossGradientTests {
  /// The gradient flattened in the oracle's parameter order (W1 row-major, b1, W2, b2, …).
  static func flattened(_ g: LossGradient) -> [Double] {
    var out: [Double] = []
    for l in g.weights.indices {
      out += g.weights[l].rowMajorElements
      out += g.biases[l]
    }
    return out
  }

  static func data(_ net: Network, _ x: Matrix, loss: TrainingLoss) throws -> TrainingData {
    let c = net.architecture.outputs
    let stream = RandomStream(seed: 4711)
    switch loss {
    case .mse:
      return try TrainingData(inputs: x, targets: stream.gaussianMatrix(rows: x.rows, columns: c), for: loss)
    case .crossEntropy:
      // Soft labels, so every output's target differs from 0 and 1.
      var y = stream.gaussianMatrix(rows: x.rows, columns: c)
      for n in 0..<x.rows {
        let p = SoftmaxCovariance.probabilities(logits: y.row(n))
        for k in 0..<c { y[n, k] = p[k] }
      }
      return try TrainingData(inputs: x, targets: y, for: loss)
    }
  }

  static let cases: [(TrainingLoss, Parameterisation, Activation)] = [
    (.mse, .standard, .tanh), (.mse, .ntk, .erf), (.crossEntropy, .standard, .erf),
    (.crossEntropy, .ntk, .tanh),
  ]

  @Test("∇L by backprop equals central finite differences of L", arguments: 0..<4)
  func finiteDifferences(caseIndex: Int) throws {
    let (loss, parameterisation, activation) = Self.cases[caseIndex]
    let (net, x) = try BruteForceOracle.tinyNetwork(activation, parameterisation)
    let data = try Self.data(net, x, loss: loss)
    let g = try LossGradient(network: net, data: data, loss: loss)
    let analytic = Self.flattened(g)
    #expect(analytic.count == net.architecture.parameterCount)
    let h = 1e-5
    var worst = 0.0
    let scale = analytic.reduce(0) { max($0, abs($1)) }
    for q in analytic.indices {
      let plus = try LossGradient(
        network: BruteForceOracle.perturbed(net, index: q, by: h), data: data, loss: loss
      ).loss
      let minus = try LossGradient(
        network: BruteForceOracle.perturbed(net, index: q, by: -h), data: data, loss: loss
      ).loss
      worst = max(worst, abs((plus - minus) / (2 * h) - analytic[q]))
    }
    #expect(scale > 1e-3)
    #expect(
      worst <= Tolerance.finiteDifference * max(1, scale),
      "largest deviation \(worst) for \(loss) \(parameterisation)")
  }

  @Test("the loss values: MSE = (1/2N)Σ‖f − y‖², cross-entropy = −(1/N)Σ y·log softmax(f)")
  func lossValues() throws {
    let f = Matrix([[1, 2], [0.5, -1], [3, 0]])
    let y = Matrix([[0, 1], [1, 0], [0.25, 0.75]])
    let mse = TrainingLoss.mse.value(outputs: f, targets: y)
    let expectedMSE: Double = (1 + 1 + 0.25 + 1 + 7.5625 + 0.5625) / 6
    #expect(isClose(mse, expectedMSE, absolute: Tolerance.fewOperations))
    let ce = TrainingLoss.crossEntropy.value(outputs: f, targets: y)
    func lse(_ a: Double, _ b: Double) -> Double { log(exp(a) + exp(b)) }
    let expected = ((lse(1, 2) - 2) + (lse(0.5, -1) - 0.5) + (lse(3, 0) - 0.25 * 3)) / 3
    #expect(isClose(ce, expected, absolute: Tolerance.closedForm))
  }

  @Test("one gradient-descent step equals the hand-computed update of a 2 → 1 → 1 tanh network")
  func handComputedStep() throws {
    let arch = try NetworkArchitecture(widths: [2, 1, 1], activation: .tanh, sigmaW2: 1, sigmaB2: 1)
    let (w1, b1, w2, b2) = (([0.3, -0.7]), 0.2, 1.5, -0.4)
    let net = try Network(
      architecture: arch, weights: [Matrix([w1]), Matrix([[w2]])], biases: [[b1], [b2]])
    let x = Matrix([[1.0, 2.0], [-0.5, 0.25]])
    let y = Matrix([[0.5], [-1.0]])
    let data = try TrainingData(inputs: x, targets: y, for: .mse)
    let eta = 0.1
    // By hand: L = (1/4) Σ_n (f_n − y_n)², ∂L/∂f_n = (f_n − y_n)/2.
    var gw1 = [0.0, 0.0]
    var gb1 = 0.0
    var gw2 = 0.0
    var gb2 = 0.0
    var loss = 0.0
    for n in 0..<2 {
      let u = w1[0] * x[n, 0] + w1[1] * x[n, 1] + b1
      let h = tanh(u)
      let f = w2 * h + b2
      let e = (f - y[n, 0]) / 2
      loss += (f - y[n, 0]) * (f - y[n, 0]) / 4
      gw2 += e * h
      gb2 += e
      let back = e * w2 * (1 - h * h)
      gw1[0] += back * x[n, 0]
      gw1[1] += back * x[n, 1]
      gb1 += back
    }
    let gd = try GradientDescent(loss: .mse, rate: eta)
    let g = try LossGradient(network: net, data: data, loss: .mse)
    #expect(isClose(g.loss, loss, absolute: Tolerance.fewOperations))
    let next = try #require(gd.step(net, gradient: g))
    let tolerance = Tolerance.fewOperations
    #expect(isClose(next.weights[0][0, 0], w1[0] - eta * gw1[0], absolute: tolerance))
    #expect(isClose(next.weights[0][0, 1], w1[1] - eta * gw1[1], absolute: tolerance))
    #expect(isClose(next.biases[0][0], b1 - eta * gb1, absolute: tolerance))
    #expect(isClose(next.weights[1][0, 0], w2 - eta * gw2, absolute: tolerance))
    #expect(isClose(next.biases[1][0], b2 - eta * gb2, absolute: tolerance))
    // The trajectory's second loss is the loss at the updated parameters.
    let run = try gd.train(net, on: data, steps: 1)
    #expect(run.losses.count == 2)
    #expect(run.losses[1] == (try LossGradient(network: next, data: data, loss: .mse)).loss)
  }

  @Test("bad input names the field and the value")
  func badInput() throws {
    #expect(throws: ConfigurationError(field: "rate", "learning rate must be positive and finite, got -0.1"))
    {
      try GradientDescent(loss: .mse, rate: -0.1)
    }
    #expect(throws: ConfigurationError.self) { try GradientDescent(loss: .mse, rate: .nan) }
    #expect(throws: ConfigurationError.self) { try TrainingLoss(named: "hinge") }
    let x = Matrix([[1.0], [2.0]])
    #expect(throws: ConfigurationError.self) {
      try TrainingData(inputs: x, targets: Matrix([[0.5, 0.6], [1, 0]]), for: .crossEntropy)
    }
    #expect(throws: ConfigurationError.self) {
      try TrainingData(inputs: x, targets: Matrix([[.nan], [1]]), for: .mse)
    }
    let arch = try NetworkArchitecture(widths: [1, 3, 2], activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    let config = TrainingExperiment.Configuration(
      architecture: arch, samples: 4, loss: .mse, steps: 0, trackEvery: 1, seed: 1, teacherSeed: 2,
      dataSeed: 3)
    #expect(throws: ConfigurationError(field: "steps", "number of steps must be positive, got 0")) {
      try config.validate()
    }
  }
}
