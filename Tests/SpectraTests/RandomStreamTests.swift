// Random streams: reproducible from a seed, independent across child indices.
import Spectra
import Testing

@Suite("Random streams")
struct RandomStreamTests {
  @Test("same seed → identical numbers; same child index → identical numbers")
  func reproducible() {
    #expect(RandomStream(seed: 2385).gaussians(1000) == RandomStream(seed: 2385).gaussians(1000))
    let u1 = RandomStream(seed: 7).child(3)
    let u2 = RandomStream(seed: 7).child(3)
    #expect((0..<100).map { _ in u1.uniform() } == (0..<100).map { _ in u2.uniform() })
    // A child does not depend on what the parent has drawn.
    let parent = RandomStream(seed: 7)
    _ = parent.gaussians(50)
    #expect(parent.child(3).gaussians(20) == RandomStream(seed: 7).child(3).gaussians(20))
    #expect(
      RandomStream(seed: 1).gaussianMatrix(rows: 3, columns: 4)
        == RandomStream(seed: 1).gaussianMatrix(rows: 3, columns: 4))
  }

  @Test("different seeds or child indices → different numbers")
  func distinct() {
    let master = RandomStream(seed: 42)
    let streams = (0..<16).map { master.child(UInt64($0)).gaussians(8) }
    #expect(Set(streams.map { $0.description }).count == 16)
    #expect(RandomStream(seed: 1).gaussians(8) != RandomStream(seed: 2).gaussians(8))
    #expect(master.child(0).gaussians(8) != RandomStream(seed: 42).gaussians(8))
  }

  @Test("Gaussian variates have mean 0 and variance σ² (within 5 standard errors)")
  func gaussianMoments() {
    let n = 100_000
    let x = RandomStream(seed: 3).gaussians(n, standardDeviation: 1.5)
    let mean = x.reduce(0, +) / Double(n)
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    #expect(abs(mean) <= 5 * 1.5 / Double(n).squareRoot())
    #expect(abs(variance - 2.25) <= 5 * 2.25 * (2 / Double(n)).squareRoot())
  }
}
