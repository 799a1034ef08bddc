// The density method (issue 13): top-k and the SLQ density without the exact moments pass — the same
// density as slq (same seed, same probes, same deflated pairs), no m or s.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("The density method: slq without exact moments")
struct DensityMethodTests {
  @Test("density runs top-k and SLQ only; slq runs the moments between them")
  func modes() {
    let settings = MatrixFreeSettings(blocks: 10, probes: 4, lanczosSteps: 15)
    let density = settings.modes(for: .density, size: 160)
    let slq = settings.modes(for: .slq, size: 160)
    #expect(density.count == 2 && slq.count == 3)
    let hasMoments = { (modes: [MatrixFreeSpectrum.Mode]) in
      modes.contains { if case .moments = $0 { true } else { false } }
    }
    #expect(!hasMoments(density) && hasMoments(slq))
  }

  @Test(
    "the density method's SLQ density equals slq's, with the same top-k and no exact moments",
    arguments: [MetricRequest.fisher(), .fisher(output: .softmax), .ntk(block: 2)])
  func sameDensity(request: MetricRequest) throws {
    let (net, x) = try MatrixFreeSpectrumTests.outlierNetwork()
    let settings = MatrixFreeSettings(blocks: 10, probes: 4, lanczosSteps: 15, tolerance: 1e-12)
    let size = 10 * x.rows
    func run(_ method: SpectrumMethod) throws -> MatrixFreeSpectrum {
      try MatrixFreeSpectrum(
        network: net, inputs: x, request: request, modes: settings.modes(for: method, size: size))
    }
    let slq = try run(.slq)
    let density = try run(.density)
    #expect(density.moments == nil && density.mean == nil && density.secondMoment == nil)
    #expect(slq.moments != nil && slq.mean != nil)
    let a = try #require(slq.density)
    let b = try #require(density.density)
    #expect(b.probes.count == 4 && b.deflatedEigenvalues.count == 10)
    #expect(a.deflatedEigenvalues == b.deflatedEigenvalues, "\(request.name)")
    #expect(a.nodes.count == b.nodes.count)
    // Both run the same deterministic products in the same order (the moments pass draws its own
    // Hutch++ stream and touches neither the Lanczos pairs nor the SLQ probes); 1e-12 leaves room for BLAS.
    let scale = a.nodes.map(abs).max() ?? 1
    for (u, v) in zip(a.nodes, b.nodes) { #expect(abs(u - v) <= 1e-12 * scale, "\(u) vs \(v)") }
    for (u, v) in zip(a.weights, b.weights) { #expect(abs(u - v) <= 1e-12, "\(u) vs \(v)") }
    #expect(a.wassersteinBound == b.wassersteinBound)
    #expect(density.largest == slq.largest && density.topMean == slq.topMean)
  }
}
