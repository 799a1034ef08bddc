import Foundation
import Spectra
import TestSupport
import Testing

// Local slopes of synthetic power laws, task keys and shards, and the per-task memory estimate.
@testable import Stripe

@Suite("Stripe local slopes and tasks")
struct LocalSlopesTests {
  static let sizes = [128, 256, 512, 1024, 2048, 4096, 8192]

  /// Samples of c_seed·p^slope at every size.
  static func powerLaw(_ slope: Double, prefactors: [UInt64: Double]) -> [CurveSample] {
    sizes.flatMap { p in
      prefactors.sorted { $0.key < $1.key }.map { seed, c in
        CurveSample(size: p, seed: seed, value: c * pow(Double(p), slope))
      }
    }
  }

  @Test(
    "a pure power law gives its exponent in every window, seed by seed, with zero spread",
    arguments: [-0.385, -0.692, -0.5, 0.5])
  func pureLaw(slope: Double) throws {
    let samples = Self.powerLaw(slope, prefactors: [1: 0.9, 2: 1.3, 3: 2.0])
    for window in [2, 3, 4] {
      let local = try LocalSlopes(samples, window: window)
      #expect(local.estimates.count == Self.sizes.count - window + 1)
      for e in local.estimates {
        #expect(isClose(e.slope, slope, relative: Tolerance.reduction))
        #expect(isClose(e.seedMean, slope, relative: Tolerance.reduction))
        #expect(e.seedStandardError < 1e-12)
        #expect(e.seedCount == 3)
        #expect(e.upper / e.lower == 1 << (window - 1))
      }
    }
    let first = try #require(try LocalSlopes(samples, window: 2).estimates.first)
    #expect(isClose(first.centre, (128.0 * 256).squareRoot(), relative: Tolerance.closedForm))
  }

  @Test("a broken power law: slopes −0.4 below p = 1024 and −0.8 above, the break found at 1024")
  func knownBreak() throws {
    let samples = Self.sizes.map { p -> CurveSample in
      let x = Double(p)
      let y = x <= 1024 ? pow(x, -0.4) : pow(1024, -0.4) * pow(x / 1024, -0.8)
      return CurveSample(size: p, seed: 1, value: y)
    }
    let local = try LocalSlopes(samples, window: 2)
    for e in local.estimates {
      #expect(isClose(e.slope, e.upper <= 1024 ? -0.4 : -0.8, relative: Tolerance.reduction))
    }
    let change = try #require(local.largestChange)
    #expect(change.size == 1024)
    #expect(isClose(change.before, -0.4, relative: Tolerance.reduction))
    #expect(isClose(change.after, -0.8, relative: Tolerance.reduction))
    // A sliding window of 3 straddling the break sits strictly between the two exponents.
    let straddle = try #require(try LocalSlopes(samples, window: 3).estimates.first { $0.lower == 512 })
    #expect(straddle.slope < -0.4 && straddle.slope > -0.8)
  }

  @Test("seed error bars: two seeds with exponents −0.4 and −0.6 give mean −0.5 and standard error 0.1")
  func seedErrorBars() throws {
    let samples = Self.sizes.flatMap { p in
      [
        CurveSample(size: p, seed: 1, value: pow(Double(p), -0.4)),
        CurveSample(size: p, seed: 2, value: pow(Double(p), -0.6)),
      ]
    }
    for e in try LocalSlopes(samples, window: 3).estimates {
      #expect(isClose(e.seedMean, -0.5, relative: Tolerance.reduction))
      #expect(isClose(e.seedStandardError, 0.1, relative: Tolerance.reduction))
    }
  }

  @Test("zero or missing values drop out; a window below 2 is refused")
  func dropsUnusable() throws {
    var samples = Self.powerLaw(-0.5, prefactors: [1: 1, 2: 1])
    samples.append(CurveSample(size: 16384, seed: 1, value: 0))
    samples.append(CurveSample(size: 16384, seed: 2, value: 0))
    samples.removeAll { $0.size == 8192 && $0.seed == 2 }
    let local = try LocalSlopes(samples, window: 2)
    #expect(local.estimates.map(\.upper).max() == 8192)
    let last = try #require(local.estimates.last)
    #expect(last.seedCount == 1)
    #expect(throws: ConfigurationError(field: "window", "must be ≥ 2, got 1")) {
      try LocalSlopes(samples, window: 1)
    }
  }

  @Test("task keys are stable and shards partition the tasks")
  func taskKeys() {
    var c = LearningCurveConfiguration()
    c.sizes = [2048, 128, 32768]
    c.seeds = [2, 1]
    c.networkMaxSize = 16384
    let tasks = LearningCurveStudy.tasks(c)
    #expect(
      tasks.map(\.key) == [
        "p000128-seed2", "p000128-seed1", "p002048-seed2", "p002048-seed1", "p032768-seed2-kernel",
        "p032768-seed1-kernel",
      ])
    #expect(LearningCurveTask(size: 1_000_000, seed: 12, kernelOnly: false).key == "p1000000-seed12")
    let shards = (1...4).map { LearningCurveStudy.tasks(c, shard: $0, of: 4) }
    #expect(shards.flatMap { $0 }.map(\.key).sorted() == tasks.map(\.key).sorted())
    #expect(Set(shards[0].map(\.key)).isDisjoint(with: shards[1].map(\.key)))
    // One task per shard: shard k is task k.
    for k in 1...tasks.count {
      #expect(LearningCurveStudy.tasks(c, shard: k, of: tasks.count) == [tasks[k - 1]])
    }
  }

  @Test("the memory estimate counts p×p kernels, p_te×p cross kernels and (p + p_te)×h features")
  func memoryEstimate() {
    var c = LearningCurveConfiguration()
    c.width = 1000
    c.testCount = 8192
    let kernel = LearningCurveCost.estimate(
      c, task: LearningCurveTask(size: 32768, seed: 1, kernelOnly: true), gramRate: 1e10)
    let p = 32768
    let expected = 8 * (4 * p * p + 4 * 8192 * p + 5 * (p + 8192) * 1000 + (2 * p + 8192) * 5)
    #expect(kernel.peak == ByteCount(expected))
    let full = LearningCurveCost.estimate(
      c, task: LearningCurveTask(size: 32768, seed: 1, kernelOnly: false), gramRate: 1e10)
    #expect(full.peak > kernel.peak)
    #expect(!MemoryBudget(bytes: ByteCount(32_000_000_000), source: .option).admits(kernel.peak))
    #expect(kernel.seconds > 0 && kernel.seconds.isFinite)
  }

  @Test("a task run alone equals the same point of a whole study")
  func taskEqualsStudy() throws {
    var c = LearningCurveConfiguration()
    c.dimension = 3
    c.width = 30
    c.sizes = [24, 48]
    c.seeds = [5]
    c.testCount = 64
    c.networkMaxSteps = 400
    let study = try LearningCurveStudy.run(c)
    let alone = try LearningCurveStudy.run(c, task: LearningCurveTask(size: 48, seed: 5, kernelOnly: false))
    let point = try #require(study.points.last)
    #expect(alone.point?.featureError == point.featureError)
    #expect(alone.point?.finalKernelError == point.finalKernelError)
    #expect(alone.initialKernelError == point.initialKernelError)
    let kernelOnly = try LearningCurveStudy.run(
      c, task: LearningCurveTask(size: 48, seed: 5, kernelOnly: true))
    #expect(kernelOnly.point == nil)
    #expect(kernelOnly.initialKernelError == point.initialKernelError)
  }
}
