// `spectra-mpi spectrum`: top-k and exact m, s of a sampled or loaded network's metric, samples split across ranks.
import ArgumentParser
import FIM
import Foundation
import MPIBinding
import Spectra

extension Parameterisation: @retroactive ExpressibleByArgument {}
extension MetricRequest.Base: @retroactive ExpressibleByArgument {}

/// What `spectra-mpi spectrum` computes.
enum MPIMethod: String, ExpressibleByArgument, CaseIterable, Codable {
  /// Top-k and exact m, s (as `spectra spectrum --method lanczos`, without Hutch++ and overlaps).
  case lanczos
  /// Top-k only.
  case topK = "top-k"
  /// Top-k, exact m, s and an SLQ density after deflating the top-k (as `spectra … --method slq`).
  case slq
  /// Top-k and the SLQ density without the exact moments (as `spectra … --method density`).
  case density
  /// Exact m and s only (C′N operator columns).
  case moments
  /// Exact m only, from per-sample gradient norms (one reverse sweep: any N).
  case trace
  /// Hutch++ estimates of m and s with standard errors (2 × --hutch-budget products).
  case estimates
  /// Every eigenvalue: the dense dual block-cyclic over a ScaLAPACK grid, PDSYEVR; exact m, s.
  case dense
  /// Exact m and s by panel pairs: each rank streams its block-cyclic tile and keeps only the sums.
  case panelMoments = "panel-moments"
}

