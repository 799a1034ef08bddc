// `spectra spectrum`: the exact dual spectrum of a metric of a sampled or loaded network, as one JSON object.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// Prints the spectrum and statistics of the Fisher information, the NTK or the input/feature metric.
struct SpectrumCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectrum",
    abstract: "Exact spectrum of the FIM, NTK or input/feature metric of a random or loaded network.",
    discussion: """
      Either load a network directory (--network DIR: W1.npy … WL.npy, b1.npy … bL.npy, X.npy; see \
      docs/network-directory.md) or sample one (--width, --depth, --outputs, --samples, --sigma-w2, \
      --sigma-b2, seeds). All C·N eigenvalues of the dual are printed; m and s are over all P \
      eigenvalues with the zeros counted (Karakida et al. §3).
      """)

  @Option(help: "Network directory to load instead of sampling a network.")
  var network: String?
  @OptionGroup var networkOptions: NetworkOptions
  @OptionGroup var shape: ShapeOptions
  @OptionGroup var seeds: SeedOptions
  @Option(parsing: .unconditional, help: "Hidden width M.")
  var width: Int?
  @Option(
    name: .customLong("width-ratios"), parsing: .unconditional,
    help: "Comma-separated α_1,…,α_{L−1} (M_l = α_l·M; default all 1).")
  var widthRatios: String?
  @Option(help: "The metric (with --layer, --block, --output-index, --softmax, --mean-subtracted).")
  var metric: MetricRequest.Base = .fisher
  @Option(parsing: .unconditional, help: "Layer l of the feature metric A^l (1…L−1).")
  var layer: Int?
  @Option(
    parsing: .unconditional,
    help: "Restrict the Fisher/NTK to the weights of one layer (diagonal block F_ll, 1…L).")
  var block: Int?
  @Option(name: .customLong("output-index"), help: "One output k (0-based) for the per-output metric A_k.")
  var outputIndex: Int?
  @Flag(help: "Softmax output for the input/feature metric (cross-entropy weighting).")
  var softmax = false
  @Flag(name: .customLong("mean-subtracted"), help: "Centre the outputs over the samples.")
  var meanSubtracted = false
  @Flag(
    name: .customLong("no-overlaps"),
    help: "Skip the overlap of the top eigenvectors with the mean gradients.")
  var noOverlaps = false
  @Flag(help: "Print one JSON object.")
  var json = false
  @Option(
    name: .customLong("save-network"), help: "Write the (sampled) network and inputs to this directory.")
  var saveNetwork: String?
  @Flag(name: .customLong("no-theory"), help: "Skip the mean-field prediction beside each statistic.")
  var noTheory = false
  @Option(
    help: ArgumentHelp(
      "Write plot data here: eigenvalues.csv, density.csv, theory.csv, spectrum.json, run.json.",
      valueName: "dir"))
  var out: String?
  @Option(parsing: .unconditional, help: "Histogram bins for density.csv.")
  var bins: Int = 60
  @Option(help: "Histogram binning for density.csv.")
  var binning: DensityBinning = .log
  @OptionGroup(title: "Method and memory") var planning: MethodOptions

  var parameterisation: Parameterisation { networkOptions.parameterisation ?? .standard }
  var request: MetricRequest {
    MetricRequest(
      base: metric, layer: layer, block: block, outputIndex: outputIndex, softmax: softmax,
      meanSubtracted: meanSubtracted)
  }

  func validate() throws {
    guard networkOptions.activation != nil else {
      throw ValidationError("missing --activation (needed to sample or to load a network)")
    }
    if network != nil {
      let sampledOnly: [(String, Bool)] = [
        ("--width", width != nil), ("--depth", shape.depth != nil), ("--outputs", shape.outputs != nil),
        ("--samples", shape.samples != nil), ("--input-width", shape.inputWidth != nil),
        ("--width-ratios", widthRatios != nil),
      ]
      if let (name, _) = sampledOnly.first(where: { $0.1 }) {
        throw ValidationError("\(name) describes a sampled network; it cannot be combined with --network")
      }
      if parameterisation == .ntk && (networkOptions.sigmaW2 == nil || networkOptions.sigmaB2 == nil) {
        throw ValidationError("--parameterisation ntk with --network needs --sigma-w2 and --sigma-b2")
      }
    } else {
      for (name, value) in [
        ("--width", width), ("--depth", shape.depth), ("--outputs", shape.outputs),
        ("--samples", shape.samples),
      ]
      where value == nil {
        throw ValidationError("missing \(name) (needed to sample a network; or give --network DIR)")
      }
      for (name, value) in [("--sigma-w2", networkOptions.sigmaW2), ("--sigma-b2", networkOptions.sigmaB2)]
      where value == nil {
        throw ValidationError("missing \(name) (needed to sample a network)")
      }
      do { _ = try architecture() } catch { throw ValidationError(error.description) }
    }
    if layer != nil && metric != .featureMetric && metric != .inputMetric {
      throw ValidationError(
        "--layer selects the layer of the feature metric; use --block for a Fisher/NTK block")
    }
    if metric == .featureMetric && layer == nil {
      throw ValidationError(
        "--metric feature-metric needs --layer l (1…L−1); --metric input-metric is layer 0")
    }
    if metric == .inputMetric, let l = layer, l != 0 {
      throw ValidationError(
        "--metric input-metric is layer 0, got --layer \(l); use --metric feature-metric")
    }
    if block != nil && (metric == .featureMetric || metric == .inputMetric) {
      throw ValidationError("--block applies to fisher, fisher-softmax and ntk, not to \(metric.rawValue)")
    }
    if bins <= 0 { throw ValidationError("--bins must be positive, got \(bins)") }
    try CountLimits.check(bins, atMost: CountLimits.bins, "--bins")
    if softmax && !(metric == .featureMetric || metric == .inputMetric) {
      throw ValidationError(
        "--softmax applies to the input/feature metric; use --metric fisher-softmax for the FIM")
    }
  }

  /// The architecture of a sampled network (`--network` not given).
  private func architecture() throws(ConfigurationError) -> NetworkArchitecture {
    let ratios = try widthRatios.map { t throws(ConfigurationError) in
      try ListArgument.numbers(t, field: "width-ratios")
    }
    return try NetworkArchitecture(
      inputWidth: shape.inputWidth ?? width!, width: width!, depth: shape.depth!, outputs: shape.outputs!,
      ratios: ratios ?? [], activation: networkOptions.activation!, sigmaW2: networkOptions.sigmaW2!,
      sigmaB2: networkOptions.sigmaB2!, parameterisation: parameterisation)
  }

  func run() throws {
    if let out { try OutputDirectory.claim(out) }
    if let saveNetwork {
      try OutputDirectory.checkReplaceable(URL(fileURLWithPath: saveNetwork), option: "--save-network")
    }
    let started = Date()
    let act = networkOptions.activation!
    let (sigmaW2, sigmaB2) = (networkOptions.sigmaW2, networkOptions.sigmaB2)
    let (seed, dataSeed) = (seeds.seed ?? 1, seeds.dataSeed ?? 2)
    let net: Network
    let inputs: Matrix
    let sampled = network == nil
    let request = request
    // The plan comes before any large allocation: for a sampled network from the architecture alone.
    var plan: MemoryPlan? = nil
    if sampled {
      plan = try planning.plan(
        architecture: try architecture(), samples: shape.samples!, request: request, wantsDensity: out != nil,
        overlaps: !noOverlaps)
      if try finishDryRun(plan!) { return }
      _ = try plan!.method(command: "spectrum")
    }
    if let dir = network {
      (net, inputs) = try NetworkDirectory.load(
        from: URL(fileURLWithPath: dir), activation: act, parameterisation: parameterisation,
        sigmaW2: sigmaW2 ?? 1, sigmaB2: sigmaB2 ?? 1)
      plan = try planning.plan(
        architecture: net.architecture, samples: inputs.rows, request: request, wantsDensity: out != nil,
        overlaps: !noOverlaps, network: net)
      if try finishDryRun(plan!) { return }
    } else {
      let arch = try architecture()
      net = Network.sample(arch, seed: seed)
      inputs = try GaussianInputs.sample(samples: shape.samples!, width: arch.inputWidth, seed: dataSeed)
    }
    let method = try plan!.method(command: "spectrum")
    if let dir = saveNetwork {
      try NetworkDirectory.save(net, inputs: inputs, to: URL(fileURLWithPath: dir))
    }
    if method.isMatrixFree {
      return try runMatrixFree(
        method, plan: plan!, network: net, inputs: inputs, started: started, sampled: sampled)
    }
    let t0 = Date()
    let result = try MetricSpectrum(network: net, inputs: inputs, request: request, overlaps: !noOverlaps)
    let elapsed = Date().timeIntervalSince(t0)
    let config = configuration(net.architecture, samples: inputs.rows, sampled: sampled)
    let (theory, theoryNote) = try theoryComparison(
      { MeasuredStatistics(result) }, network: net, inputs: inputs, sampled: sampled)
    var report = SpectrumReport(
      result: result, theory: theory, theoryNote: theoryNote, configuration: config,
      environment: RunEnvironment.current, started: ISO8601DateFormatter().string(from: started),
      seconds: elapsed, plan: plan)
    (report.bulk, report.bulkPrediction, report.bulkNote) = BulkTheoryRun.compare(
      result, architecture: net.architecture, samples: inputs.rows, sampled: sampled, skipped: noTheory)
    if let out {
      try SpectrumOutput(report: report, bins: bins, binning: binning).write(
        to: URL(fileURLWithPath: out), started: started)
    }
    if !result.health.passed {
      FileHandle.standardError.write(
        Data("warning: numerical health check failed: \(result.health)\n".utf8))
    }
    if json {
      try JSONOutput.print(report)
    } else {
      print(report.summary)
    }
  }
}
