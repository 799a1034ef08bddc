import Foundation
import Spectra
import TestSupport
import Testing

// The fused evaluation of the sliding-mode field against the dense BLAS path: identities to rounding, and the
// trained end point (test signs, λ) against the dense integrator.
@testable import Stripe

@Suite("Stripe fused field evaluation")
struct StripeFusedEvaluationTests {
  /// A network, inputs (p not a multiple of the 8 SIMD lanes), coefficients, and a second network whose
  /// pre-activations give another ReLU pattern (a frozen pattern).
  private func instance() throws -> (ShallowNetwork, ShallowNetwork, Matrix, [Double]) {
    let data = try LabelledInputs.gaussian(
      task: .stripe, count: 203, dimension: 5, stream: RandomStream(seed: 4))
    let net = try ShallowNetwork.initial(width: 37, dimension: 5, stream: RandomStream(seed: 5))
    var w = net.flatParameters
    let noise = RandomStream(seed: 6).gaussians(w.count, standardDeviation: 0.3)
    for i in w.indices { w[i] += noise[i] }
    let c = RandomStream(seed: 7).gaussians(203)
    return (net, net.with(flatParameters: w), data.inputs, c)
  }

  @Test("fused outputs equal σ(Z)·β by dgemm to 1e-12")
  func outputs() throws {
    let (net, _, x, _) = try instance()
    let z = net.preActivations(x)
    let dense = ShallowNetwork.activations(z).value.multiplied(byVector: net.beta)
    let fused = RectifiedUnitSums.outputs(z, weights: net.beta, scale: ShallowNetwork.activationScale)
    let scale = dense.map(abs).max() ?? 1
    #expect(isClose(fused, dense, absolute: Tolerance.reduction * scale))
  }

  @Test("fused gradient equals the dense gradient to 1e-12, with its own and with a frozen ReLU pattern")
  func gradientIdentity() throws {
    let (net, moved, x, c) = try instance()
    let z = moved.preActivations(x)
    let frozen = net.preActivations(x)
    // Own pattern: σ(Z), σ'(Z).
    let own = moved.weightedOutputGradient(x, coefficients: c, activations: ShallowNetwork.activations(z))
    let ownFused = moved.weightedOutputGradient(x, coefficients: c, preActivations: z, pattern: z)
    // Frozen pattern of `net`: σ = θ(Z₀)∘Z·√2, σ' = θ(Z₀)·√2, built densely.
    let mask = ShallowNetwork.activations(frozen).derivative
    var value = z
    let m = mask.elements
    value.modifyElements { v in for i in v.indices { v[i] *= m[i] } }
    let held = moved.weightedOutputGradient(x, coefficients: c, activations: (value, mask))
    let heldFused = moved.weightedOutputGradient(x, coefficients: c, preActivations: z, pattern: frozen)
    for (fused, dense) in [(ownFused, own), (heldFused, held)] {
      let scale = dense.map(abs).max() ?? 1
      #expect(isClose(fused, dense, absolute: Tolerance.reduction * scale))
    }
    // The two patterns differ, so the identity is not trivially the same sum.
    #expect(own != held)
  }

