import Spectra
// Tests of the adaptive Euler controller and of the stopping rule, for the network and the kernel flows.
import Stripe
import Testing

@Suite("Stripe gradient flow")
struct StripeGradientFlowTests {
  @Test("a step that is too large is rejected and retried smaller")
  func rejectsLargeStep() throws {
    let data = try LabelledInputs.gaussian(
      task: .stripe, count: 40, dimension: 3, stream: RandomStream(seed: 2))
    let net = try ShallowNetwork.initial(width: 30, dimension: 3, stream: RandomStream(seed: 3))
    var options = NetworkTrainingOptions(alpha: 10)
    options.control.initialStep = 1e6
    options.maxSteps = 1
    let result = try NetworkTraining.run(net, train: data, test: data, options: options)
    #expect(result.summary.rejections >= 1)
    #expect(result.summary.steps == 1)
    #expect(result.summary.time < 1e6)
    // A small enough first step of the same problem is accepted at once.
    options.control.initialStep = 1e-4
    let easy = try NetworkTraining.run(net, train: data, test: data, options: options)
    #expect(easy.summary.rejections == 0)
  }

  @Test("same seed, same numbers: two identical runs give identical checkpoints and outputs")
  func determinism() throws {
    func run() throws -> NetworkTrainingResult {
      let splits = try TaskSplits(task: .stripe, dimension: 3, train: 30, kernel: 1, test: 40, seed: 77)
      let net = try ShallowNetwork.initial(width: 20, dimension: 3, stream: RandomStream(seed: 78))
      var options = NetworkTrainingOptions(alpha: 0.01)
      options.maxSteps = 300
      return try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    }
    let a = try run()
    let b = try run()
    #expect(a.checkpoints == b.checkpoints)
    #expect(a.trainOutputs == b.trainOutputs && a.network == b.network)
  }

  @Test("gradient-change and output-change measures")
  func measures() {
    #expect(AdaptiveEulerControl.gradientChange([1, 0], [0, 1]) == 2)
    #expect(AdaptiveEulerControl.gradientChange([0, 0], [1, 1]) == 0)
    #expect(AdaptiveEulerControl.outputChange([1, 2], [1.5, 1]) == 1)
  }

