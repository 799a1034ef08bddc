// The density method's memory estimate: slq's terms without the moments pass, so below slq's exactly
// when the moments phase is slq's peak.
import Spectra
import Testing

@testable import FIM

@Suite("Memory plan: the density method")
struct DensityMemoryPlanTests {
  static func estimates(width: Int, outputs: Int, samples: Int, topK: Int? = nil)
    -> (slq: MemoryEstimate, density: MemoryEstimate)
  {
    let arch = MemoryPlanTests.arch(width: width, outputs: outputs)
    let settings = MatrixFreeSettings(blocks: outputs, topK: topK)
    func e(_ m: SpectrumMethod) -> MemoryEstimate {
      .matrixFree(m, architecture: arch, samples: samples, request: .fisher(), settings: settings)
    }
    return (e(.slq), e(.density))
  }

  @Test(
    "density has no moments-phase term and equals slq in every other phase",
    arguments: [(1024, 10, 2000, nil), (200, 10, 300, nil), (50, 2, 4000, nil), (50, 10, 2000, 500)]
      as [(
        Int, Int, Int, Int?
      )])
  func samePhasesButMoments(width: Int, outputs: Int, samples: Int, topK: Int?) {
    let (slq, density) = Self.estimates(width: width, outputs: outputs, samples: samples, topK: topK)
    #expect(density.method == .density)
    #expect(!density.terms.contains { $0.phases.contains(.moments) })
    #expect(!density.terms.contains { $0.name == "Gram panels" || $0.name == "Hutch++ sketches" })
    for phase in MemoryPhase.allCases where phase != .moments {
      #expect(density.bytes(in: phase) == slq.bytes(in: phase), "\(phase)")
    }
    // Hence: strictly below slq when slq peaks in its moments pass, equal otherwise.
    if slq.peakPhase == .moments {
      #expect(density.peak < slq.peak)
    } else {
      #expect(density.peak == slq.peak)
    }
  }

  @Test("at M = 1024, C = 10, N = 2000 the moments pass is slq's peak and density is visibly below it")
  func belowSLQ() {
    let (slq, density) = Self.estimates(width: 1024, outputs: 10, samples: 2000)
    #expect(slq.peakPhase == .moments)
    // The Gram panels alone hold C·N·Σ M_l doubles (8·10·2000·2048 B ≈ 328 MB).
    #expect(slq.peak.bytes - density.peak.bytes >= 8 * 10 * 2000 * 2048)
  }

  @Test("with k = 500 the Lanczos basis (8·2·n·m, m = 1002) is slq's peak, so density's estimate equals it")
  func equalWhenTopKPeaks() {
    let (slq, density) = Self.estimates(width: 50, outputs: 10, samples: 2000, topK: 500)
    #expect(slq.peakPhase == .topK && density.peakPhase == .topK)
    #expect(density.peak == slq.peak)
    // The moments pass is there, just not the peak.
    #expect(slq.bytes(in: .moments) > density.bytes(in: .density))
  }

  @Test("an explicit --method density is planned like any method: chosen when it fits, never by auto")
  func planned() {
    let arch = MemoryPlanTests.arch(width: 200, outputs: 10)
    func plan(_ method: SpectrumMethod?, density: Bool) -> MemoryPlan {
      MemoryPlan(
        architecture: arch, samples: 300, request: .fisher(), method: method,
        budget: MemoryBudget(bytes: ByteCount(100_000_000_000), source: .option),
        settings: MatrixFreeSettings(blocks: 10), wantsDensity: density)
    }
    #expect(plan(.density, density: true).chosen == .density)
    #expect(plan(nil, density: true).estimates.map(\.method) == [.dense, .lanczos, .slq, .density, .moments])
    #expect(plan(nil, density: true).chosen == .dense)
  }
}
