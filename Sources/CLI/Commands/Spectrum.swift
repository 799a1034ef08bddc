// `spectra spectrum`: the exact dual spectrum of a metric of a sampled or loaded network, as one JSON object.
import ArgumentParser
import FIM
import Foundation
import Spectra

extension SpectraCommand {
  /// Prints the spectrum and statistics of the Fisher information, the NTK or the input/feature metric.
  struct Spectrum: ParsableCommand {
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
    @Option(help: ArgumentHelp(Activation.help, valueName: "name"))
    var activation: String
    @Option(help: "fisher, fisher-softmax, ntk, input-metric or feature-metric.")
    var metric: SpectrumMetric = .fisher
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
    @Option(help: "Histogram binning for density.csv: log or linear.")
    var binning: DensityBinning = .log

    @Option(name: .customLong("sigma-w2"), parsing: .unconditional, help: "Weight variance σ_w².")
    var sigmaW2: Double?
    @Option(name: .customLong("sigma-b2"), parsing: .unconditional, help: "Bias variance σ_b².")
    var sigmaB2: Double?
    @Option(
      name: .customLong("input-width"), parsing: .unconditional, help: "Input width M_0 (default: --width).")
    var inputWidth: Int?
    @Option(parsing: .unconditional, help: "Hidden width M.")
    var width: Int?
    @Option(
      name: .customLong("width-ratios"), parsing: .unconditional,
      help: "Comma-separated α_1,…,α_{L−1} (M_l = α_l·M; default all 1).")
    var widthRatios: String?
    @Option(parsing: .unconditional, help: "Depth L (number of weight layers).")
    var depth: Int?
    @Option(parsing: .unconditional, help: "Number of outputs C.")
    var outputs: Int?
    @Option(parsing: .unconditional, help: "Number of input samples N.")
    var samples: Int?
    @Option(help: "Seed of the weights.")
    var seed: UInt64 = 1
    @Option(name: .customLong("data-seed"), help: "Seed of the inputs.")
    var dataSeed: UInt64 = 2
    @Option(help: "standard or ntk.")
    var parameterisation: Parameterisation = .standard

    func validate() throws {
      do { _ = try Activation(named: activation) } catch { throw ValidationError(error.description) }
      if network != nil {
        let sampledOnly: [(String, Bool)] = [
          ("--width", width != nil), ("--depth", depth != nil), ("--outputs", outputs != nil),
          ("--samples", samples != nil), ("--input-width", inputWidth != nil),
          ("--width-ratios", widthRatios != nil),
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
        ]
        where value == nil {
          throw ValidationError("missing \(name) (needed to sample a network; or give --network DIR)")
        }
        for (name, value) in [("--sigma-w2", sigmaW2), ("--sigma-b2", sigmaB2)] where value == nil {
          throw ValidationError("missing \(name) (needed to sample a network)")
        }
        if let s = samples, s <= 0 { throw ValidationError("--samples must be positive, got \(s)") }
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
      if softmax && !(metric == .featureMetric || metric == .inputMetric) {
        throw ValidationError(
          "--softmax applies to the input/feature metric; use --metric fisher-softmax for the FIM")
      }
    }

    func run() throws {
      let started = Date()
      let act = try Activation(named: activation)
      let net: Network
      let inputs: Matrix
      let sampled = network == nil
      if let dir = network {
        (net, inputs) = try NetworkDirectory.load(
          from: URL(fileURLWithPath: dir), activation: act, parameterisation: parameterisation,
          sigmaW2: sigmaW2 ?? 1, sigmaB2: sigmaB2 ?? 1)
      } else {
        let ratios = try parseRatios()
        let arch = try NetworkArchitecture(
          inputWidth: inputWidth ?? width!, width: width!, depth: depth!, outputs: outputs!, ratios: ratios,
          activation: act, sigmaW2: sigmaW2!, sigmaB2: sigmaB2!, parameterisation: parameterisation)
        net = Network.sample(arch, seed: seed)
        inputs = try GaussianInputs.sample(samples: samples!, width: arch.inputWidth, seed: dataSeed)
      }
      if let dir = saveNetwork {
        try NetworkDirectory.save(net, inputs: inputs, to: URL(fileURLWithPath: dir))
      }
      let request = metric.request(
        layer: layer, block: block, outputIndex: outputIndex, softmax: softmax, meanSubtracted: meanSubtracted
      )
      let t0 = Date()
      let result = try MetricSpectrum(network: net, inputs: inputs, request: request, overlaps: !noOverlaps)
      let elapsed = Date().timeIntervalSince(t0)
      let arch = net.architecture
      let config = SpectrumConfiguration(
        source: sampled ? "sampled" : "network-directory", networkDirectory: network, metric: metric.rawValue,
        request: request, activation: act.rawValue, widths: arch.widths,
        sigmaW2: sampled || parameterisation == .ntk || sigmaW2 != nil ? arch.sigmaW2 : nil,
        sigmaB2: sampled || parameterisation == .ntk || sigmaB2 != nil ? arch.sigmaB2 : nil,
        parameterisation: parameterisation.rawValue, depth: arch.depth, outputs: arch.outputs,
        samples: inputs.rows, seed: sampled ? seed : nil, dataSeed: sampled ? dataSeed : nil,
        savedNetwork: saveNetwork)
      var theory: TheoryComparison? = nil
      var theoryNote: String? = nil
      if noTheory {
        theoryNote = "not requested (--no-theory)"
      } else if arch.depth < 2 {
        theoryNote = "the mean-field theory needs at least one hidden layer (depth ≥ 2)"
      } else {
        theory = try TheoryComparison(spectrum: result, network: net, inputs: inputs, gaussianInputs: sampled)
      }
      let report = SpectrumReport(
        result: result, theory: theory, theoryNote: theoryNote, configuration: config,
        environment: RunEnvironment.current, started: ISO8601DateFormatter().string(from: started),
        seconds: elapsed)
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

    private func parseRatios() throws -> [Double] {
      try widthRatios.map { try ListArgument.numbers($0, field: "width-ratios") } ?? []
    }
  }
}

/// The `--metric` names of the command line.
enum SpectrumMetric: String, ExpressibleByArgument, CaseIterable, Sendable {
  case fisher
  case fisherSoftmax = "fisher-softmax"
  case ntk
  case inputMetric = "input-metric"
  case featureMetric = "feature-metric"

  func request(layer: Int?, block: Int?, outputIndex: Int?, softmax: Bool, meanSubtracted: Bool)
    -> MetricRequest
  {
    switch self {
    case .fisher:
      return MetricRequest(
        kind: .fisher, layer: block, outputIndex: outputIndex, meanSubtracted: meanSubtracted)
    case .fisherSoftmax:
      return MetricRequest(
        kind: .fisher, output: .softmax, layer: block, outputIndex: outputIndex,
        meanSubtracted: meanSubtracted)
    case .ntk:
      return MetricRequest(kind: .ntk, layer: block, outputIndex: outputIndex, meanSubtracted: meanSubtracted)
    case .inputMetric, .featureMetric:
      return .featureMetric(
        layer: layer ?? 0, output: softmax ? .softmax : .linear, outputIndex: outputIndex,
        meanSubtracted: meanSubtracted)
    }
  }
}

extension Parameterisation: ExpressibleByArgument {}
