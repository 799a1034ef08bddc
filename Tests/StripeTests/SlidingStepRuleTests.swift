import Foundation
import Spectra
import TestSupport
import Testing

// The two step rules of the sliding-mode integrator: the same trained end point (test signs, λ), fewer
// steps under the default, and old records decoding as the rule they were made with.
@testable import Stripe

@Suite("Sliding-mode step rules")
struct SlidingStepRuleTests {
  @Test("field-outputs reaches the all-outputs end point (signs ≥ 99 %, λ within 2 %) in fewer steps")
  func rulesAgree() throws {
    let h = 200
    let splits = try TaskSplits(task: .stripe, dimension: 5, train: 256, kernel: 1, test: 1000, seed: 43)
    let net = try ShallowNetwork.initial(width: h, dimension: 5, stream: RandomStream(seed: 44))
    var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: 0.01, width: h))
    options.maxWallSeconds = 300
    options.control.slidingStepRule = .allOutputs
    let before = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    options.control.slidingStepRule = .fieldOutputs
    let after = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    #expect(before.summary.stopReason == .marginsReached)
    #expect(after.summary.stopReason == .marginsReached)
    #expect(after.summary.minMargin >= 1)
    let agree = zip(after.testOutputs, before.testOutputs).filter { ($0 > 0) == ($1 > 0) }.count
    #expect(Double(agree) >= 0.99 * Double(splits.test.count), "test signs agree on \(agree) of 1000")
    let l1 = after.checkpoints.last?.weights.compression ?? .nan
    let l2 = before.checkpoints.last?.weights.compression ?? .nan
    #expect(abs(l1 / l2 - 1) < 0.02, "λ: field-outputs \(l1), all-outputs \(l2)")
    #expect(
      after.summary.steps < before.summary.steps,
      "steps: field-outputs \(after.summary.steps), all-outputs \(before.summary.steps)")
  }

  @Test("a stored controller without a step rule decodes as all-outputs; a new one round-trips")
  func decoding() throws {
    let old = """
      {"initialStep":1,"maxGradientChange":0.0001,"maxOutputChange":0.1,"growFactor":1.1,"shrinkFactor":10,
       "growThreshold":0.5,"jumpTolerance":0.01,"maxConsecutiveRejections":80}
      """
    let decoded = try JSONDecoder().decode(AdaptiveEulerControl.self, from: Data(old.utf8))
    #expect(decoded.slidingStepRule == .allOutputs)
    #expect(decoded.jumpTolerance == 0.01)
    let current = AdaptiveEulerControl.network
    let again = try JSONDecoder().decode(AdaptiveEulerControl.self, from: JSONEncoder().encode(current))
    #expect(again == current)
    #expect(current.slidingStepRule == .fieldOutputs)
  }
}
