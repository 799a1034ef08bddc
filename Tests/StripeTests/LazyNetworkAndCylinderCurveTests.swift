import Foundation
import Spectra
import TestSupport
import Testing

// The learning-curve study's lazy-regime network (it follows the init-NTK kernel machine of the same
// finite network) and the cylinder at d = 2 (no perpendicular coordinate: curves defined, λ undefined).
@testable import Stripe

@Suite("Lazy network and cylinder curves")
struct LazyNetworkAndCylinderCurveTests {
  @Test("the lazy network converges to the init-NTK kernel machine as α√h grows (10³ → 10⁵)")
  func lazyFollowsKernel() throws {
    var c = LearningCurveConfiguration()
    c.dimension = 3
    c.width = 400
    c.sizes = [64]
    c.seeds = [2]
    c.testCount = 400
    c.lazyAlphaSqrtH = 1000
    c.networkMaxSteps = 20_000
    let r = try LearningCurveStudy.run(c, task: LearningCurveTask(size: 64, seed: 2, kernelOnly: false))
    let point = try #require(r.point)
    let lazy = try #require(point.lazyNetwork)
    #expect(lazy.stopReason == .marginsReached)
    // The same flows by hand: the lazy network's test signs against those of the kernel machine with the
    // empirical NTK of the same initial network. The network's flow is that kernel flow up to O(1/α), so
    // the agreement grows with α√h (measured 379, 386, 396, 398 of 400 at 10³…10⁶; tighter integrator
    // tolerances change none of them) and the α√h = 10³ run is the study's.
    let splits = try TaskSplits(task: .stripe, dimension: 3, train: 64, kernel: 64, test: 400, seed: 2)
    let net0 = try ShallowNetwork.initial(width: 400, dimension: 3, stream: RandomStream(seed: 2).child(3))
    let kernel = try LearningCurveStudy.kernelError(net0, train: splits.train, test: splits.test, c: c)
    let kernelSigns = kernel.machine.predict(
      cross: NeuralTangentKernel.cross(net0, splits.test.inputs, splits.train.inputs))
    func lazyRun(_ alphaSqrtH: Double) throws -> NetworkTrainingResult {
      var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: alphaSqrtH, width: 400))
      options.recordsTrajectory = false
      return try NetworkTraining.run(net0, train: splits.train, test: splits.test, options: options)
    }
    func agreement(_ run: NetworkTrainingResult) -> Int {
      zip(run.testOutputs, kernelSigns).filter { ($0 > 0) == ($1 > 0) }.count
    }
    let (near, far) = (try lazyRun(1e3), try lazyRun(1e5))
    #expect(Scores.error(near.testOutputs, splits.test.labels) == point.lazyError)
    #expect(agreement(far) >= 396, "α√h = 10⁵: \(agreement(far)) of 400")
    #expect(agreement(near) < agreement(far), "α√h = 10³: \(agreement(near)), 10⁵: \(agreement(far))")
    let names = LearningCurveStudy.curves(c, results: [r]).map(\.method)
    #expect(names.contains("lazy"))
    c.lazyAlphaSqrtH = nil
    #expect(!LearningCurveStudy.curves(c, results: [r]).map(\.method).contains("lazy"))
    c.lazyAlphaSqrtH = -1
    #expect(throws: ConfigurationError.self) { try c.validate() }
  }

  @Test("the cylinder at d = 2 runs: finite errors, λ undefined, predicted β_Feature = ½")
  func cylinderInTwoDimensions() throws {
    var c = LearningCurveConfiguration()
    c.task = .cylinder
    c.dimension = 2
    c.width = 30
    c.sizes = [24, 48]
    c.seeds = [1]
    c.testCount = 64
    c.networkMaxSteps = 400
    let study = try LearningCurveStudy.run(c)
    #expect(study.points.count == 2)
    for point in study.points {
      #expect(point.featureError.isFinite && point.initialKernelError.isFinite)
      #expect(point.compression.isNaN)
    }
    #expect(!study.fits.map(\.method).contains("compression"))
    #expect(LearningCurveStudy.featureExponent(dimension: 2, informative: 2) == 0.5)
  }
}
