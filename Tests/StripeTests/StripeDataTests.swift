import Spectra
// Tests of the Gaussian invariant-task sampler: balance, labels, determinism, independence of the sets.
import Stripe
import Testing

@Suite("Stripe data")
struct StripeDataTests {
  @Test(
    "stripe and balanced cylinder labels are balanced (≈ 0.5)", arguments: [InvariantTask.stripe, .cylinder])
  func balance(task: InvariantTask) throws {
    let set = try LabelledInputs.gaussian(
      task: task, count: 20_000, dimension: 4, stream: RandomStream(seed: 11))
    #expect(abs(set.negativeFraction - 0.5) < 0.015)
  }

  @Test("the χ²-median cylinder variant is unbalanced (P(y = −1) = e^{−2/3} ≈ 0.513)")
  func medianCylinder() throws {
    let set = try LabelledInputs.gaussian(
      task: .cylinderMedian, count: 40_000, dimension: 3, stream: RandomStream(seed: 5))
    #expect(abs(set.negativeFraction - 0.5134) < 0.01)
  }

  @Test("stripe labels follow the slab −0.3 < x₁ < 1.18549")
  func slab() {
    let t = InvariantTask.stripe
    #expect(t.label(informative: [0.0][...]) == -1)
    #expect(t.label(informative: [-0.31][...]) == 1)
    #expect(t.label(informative: [1.2][...]) == 1)
    #expect(t.label(informative: [1.18][...]) == -1)
  }

  @Test("same seed gives the same sets; train, kernel and test sets differ")
  func determinism() throws {
    let a = try TaskSplits(task: .stripe, dimension: 3, train: 50, kernel: 50, test: 50, seed: 7)
    let b = try TaskSplits(task: .stripe, dimension: 3, train: 50, kernel: 50, test: 50, seed: 7)
    #expect(a.train == b.train && a.test == b.test && a.kernel == b.kernel)
    #expect(a.train.inputs != a.kernel.inputs)
    #expect(a.train.inputs != a.test.inputs)
    let larger = try TaskSplits(task: .stripe, dimension: 3, train: 80, kernel: 50, test: 50, seed: 7)
    #expect(try larger.train.prefix(50) == a.train)
  }

  @Test("bad sizes are refused naming the field")
  func errors() {
    #expect(throws: ConfigurationError.self) {
      try LabelledInputs.gaussian(task: .stripe, count: 0, dimension: 3, stream: RandomStream(seed: 1))
    }
    #expect(
      throws: ConfigurationError(field: "dimension", "the cylinder task needs d ≥ max(2, d_∥ = 2), got d = 1")
    ) {
      try LabelledInputs.gaussian(task: .cylinder, count: 5, dimension: 1, stream: RandomStream(seed: 1))
    }
    #expect(
      throws: ConfigurationError(field: "dimension", "the stripe task needs d ≥ max(2, d_∥ = 1), got d = 1")
    ) {
      try LabelledInputs.gaussian(task: .stripe, count: 5, dimension: 1, stream: RandomStream(seed: 1))
    }
  }
}