  @Test(
    "sparse correction of the unit sums (pattern flips, changed coefficients) equals a full pass to 1e-12")
  func sparseCorrectionIdentity() throws {
    let (net, moved, x, c) = try instance()
    let z = moved.preActivations(x)
    let frozen = net.preActivations(x)
    let s = ShallowNetwork.activationScale
    var c2 = c
    for mu in stride(from: 0, to: c2.count, by: 7) { c2[mu] = 0 }
    for mu in stride(from: 3, to: c2.count, by: 11) { c2[mu] = -c2[mu] + 0.5 }
    let held = RectifiedUnitSums.unitSums(
      z, pattern: frozen, coefficients: c, inputs: x, scale: s, recordingFlips: true)
    #expect(!held.flips.isEmpty)
    let corrected = RectifiedUnitSums.corrected(
      held, z, pattern: frozen, from: c, to: c2, inputs: x, scale: s)
    let direct = RectifiedUnitSums.unitSums(z, pattern: z, coefficients: c2, inputs: x, scale: s)
    #expect(direct.flips.isEmpty)
    for (a, b) in [
      (corrected.value, direct.value), (corrected.derivative, direct.derivative),
      (corrected.inputs, direct.inputs),
    ] {
      #expect(isClose(a, b, absolute: Tolerance.reduction * (b.map(abs).max() ?? 1)))
    }
    // The field's corrected gradient (new partition, own pattern) against a full evaluation, with a band.
    let data = try LabelledInputs.gaussian(
      task: .stripe, count: 203, dimension: 5, stream: RandomStream(seed: 4))
    let field = HingeSlidingField(
      x: x, y: data.labels, alpha: 1, reference: [Double](repeating: 0, count: x.rows), loss: HingeLoss(),
      band: 1e-2, evaluation: .fused)
    let before = field.evaluate(net)
    let after = field.evaluate(moved)
    let old: [HingeRegion] = (0..<x.rows).map { [.below, .band, .above][$0 % 3] }
    let new: [HingeRegion] = (0..<x.rows).map { [.below, .band, .above][($0 / 2) % 3] }
    let held2 = field.gradient(after, regions: old, pattern: before)
    let fast = field.gradient(after, regions: new, warm: [:], correcting: held2, pattern: before)
    let full = field.gradient(after, regions: new)
    #expect(
      isClose(fast.vector, full.vector, absolute: Tolerance.reduction * (full.vector.map(abs).max() ?? 1)))
  }

  @Test("fused and dense sliding-mode fields give the same gradient on a band to 1e-12")
  func slidingGradientIdentity() throws {
    let (_, moved, x, _) = try instance()
    let data = try LabelledInputs.gaussian(
      task: .stripe, count: 203, dimension: 5, stream: RandomStream(seed: 4))
    let y = data.labels
    func field(_ evaluation: HingeFieldEvaluation) -> HingeSlidingField {
      HingeSlidingField(
        x: x, y: y, alpha: 1, reference: [Double](repeating: 0, count: x.rows), loss: HingeLoss(), band: 1e-2,
        evaluation: evaluation)
    }
    let dense = field(.dense).evaluate(moved)
    let fused = field(.fused).evaluate(moved)
    #expect(
      isClose(
        fused.outputs, dense.outputs, absolute: Tolerance.reduction * (dense.outputs.map(abs).max() ?? 1)))
    // A partition with points below, on the band and above (not the outputs' own, to exercise every case).
    let regions: [HingeRegion] = (0..<x.rows).map { [.below, .band, .above][$0 % 3] }
    let gd = field(.dense).gradient(dense, regions: regions)
    let gf = field(.fused).gradient(fused, regions: regions)
    let scale = gd.vector.map(abs).max() ?? 1
    #expect(isClose(gf.vector, gd.vector, absolute: Tolerance.reduction * scale))
    #expect(gd.sliding.count == gf.sliding.count)
  }

  @Test("fused and dense sliding-mode integrators reach the same end point (signs ≥ 99 %, λ within 2 %)")
  func integratorsAgree() throws {
    let h = 200
    let splits = try TaskSplits(task: .stripe, dimension: 5, train: 128, kernel: 1, test: 1000, seed: 41)
    let net = try ShallowNetwork.initial(width: h, dimension: 5, stream: RandomStream(seed: 42))
    var options = NetworkTrainingOptions(outputScale: OutputScale(alphaSqrtH: 0.01, width: h))
    options.maxWallSeconds = 300
    options.integrator = .slidingModeDense
    let dense = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    options.integrator = .slidingMode
    let fused = try NetworkTraining.run(net, train: splits.train, test: splits.test, options: options)
    #expect(dense.summary.stopReason == .marginsReached)
    #expect(fused.summary.stopReason == .marginsReached)
    #expect(fused.summary.minMargin >= 1)
    let agree = zip(fused.testOutputs, dense.testOutputs).filter { ($0 > 0) == ($1 > 0) }.count
    #expect(Double(agree) >= 0.99 * Double(splits.test.count), "test signs agree on \(agree) of 1000")
    let l1 = fused.checkpoints.last?.weights.compression ?? .nan
    let l2 = dense.checkpoints.last?.weights.compression ?? .nan
    #expect(abs(l1 / l2 - 1) < 0.02, "λ: fused \(l1), dense \(l2)")
    // F ≡ 0 at t = 0 exactly for both (the fused field computes its own f₀).
    for run in [fused, dense] {
      #expect(run.checkpoints.first?.minMargin == 0 && run.checkpoints.first?.maxMargin == 0)
    }
  }
}
