// The planner: auto picks dense below the budget and a matrix-free method above; absurd sizes are refused
// with the numbers; the matrix-free terms agree with the matrix-free engine's own formulas.
import Spectra
import Testing

@testable import FIM

@Suite("Memory plan")
struct MemoryPlanTests {
  static func arch(width: Int, depth: Int = 3, outputs: Int) -> NetworkArchitecture {
    try! NetworkArchitecture(
      inputWidth: width, width: width, depth: depth, outputs: outputs, activation: .relu, sigmaW2: 2,
      sigmaB2: 0.1)
  }

  static func plan(width: Int, outputs: Int, samples: Int, budget: Int, density: Bool = false) -> MemoryPlan {
    MemoryPlan(
      architecture: arch(width: width, outputs: outputs), samples: samples, request: .fisher(), method: nil,
      budget: MemoryBudget(bytes: ByteCount(budget), source: .option),
      settings: MatrixFreeSettings(blocks: outputs), wantsDensity: density)
  }

  @Test("the top-k block: 1 by default, max(C′, 4) where the structure repeats the outliers (read-out block)")
  func defaultBlock() throws {
    #expect(MatrixFreeSettings(blocks: 10).blockSize == 1)
    #expect(MatrixFreeSettings(blocks: 10, repeatedOutliers: true).blockSize == 10)
    #expect(MatrixFreeSettings(blocks: 2, repeatedOutliers: true).blockSize == 4)
    #expect(MatrixFreeSettings(blocks: 10, blockSize: 3, repeatedOutliers: true).blockSize == 3)
    let a = Self.arch(width: 20, outputs: 5)
    #expect(try MetricRequest(name: "fisher-block-3").repeatsOutliers(in: a))
    #expect(try MetricRequest(name: "ntk-block-3-mean-subtracted").repeatsOutliers(in: a))
    for name in [
      "fisher", "fisher-block-2", "fisher-block-3-softmax", "fisher-block-3-output-1", "input-metric",
    ] {
      #expect(try !MetricRequest(name: name).repeatsOutliers(in: a), "\(name)")
    }
  }

  @Test("the stored-signals route adds its signals to the matrix-free estimate")
  func storedSignalsTerm() throws {
    let a = try NetworkArchitecture(
      widths: [784, 1024, 1024, 1024, 10], activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    let e = MemoryEstimate.matrixFree(
      .lanczos, architecture: a, samples: 1000, request: .fisher(), settings: MatrixFreeSettings(blocks: 10))
    let term = try #require(e.terms.first { $0.name == "stored signals" })
    #expect(term.bytes.bytes >= 8 * (10_000 * 2048 + 1000 * 1024))
    let sweeps = MemoryEstimate.matrixFree(
      .lanczos, architecture: a, samples: 4000, request: .fisher(), settings: MatrixFreeSettings(blocks: 10))
    #expect(!sweeps.terms.contains { $0.name == "stored signals" })
  }

  @Test(
    "auto: dense when its estimate fits, lanczos (slq with a density) when only the matrix-free path fits")
  func autoChoice() throws {
    let below = Self.plan(width: 200, outputs: 10, samples: 300, budget: 1_000_000_000)
    #expect(below.chosen == .dense)
    let dense = below.estimate(.dense).peak.bytes
    let mf = below.estimate(.lanczos).peak.bytes
    #expect(mf < dense)  // otherwise there is no budget between them to test
    let between = (dense + mf) / 2
    #expect(Self.plan(width: 200, outputs: 10, samples: 300, budget: between).chosen == .lanczos)
    #expect(Self.plan(width: 200, outputs: 10, samples: 300, budget: between, density: true).chosen == .slq)
    let none = Self.plan(width: 200, outputs: 10, samples: 300, budget: mf / 2)
    #expect(none.chosen == nil)
    #expect(throws: ConfigurationError.self) { try none.method(command: "spectrum") }
  }

  @Test("the dense estimate is dominated by 2·8·(C·N)² at the eigen-solve")
  func denseDual() {
    let e = MemoryEstimate.dense(
      architecture: Self.arch(width: 100, outputs: 10), samples: 2000, request: .fisher())
    let dual = 8 * 20_000 * 20_000
    #expect(e.peakPhase == .eigensolve)
    #expect(e.peak.bytes >= 2 * dual && e.peak.bytes < 2 * dual + dual / 10)
  }

  @Test("absurd sizes give an unbounded or huge estimate and a refusal with the numbers, never a trap")
  func absurd() throws {
    // A width whose weight matrices BLAS can still index (M² < 2³¹); the network alone is 8·2·M² = 25.6 GB.
    let p = Self.plan(width: 40_000, outputs: 100, samples: 100_000, budget: 23_400_000_000)
    #expect(p.chosen == nil)
    let message = try #require(p.refusal(command: "spectrum"))
    #expect(message.contains("spectrum: the dense dual"))
    #expect(message.contains("23.4 GB (--memory-budget)"))
    #expect(message.contains("network 25.6 GB"), "\(message)")
    #expect(message.contains("lower --width"))
    let huge = MemoryPlan(
      architecture: Self.arch(width: 1000, outputs: 1 << 20), samples: 1 << 40, request: .ntk(),
      method: nil,
      budget: MemoryBudget(bytes: .unbounded, source: .unknown),
      settings: MatrixFreeSettings(blocks: 1 << 20),
      wantsDensity: true)
    #expect(huge.estimate(.dense).peak.isUnbounded)
    #expect(huge.estimate(.dense).impossible != nil)
    // Widths beyond what BLAS can index never reach the planner: the architecture refuses them.
    #expect(throws: ConfigurationError.self) {
      _ = try NetworkArchitecture(
        inputWidth: 1 << 40, width: 1 << 40, depth: 3, outputs: 10, activation: .relu, sigmaW2: 2,
        sigmaB2: 0.1)
    }
  }