  @Test("network training stops with every margin ≥ 1", arguments: [(20.0, 16), (0.1, 10), (0.01, 64)])
  func networkStops(alphaSqrtH: Double, p: Int) throws {
    let h = 50
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: p, kernel: 1, test: 200, seed: 12)
    let net = try ShallowNetwork.initial(width: h, dimension: 3, stream: RandomStream(seed: 13))
    var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: alphaSqrtH, width: h))
    options.maxWallSeconds = 60
    options.maxSteps = 200_000
    options.marginTolerance = 0
    let result = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    #expect(result.summary.stopReason == .marginsReached)
    let margins = zip(result.trainOutputs, splits.train.labels).map { $0 * $1 }
    #expect(margins.allSatisfy { $0 >= 1 })
    #expect(result.checkpoints.last?.trainLoss == 0)
  }

  @Test("λ grows with p in the feature regime and stays ≈ 1 in the lazy regime")
  func compression() throws {
    let h = 50
    let net = try ShallowNetwork.initial(width: h, dimension: 3, stream: RandomStream(seed: 13))
    func lambda(_ alphaSqrtH: Double, _ p: Int, steps: Int) throws -> (start: Double, end: Double) {
      let splits = try TaskSplits(task: .stripe, dimension: 3, train: p, kernel: 1, test: 50, seed: 12)
      var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: alphaSqrtH, width: h))
      options.maxSteps = steps
      let r = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
      return (r.checkpoints[0].weights.compression, r.checkpoints.last?.weights.compression ?? .nan)
    }
    let small = try lambda(0.02, 32, steps: 5000)
    let large = try lambda(0.02, 256, steps: 5000)
    #expect(large.end > 1.5 * small.end, "λ(p = 32) = \(small.end), λ(p = 256) = \(large.end)")
    #expect(large.end > 3)
    let lazy = try lambda(1000, 256, steps: 3000)
    #expect(abs(lazy.end / lazy.start - 1) < 0.02, "lazy λ moved from \(lazy.start) to \(lazy.end)")
  }

  @Test("kernel learning reaches all margins ≥ 1; the exact flow and the reference Euler scheme agree")
  func kernelStops() throws {
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: 60, kernel: 1, test: 300, seed: 21)
    let net = try ShallowNetwork.initial(width: 200, dimension: 3, stream: RandomStream(seed: 22))
    let k = NeuralTangentKernel.gram(net, splits.train.inputs)
    let machine = try KernelMachine.train(gram: k, labels: splits.train.labels)
    #expect(machine.summary.stopReason == .marginsReached)
    #expect(machine.summary.minMargin >= 1 - 1e-9)
    #expect(machine.summary.rejections == 0)
    // The reference Euler scheme approximates the same Filippov flow: same end point to its tolerance.
    var control = AdaptiveEulerControl.kernel
    control.jumpTolerance = 1e-3
    let euler = try KernelMachine.train(
      gram: k, labels: splits.train.labels, integrator: .euler(control), marginTolerance: 1e-3)
    #expect(euler.summary.stopReason == .marginsReached)
    #expect(euler.summary.minMargin >= 1 - 1e-3)
    #expect(euler.summary.steps > 10 * machine.summary.steps)
    let difference = zip(euler.coefficients, machine.coefficients).map { abs($0 - $1) }.max() ?? 0
    let scale = machine.coefficients.map(abs).max() ?? 1
    #expect(
      difference < 0.02 * scale, "Euler and exact coefficients differ by \(difference) (scale \(scale))")
    let relativeTime = abs(euler.summary.time / machine.summary.time - 1)
    #expect(relativeTime < 0.02, "flow times \(euler.summary.time) and \(machine.summary.time)")
    let cross = NeuralTangentKernel.cross(net, splits.test.inputs, splits.train.inputs)
    #expect(machine.testError(cross: cross, labels: splits.test.labels) < 0.45)
    let agree = zip(machine.predict(cross: cross), euler.predict(cross: cross)).filter {
      ($0 > 0) == ($1 > 0)
    }
    #expect(Double(agree.count) >= 0.98 * Double(splits.test.count))
  }

  @Test("exact kernel flow, closed forms: two points reaching together, and one sliding on the margin")
  func kernelClosedForms() throws {
    // K̃ = [[2, −1], [−1, 2]]: both margins grow at 1/2 and reach 1 together at t = 2, a = (1, −1).
    let together = try KernelMachine.train(gram: Matrix([[2, 1], [1, 2]]), labels: [1, -1])
    #expect(abs(together.summary.time - 2) < 1e-12)
    #expect(abs(together.coefficients[0] - 1) < 1e-12 && abs(together.coefficients[1] + 1) < 1e-12)
    // K̃ = [[1, −0.5], [−0.5, 2]]: point 2 reaches the margin at t = 4/3 and then slides with c = 1/4
    // while point 1 catches up: t = 20/7, a = (10/7, −6/7), both margins exactly 1.
    let sliding = try KernelMachine.train(gram: Matrix([[1, 0.5], [0.5, 2]]), labels: [1, -1])
    #expect(sliding.summary.stopReason == .marginsReached)
    #expect(abs(sliding.summary.time - 20.0 / 7) < 1e-12)
    #expect(abs(sliding.coefficients[0] - 10.0 / 7) < 1e-12)
    #expect(abs(sliding.coefficients[1] + 6.0 / 7) < 1e-12)
    #expect(abs(sliding.trainOutputs[0] - 1) < 1e-12 && abs(sliding.trainOutputs[1] + 1) < 1e-12)
    // Same labels, K̃ = [[1, 0.5], [0.5, 2]]: point 2 arrives first and is pushed on by point 1 (c = 0).
    let pushed = try KernelMachine.train(gram: Matrix([[1, 0.5], [0.5, 2]]), labels: [1, 1])
    #expect(abs(pushed.summary.time - 1.6) < 1e-12)
    #expect(abs(pushed.coefficients[0] - 0.8) < 1e-12 && abs(pushed.coefficients[1] - 0.4) < 1e-12)
  }

  @Test("a kernel step that is too large is rejected by the Euler scheme")
  func kernelRejects() throws {
    let k = Matrix([[2, 1], [1, 2]])
    var control = AdaptiveEulerControl.kernel
    control.initialStep = 1e3
    let m = try KernelMachine.train(
      gram: k, labels: [1, -1], integrator: .euler(control), marginTolerance: 0.01)
    #expect(m.summary.rejections >= 1)
    #expect(m.summary.stopReason == .marginsReached)
  }

  @Test("lazy regime: the network (α√h = 10⁵) ends where the exact init-NTK kernel flow ends")
  func lazyNetworkIsKernel() throws {
    // With K = αΘ₀ the kernel flow ȧ = (1/p) c y has the same margins and time as the linearised network.
    let h = 400
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: 48, kernel: 1, test: 400, seed: 41)
    let net = try ShallowNetwork.initial(width: h, dimension: 3, stream: RandomStream(seed: 42))
    let alpha = 1e5 / Double(h).squareRoot()
    var options = NetworkTrainingOptions(alpha: alpha)
    options.maxWallSeconds = 120
    let network = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    #expect(network.summary.stopReason == .marginsReached)
    let k = NeuralTangentKernel.gram(net, splits.train.inputs).scaled(by: alpha)
    let kernel = try KernelMachine.train(gram: k, labels: splits.train.labels)
    let cross = NeuralTangentKernel.cross(net, splits.test.inputs, splits.train.inputs).scaled(by: alpha)
    let predictions = kernel.predict(cross: cross)
    let agree = zip(predictions, network.testOutputs).filter { ($0 > 0) == ($1 > 0) }.count
    #expect(Double(agree) >= 0.97 * Double(splits.test.count), "test signs agree on \(agree) of 400")
    func rms(_ v: [Double]) -> Double { (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot() }
    let difference = rms(zip(predictions, network.testOutputs).map { $0 - $1 }) / rms(predictions)
    #expect(difference < 0.05, "relative RMS test-output difference \(difference)")
    let ratio = network.summary.time / kernel.summary.time
    #expect(
      abs(ratio - 1) < 0.02, "flow times: network \(network.summary.time), kernel \(kernel.summary.time)")
  }

  @Test("sliding-mode and reference Euler network flows reach the same end point on a small instance")
  func integratorsAgree() throws {
    let h = 40
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: 16, kernel: 1, test: 400, seed: 31)
    let net = try ShallowNetwork.initial(width: h, dimension: 3, stream: RandomStream(seed: 32))
    var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: 0.1, width: h))
    options.maxWallSeconds = 120
    options.maxSteps = 300_000
    options.slidingBand = 1e-3
    options.control.jumpTolerance = 1e-3
    let sliding = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    // The Euler scheme chatters along the margin: it needs its jump tolerance and a relaxed stop.
    options.integrator = .euler
    options.control.jumpTolerance = 1e-2
    options.marginTolerance = 1e-2
    let euler = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    #expect(sliding.summary.stopReason == .marginsReached)
    #expect(euler.summary.stopReason == .marginsReached)
    #expect(sliding.summary.steps < euler.summary.steps)
    let agree = zip(sliding.testOutputs, euler.testOutputs).filter { ($0 > 0) == ($1 > 0) }.count
    #expect(Double(agree) >= 0.97 * Double(splits.test.count), "test signs agree on \(agree) of 400")
    let l1 = sliding.checkpoints.last?.weights.compression ?? .nan
    let l2 = euler.checkpoints.last?.weights.compression ?? .nan
    #expect(abs(l1 / l2 - 1) < 0.05, "λ: sliding \(l1), Euler \(l2)")
  }
}
