// `spectra theory`: mean-field predictions (order parameters, κ, FIM/NTK/metric statistics) as JSON or a table.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// `spectra theory`: the mean-field theory of Karakida, Akaho & Amari for one network configuration.
///
/// Source: `shared/science/karakida.md` §2–§8; the JSON fields are documented in `docs/theory-json.md`.
struct TheoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "theory",
    abstract: "Mean-field predictions: order parameters, α, κ₁, κ₂, κ′₁, κ′₂ and FIM/NTK/metric spectra.",
    discussion: """
      Computes the forward (q̂₁, q̂₂) and backward (q̃₁, q̃₂) order parameters of a deep fully connected \
      network with widths M_l = α_l·M and C linear outputs, the constants α, κ₁, κ₂ (standard \
      parameterisation) and κ′₁, κ′₂ (NTK parameterisation), and the leading-order predictions for the \
      regression FIM (m·M/C, s/C, λ_max/M at finite N and N → ∞, per-layer blocks, mean subtraction), the \
      NTK and the input/feature metric of every layer. With --width M the scale-free forms are also given \
      as numbers. Gaussian integrals are closed forms for linear, relu and erf, and Gauss–Hermite \
      quadrature for tanh.

      Widths are M_l = α_l·M as in `spectrum` and `sweep`: --width-ratios takes the L−1 hidden ratios \
      α_1,…,α_{L−1} and --input-ratio the input ratio α_0 = M_0/M (α = Σ_{l=1}^{L−1} α_l α_{l−1} needs it); \
      all 1 when omitted. The JSON field width_ratios lists all L values α_0,…,α_{L−1}.

      For a centred network (κ₂ = 0, e.g. tanh with σ_b² = 0) the outlier predictions are withheld (null) \
      and "applicable" is false, with the reason.

      Example:
        spectra theory --activation relu --sigma-w2 2 --sigma-b2 0 --depth 3 --outputs 10 --samples 100 --width 800 --json

      JSON fields: docs/theory-json.md. Formulas: shared/science/karakida.md §2–§8.
      """)

  @Option(help: ArgumentHelp(Activation.help, valueName: "name"), transform: Activation.parse)
  var activation: Activation

  // Numeric options parse unconditionally so that `--sigma-w2 -1` reaches validation (and its message)
  // instead of being read as an unknown flag.
  @Option(
    name: .customLong("sigma-w2"), parsing: .unconditional,
    help: "Weight variance σ_w² (W ~ N(0, σ_w²/M_{l−1})), ≥ 0.")
  var sigmaW2: Double

  @Option(
    name: .customLong("sigma-b2"), parsing: .unconditional, help: "Bias variance σ_b² (b ~ N(0, σ_b²)), ≥ 0.")
  var sigmaB2: Double

  @Option(parsing: .unconditional, help: "Depth L: number of weight layers (L − 1 hidden layers), ≥ 2.")
  var depth: Int

  @Option(
    name: .customLong("width-ratios"), parsing: .unconditional,
    help: "Comma-separated hidden ratios α_1,…,α_{L−1} (M_l = α_l·M); default all 1.")
  var widthRatios: String?

  @Option(
    name: .customLong("input-ratio"), parsing: .unconditional, help: "Input width ratio α_0 = M_0/M.")
  var inputRatio: Double = 1

  @Option(parsing: .unconditional, help: "Number of outputs C, ≥ 1.")
  var outputs: Int

  @Option(parsing: .unconditional, help: "Number of samples N, ≥ 1.")
  var samples: Int

  @Option(
    parsing: .unconditional, help: "Reference width M: also print the predictions as numbers at this width.")
  var width: Double?

  @Option(name: .customLong("qhat1-0"), parsing: .unconditional, help: "Input second moment q̂₁⁰ = ‖x‖²/M_0.")
  var qHat1Input: Double = 1

  @Option(
    name: .customLong("qhat2-0"), parsing: .unconditional,
    help: "Input cross moment q̂₂⁰ = x(n)·x(m)/M_0 (n ≠ m), |q̂₂⁰| ≤ q̂₁⁰.")
  var qHat2Input: Double = 0

  @Option(
    name: .customLong("quadrature-points"), parsing: .unconditional,
    help: "Gauss–Hermite nodes per dimension for activations without closed forms (tanh).")
  var quadraturePoints: Int = GaussianIntegration.defaultPoints

  @Option(
    name: .customLong("softmax-networks"), parsing: .unconditional,
    help: "Monte-Carlo networks for the softmax outliers α κ₂ M λ_i(Q̄) over Gaussian logits (0: skip).")
  var softmaxNetworks: Int = 0

  @Option(help: "Seed of the softmax Monte Carlo.")
  var seed: UInt64 = 0

  @Flag(help: "Print one JSON object instead of a table.")
  var json = false

  @Flag(
    help: """
      Print the predicted bulk density of the dual (linear-width deterministic equivalent, \
      docs/bulk-theory.md) on a grid with its support edges instead of the mean-field table; needs --width.
      """)
  var density = false

  @Option(
    help: "With --density: fisher (linear output, standard parameterisation) or ntk (NTK parameterisation).")
  var metric: BulkDensityMetric = .fisher

  @Option(
    help: ArgumentHelp("With --density: write bulk-theory.csv and bulk-theory.json here.", valueName: "dir"))
  var out: String?

  /// The library configuration built from the options (checked in `validate()`).
  func network() throws -> MeanFieldNetwork {
    do {
      guard MetricDual.theoryApplies(depth: depth) else {
        throw ConfigurationError(
          field: "depth", "depth must be at least 2 (the theory needs a hidden layer), got \(depth)")
      }
      let ratios = try parsedRatios()
      let inputs = try InputMoments(secondMoment: qHat1Input, crossMoment: qHat2Input)
      return try MeanFieldNetwork(
        activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2, widthRatios: ratios, inputs: inputs,
        integration: .automatic(points: quadraturePoints))
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }

  private func parsedRatios() throws(ConfigurationError) -> [Double] {
    guard inputRatio.isFinite, inputRatio > 0 else {
      throw ConfigurationError(field: "input-ratio", "α_0 must be positive and finite, got \(inputRatio)")
    }
    guard let widthRatios else { return [inputRatio] + [Double](repeating: 1, count: depth - 1) }
    let ratios = try [inputRatio] + ListArgument.items(widthRatios, field: "width-ratios") { Double($0) }
    guard ratios.count == depth else {
      throw ConfigurationError(
        field: "width-ratios",
        "expected \(depth - 1) values α_1,…,α_\(depth - 1) for depth \(depth) (the input ratio α_0 is "
          + "--input-ratio), got \(ratios.count - 1)")
    }
    return ratios
  }

  func validate() throws {
    try CountLimits.check(depth, atMost: CountLimits.depth, "--depth")
    try CountLimits.check(
      quadraturePoints, atMost: CountLimits.quadraturePoints, "--quadrature-points",
      why: "the two-dimensional integrals cost points² evaluations")
    _ = try network()
    guard outputs >= 1 else {
      throw ValidationError("outputs: the number of outputs must be positive, got \(outputs)")
    }
    guard samples >= 1 else {
      throw ValidationError("samples: the number of samples must be positive, got \(samples)")
    }
    if let width, !(width.isFinite && width > 0) {
      throw ValidationError("width: the width M must be positive and finite, got \(width)")
    }
    guard softmaxNetworks >= 0 else {
      throw ValidationError("softmax-networks: must be non-negative, got \(softmaxNetworks)")
    }
    if density || out != nil {
      try validateDensity()
    }
    if softmaxNetworks > 0, outputs < 2 {
      throw ValidationError("outputs: the softmax Monte Carlo needs at least 2 outputs, got \(outputs)")
    }
  }

  func run() throws {
    if density { return try runDensity() }
    let report: TheoryReport
    do {
      report = try TheoryReport(
        network: try network(), outputs: outputs, samples: samples, width: width,
        softmaxNetworks: softmaxNetworks, seed: seed)
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
    if json {
      print(try report.json())
    } else {
      print(report.table())
    }
  }
}