  @Test("an explicit method is kept when it fits and refused when it does not")
  func explicit() {
    let budget = MemoryBudget(bytes: ByteCount(1_000_000_000), source: .option)
    let a = Self.arch(width: 200, outputs: 10)
    let fits = MemoryPlan(
      architecture: a, samples: 300, request: .fisher(), method: .moments, budget: budget,
      settings: MatrixFreeSettings(blocks: 10), wantsDensity: false)
    #expect(fits.chosen == .moments)
    let over = MemoryPlan(
      architecture: a, samples: 300, request: .fisher(), method: .dense,
      budget: MemoryBudget(bytes: ByteCount(150_000_000), source: .option),
      settings: MatrixFreeSettings(blocks: 10), wantsDensity: false)
    #expect(over.chosen == nil)
    #expect(over.refusal(command: "spectrum")!.contains("Use --method lanczos"))
  }

  @Test("a density over the budget by slq's Gram panels is pointed to --method density when that fits")
  func densityAdvice() {
    let a = Self.arch(width: 200, outputs: 10)
    let settings = MatrixFreeSettings(blocks: 10)
    let probe = MemoryPlan(
      architecture: a, samples: 2000, request: .fisher(), method: .slq,
      budget: .init(bytes: ByteCount(1 << 40), source: .option),
      settings: settings, wantsDensity: true)
    let slq = probe.estimate(.slq).peak
    let density = probe.estimate(.density).peak
    #expect(density < slq)
    // A budget between the two: slq refused, density advised with its peak.
    let between = MemoryBudget(bytes: ByteCount((density.bytes + slq.bytes) / 2), source: .option)
    let plan = MemoryPlan(
      architecture: a, samples: 2000, request: .fisher(), method: .slq, budget: between, settings: settings,
      wantsDensity: true)
    #expect(plan.chosen == nil)
    let message = plan.refusal(command: "spectrum")!
    #expect(
      message.contains(
        "se --method density (the top-k eigenvalues and an SLQ density, no exact m, s; \(density))"))
  }

  @Test(
    "the matrix-free terms equal MetricOperator's own formulas",
    arguments: [MetricRequest.fisher(), .ntk(), .featureMetric(layer: 1), .fisher(block: 2)])
  func reconcile(request: MetricRequest) {
    let a = try! NetworkArchitecture(widths: [30, 50, 40, 5], activation: .tanh, sigmaW2: 1, sigmaB2: 1)
    for b in [1, 5, 16] {
      #expect(
        MemoryEstimate.matrixFree(
          .lanczos, architecture: a, samples: 70, request: request,
          settings: MatrixFreeSettings(blocks: 5, blockSize: 5)
        ).terms.contains { $0.name == "product (b = 5)" })
      // N = 70 keeps whole products; N = 20 000 streams them over chunks of 16 384/b samples.
      for n in [70, 20_000] {
        let ours = MemoryEstimate.workingBytes(a, samples: n, blockSize: b, request: request)
        #expect(
          ours.bytes
            == MetricOperator.workingBytes(architecture: a, samples: n, blockSize: b, request: request),
          "N = \(n), b = \(b)")
      }
    }
    let cache = MemoryEstimate.matrixFree(
      .moments, architecture: a, samples: 70, request: request, settings: MatrixFreeSettings(blocks: 5)
    ).terms.first { $0.name == "forward cache" }!
    let grams = MetricOperator.prefersGrams(architecture: a, samples: 70)
    #expect(grams)  // 70 < 2·50: the forward pass keeps its Grams, and the estimate counts them
    #expect(
      cache.bytes.bytes
        == MetricOperator.cachedBytes(architecture: a, samples: 70, activations: true, grams: grams))
  }
}
