// Tests of the adaptive Euler controller and of the stopping rule, for the network and the kernel flows.
import FIM
import Spectra
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

  @Test("network training stops with every margin ≥ 1", arguments: [(20.0, 16), (0.1, 10)])
  func networkStops(alphaSqrtH: Double, p: Int) throws {
    let h = 50
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: p, kernel: 1, test: 200, seed: 12)
    let net = try ShallowNetwork.initial(width: h, dimension: 3, stream: RandomStream(seed: 13))
    var options = NetworkTrainingOptions(alpha: alphaSqrtH / Double(h).squareRoot())
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
      var options = NetworkTrainingOptions(alpha: alphaSqrtH / Double(h).squareRoot())
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

  @Test("kernel learning reaches all margins ≥ 1 and reports the stop reason")
  func kernelStops() throws {
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: 60, kernel: 1, test: 300, seed: 21)
    let net = try ShallowNetwork.initial(width: 200, dimension: 3, stream: RandomStream(seed: 22))
    let k = NeuralTangentKernel.gram(net, splits.train.inputs)
    let machine = try KernelMachine.train(gram: k, labels: splits.train.labels, marginTolerance: 0)
    #expect(machine.summary.stopReason == .marginsReached)
    #expect(machine.summary.minMargin >= 1 - 1e-9)
    // The default tolerance stops earlier, within 0.01 of the margin.
    let relaxed = try KernelMachine.train(gram: k, labels: splits.train.labels)
    #expect(relaxed.summary.minMargin >= 0.99)
    #expect(relaxed.summary.steps <= machine.summary.steps)
    let err = machine.testError(
      cross: NeuralTangentKernel.cross(net, splits.test.inputs, splits.train.inputs),
      labels: splits.test.labels)
    #expect(err < 0.45)
  }

  @Test("a kernel step that is too large is rejected")
  func kernelRejects() throws {
    let k = Matrix([[2, 1], [1, 2]])
    var control = AdaptiveEulerControl.kernel
    control.initialStep = 1e3
    let m = try KernelMachine.train(gram: k, labels: [1, -1], control: control)
    #expect(m.summary.rejections >= 1)
    #expect(m.summary.stopReason == .marginsReached)
  }
}