/// One spectrum with the N samples split across the ranks: every rank samples the network from `--seed`
/// and its own rows of the inputs from `--data-seed` — or, with `--network DIR`, loads the network's
/// weights and biases whole and reads only its own rows of `X.npy` — then the ranks run the distributed
/// operator.
struct SpectrumMPICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectrum",
    abstract: "Top-k eigenvalues and exact m, s of a metric's dual, the samples split across MPI ranks.",
    discussion: """
      Same network, inputs and conventions as `spectra spectrum --method lanczos` with the same options \
      (inputs are sampled by slice: rank r draws only its rows). With --network DIR (a network directory, \
      docs/network-directory.md) every rank loads W1…WL, b1…bL whole and reads only its rows of X.npy. \
      Rank 0 prints the JSON (--json) and writes --out DIR/spectrum.json atomically. A failure on any rank \
      aborts every rank (exit 65).
      """)

  @Option(
    help: ArgumentHelp(
      "Network directory to load instead of sampling a network (each rank reads only its rows of X.npy).",
      valueName: "dir"))
  var network: String?
  @Option(help: "Activation φ (as spectra: relu, tanh, erf, …).") var activation: String
  @Option(
    name: .customLong("sigma-w2"),
    help: "Weight variance σ_w² (needed to sample; with --network only for --parameterisation ntk).")
  var sigmaW2: Double?
  @Option(
    name: .customLong("sigma-b2"),
    help: "Bias variance σ_b² (needed to sample; with --network only for --parameterisation ntk).")
  var sigmaB2: Double?
  @Option(help: "Weight parameterisation.") var parameterisation: Parameterisation = .standard
  @Option(help: "Hidden width M (sampled network).") var width: Int?
  @Option(name: .customLong("input-width"), help: "Input width M_0 (default M; sampled network).")
  var inputWidth: Int?
  @Option(help: "Depth L (sampled network).") var depth: Int?
  @Option(help: "Outputs C (sampled network).") var outputs: Int?
  @Option(help: "Samples N (split across the ranks; N ≥ R; sampled network).") var samples: Int?
  @Option(help: "Seed of the weights (as spectra: default 1; sampled network).") var seed: UInt64?
  @Option(name: .customLong("data-seed"), help: "Seed of the inputs (default 2; sampled network).")
  var dataSeed: UInt64?
  @Option(help: "The metric.") var metric: MetricRequest.Base = .fisher
  @Option(help: "Layer l of the feature metric.") var layer: Int?
  @Option(help: "One weight block of the Fisher/NTK.") var block: Int?
  @Option(name: .customLong("output-index"), help: "One output k of the per-output metric.") var outputIndex:
    Int?
  @Flag(help: "Softmax output for the input/feature metric.") var softmax = false
  @Flag(name: .customLong("mean-subtracted"), help: "Centre the outputs over the samples.")
  var meanSubtracted =
    false
  @Option(
    help:
      "lanczos (top-k, m, s), slq (and a density), density (top-k and the density, no m, s), top-k, moments (m, s), trace (m alone, any N), estimates (Hutch++ m, s with standard errors), dense (every eigenvalue: ScaLAPACK), panel-moments (exact m, s by panel pairs; cheaper than moments)."
  )
  var method: MPIMethod = .lanczos
  @Option(name: .customLong("top-k"), help: "How many top eigenvalues (default C′).") var topK: Int?
  @Option(
    name: .customLong("block-size"),
    help: "Lanczos block size (default 1; max(C′, 4) for the read-out block, whose eigenvalues repeat).")
  var blockSize: Int?
  @Option(help: "Relative residual tolerance (default 1e-8, as spectra).") var tolerance: Double = 1e-8
  @Option(name: .customLong("lanczos-seed"), help: "Seed of the Lanczos start block.") var lanczosSeed:
    UInt64 = 0
  @Option(
    name: .customLong("hutch-budget"),
    help:
      "Hutch++ products per estimate of trace and ‖dual‖_F² (lanczos, slq, moments, estimates; default 30).")
  var hutchBudget: Int = 30
  @Option(help: "SLQ probe vectors (default 20).") var probes: Int = 20
  @Option(name: .customLong("lanczos-steps"), help: "SLQ Lanczos steps per probe (default 80).")
  var lanczosSteps: Int =
    80
  @Option(name: .customLong("samples-per-chunk"), help: "Samples per local sweep (default automatic).")
  var samplesPerChunk: Int?
  @Option(
    name: .customLong("block-samples"),
    help: "Dense: samples per block of the block-cyclic dual (nb = C′·s; default ⌊64/C′⌋).")
  var blockSamples: Int?
  @Option(
    help:
      "panel-moments: walk each rank's tile as K × K sub-tiles, holding 1/K of the factors (default: the fewest that fit the memory)."
  )
  var subdivisions: Int?
  @Option(
    name: .customLong("memory-budget"),
    help:
      "Dense: the memory of one node (e.g. 200G), shared by its ranks (default: cgroup limit or MemAvailable)."
  )
  var memoryBudget: String?
  @Flag(name: .customLong("no-theory"), help: "Skip the mean-field comparison.") var noTheory = false
  @Flag(name: .customLong("no-overlaps"), help: "Skip the mean-gradient overlap of the top eigenvectors.")
  var noOverlaps = false
  @Flag(help: "Rank 0 prints one JSON object.") var json = false
  @Option(help: ArgumentHelp("Rank 0 writes spectrum.json here (atomically).", valueName: "dir")) var out:
    String?

  var request: MetricRequest {
    MetricRequest(
      base: metric, layer: layer, block: block, outputIndex: outputIndex, softmax: softmax,
      meanSubtracted: meanSubtracted)
  }

  func validate() throws {
    do { _ = try Activation(named: activation) } catch { throw ValidationError("\(error)") }
    for (name, value) in [("--sigma-w2", sigmaW2), ("--sigma-b2", sigmaB2)] {
      if let v = value, !(v.isFinite && v >= 0) {
        throw ValidationError("\(name) must be finite and non-negative, got \(v)")
      }
    }
    if network != nil {
      let sampledOnly: [(String, Bool)] = [
        ("--width", width != nil), ("--depth", depth != nil), ("--outputs", outputs != nil),
        ("--samples", samples != nil), ("--input-width", inputWidth != nil), ("--seed", seed != nil),
        ("--data-seed", dataSeed != nil),
      ]
      if let (name, _) = sampledOnly.first(where: { $0.1 }) {
        throw ValidationError("\(name) describes a sampled network; it cannot be combined with --network")
      }
      if parameterisation == .ntk && (sigmaW2 == nil || sigmaB2 == nil) {
        throw ValidationError("--parameterisation ntk with --network needs --sigma-w2 and --sigma-b2")
      }
    } else {
      for (name, value) in [
        ("--width", width), ("--depth", depth), ("--outputs", outputs), ("--samples", samples),
      ] {
        guard let value else {
          throw ValidationError("missing \(name) (needed to sample a network; or give --network DIR)")
        }
        if value <= 0 { throw ValidationError("\(name) must be positive, got \(value)") }
      }
      for (name, value) in [("--sigma-w2", sigmaW2), ("--sigma-b2", sigmaB2)] where value == nil {
        throw ValidationError("missing \(name) (needed to sample a network)")
      }
      do { _ = try architecture() } catch { throw ValidationError("\(error)") }
    }
    if let topK, topK <= 0 { throw ValidationError("--top-k must be positive, got \(topK)") }
    if hutchBudget < 6 { throw ValidationError("--hutch-budget must be at least 6, got \(hutchBudget)") }
    if probes <= 0 || lanczosSteps <= 0 {
      throw ValidationError("--probes and --lanczos-steps must be positive")
    }
    if let subdivisions, subdivisions <= 0 {
      throw ValidationError("--subdivisions must be positive, got \(subdivisions)")
    }
    if subdivisions != nil, method != .panelMoments {
      throw ValidationError("--subdivisions applies to --method panel-moments, not \(method.rawValue)")
    }
    let blockCyclic = method == .dense || method == .panelMoments
    if !blockCyclic, blockSamples != nil || memoryBudget != nil {
      throw ValidationError(
        "--block-samples and --memory-budget apply to --method dense and panel-moments, not \(method.rawValue)"
      )
    }
    if let blockSamples, blockSamples <= 0 {
      throw ValidationError("--block-samples must be positive, got \(blockSamples)")
    }
    if let memoryBudget {
      do { _ = try MemoryBudget.parse(memoryBudget) } catch { throw ValidationError("\(error)") }
    }
    if let blockSize, blockSize <= 0 {
      throw ValidationError("--block-size must be positive, got \(blockSize)")
    }
    if !(tolerance > 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be positive") }
  }

  /// The architecture of a sampled network (`--network` not given; `validate()` has checked the sizes).
  func architecture() throws -> NetworkArchitecture {
    guard let width, let depth, let outputs, let sigmaW2, let sigmaB2 else {
      throw ConfigurationError(
        field: "network", "a sampled network needs --width, --depth, --outputs, --sigma-w2 and --sigma-b2")
    }
    return try NetworkArchitecture(
      inputWidth: inputWidth ?? width, width: width, depth: depth, outputs: outputs, ratios: [],
      activation: Activation(named: activation), sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      parameterisation: parameterisation)
  }

  /// This rank's network and inputs: the network directory (`--network`) or the sampled network.
  func source(rank: Int) throws -> SpectrumMPISource {
    if let network {
      return try SpectrumMPISource.load(
        network, activation: try Activation(named: activation), parameterisation: parameterisation,
        sigmaW2: sigmaW2 ?? 1, sigmaB2: sigmaB2 ?? 1, rank: rank)
    }
    guard let samples else {
      throw ConfigurationError(field: "samples", "a sampled network needs --samples")
    }
    return .sampled(try architecture(), samples: samples, seed: seed ?? 1, dataSeed: dataSeed ?? 2)
  }

  func run() throws {
    MPIRun.collective("spectrum") { comm in
      let started = Date()
      if comm.rank == 0, let out { try Self.checkWritable(out) }
      let source = try source(rank: comm.rank)
      let arch = source.architecture
      if method == .dense || method == .panelMoments {
        return try runDense(comm, source: source, started: started)
      }
      let samples = source.samples
      let range = comm.slice(of: samples)
      guard !range.isEmpty else {
        throw ConfigurationError(
          field: "samples",
          "rank \(comm.rank) has no samples: N = \(samples) samples cannot be split over \(comm.size) ranks")
      }
      let net = source.network()
      let inputs = try source.inputs(range)
      let forward = try ForwardPass(network: net, inputs: inputs, keepActivations: true, keepGrams: false)
      let op = try SampleSlicedMetricOperator(
        request: request, forward: forward, samples: range, totalSamples: samples, communicator: comm,
        samplesPerChunk: samplesPerChunk)
      comm.barrier()
      let t0 = Date()
      let blocks = op.shape.blocks
      let settings = MatrixFreeSettings(
        blocks: blocks, topK: topK, tolerance: tolerance, repeatedOutliers: request.repeatsOutliers(in: net))
      let k = min(settings.topK, op.dimension)
      let b = min(blockSize ?? settings.blockSize, op.dimension)
      if method == .estimates, hutchBudget / 3 >= op.dimension {
        throw ConfigurationError(
          field: "hutch-budget",
          "--hutch-budget \(hutchBudget) sketches \(hutchBudget / 3) columns of a dual of size \(op.dimension): use at most \(3 * op.dimension - 1), or --method moments for the exact values"
        )
      }
      let result = try DistributedMatrixFreeSpectrum(
        operator: op,
        topK: [.moments, .trace, .estimates].contains(method) ? nil : (k, tolerance, b, lanczosSeed),
        moments: method == .lanczos || method == .moments || method == .slq, trace: method == .trace,
        overlaps: !noOverlaps,
        hutchPlusPlus: [.lanczos, .slq, .moments, .estimates].contains(method)
          && hutchBudget / 3 < op.dimension
          ? (hutchBudget, lanczosSeed) : nil,
        density: method == .slq || method == .density ? (lanczosSteps, probes, lanczosSeed) : nil)
      let seconds = Date().timeIntervalSince(t0)
      let measured = MeasuredStatistics(
        request: request,
        mean: result.moments?.mean ?? result.trace.map { $0 / Double(result.dimension) }
          ?? result.estimates?.mean,
        secondMoment: result.moments?.secondMoment ?? result.estimates?.secondMoment,
        largest: result.top?.eigenvalues.first,
        topMean: result.topMean, descendingTop: result.top?.eigenvalues ?? [])
      let theory = try theory(
        measured: measured, source: source, network: net, communicator: comm, shareInputs: { inputs },
        shareLogits: { forward.logits })
      guard comm.rank == 0 else { return }
      var report = SpectrumMPIReport(
        tool: "spectra-mpi spectrum", version: MPIToolVersion.string,
        mpiLibrary: MPICommunicator.libraryVersion,
        ranks: comm.size, reductionOrder: comm.reductionOrder,
        withinRankOrder: "each rank sums its chunks of samples in ascending order before the reduction",
        method: method, metric: request.name, network: source.path, activation: activation,
        width: source.path == nil ? width : nil, widths: arch.widths, inputWidth: arch.inputWidth,
        depth: arch.depth, outputs: arch.outputs, samples: samples, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
        parameterisation: parameterisation, seed: source.seeds?.weights, dataSeed: source.seeds?.inputs,
        lanczosSeed: lanczosSeed,
        topK: result.top == nil ? nil : k, blockSize: result.top == nil ? nil : b, tolerance: tolerance,
        m: result.moments?.mean ?? result.trace.map { $0 / Double(result.dimension) },
        s: result.moments?.secondMoment, lambdaMax: result.top?.eigenvalues.first,
        eigenvalues: result.top.map { Array($0.eigenvalues.reversed()) },
        result: result,
        bytesPerRankPerBlockProduct: 8 * op.reducedDoubles(columns: b),
        started: ISO8601DateFormatter().string(from: started), seconds: seconds,
        totalSeconds: Date().timeIntervalSince(started))
      report.theory = theory.comparison.map(TheoryComparisonJSON.init)
      report.theoryNote = theory.note
      try emit(try SpectrumMPIReport.encoder.encode(report), summary: report.summary)
    }
  }

  /// Rank 0's output: `--out DIR/spectrum.json` (atomically), then the JSON (--json) or the summary.
  func emit(_ data: Data, summary: String) throws {
    if let out {
      let dir = URL(fileURLWithPath: out)
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try AtomicFile.write(data, to: dir.appendingPathComponent("spectrum.json"))
    }
    if json {
      FileHandle.standardOutput.write(data + Data("\n".utf8))
    } else {
      print(summary)
    }
  }

  /// Creates `path` and proves it writable with a probe file, before any work (rank 0 writes there last).
  static func checkWritable(_ path: String) throws {
    let dir = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      let probe = dir.appendingPathComponent(
        ".spectra-mpi-probe-\(ProcessInfo.processInfo.processIdentifier)")
      try Data().write(to: probe)
      try FileManager.default.removeItem(at: probe)
    } catch {
      throw ConfigurationError(
        field: "out", "--out \(path): cannot write there: \(error.localizedDescription)")
    }
  }
}
