// A measured spectrum next to its mean-field prediction: every statistic with its relative error.
import Spectra

/// One statistic of a measured spectrum beside its prediction.
///
/// ```
/// relativeError = (measured − predicted) / predicted
/// ```
public struct ComparedStatistic: Sendable, Equatable, Codable {
  /// The statistic: `m`, `s`, `lambda_max` (the largest eigenvalue), `top_c_mean` (mean of the C
  /// largest, compared with the C-fold λ_max, convention 4), `lambda_max_lower_bound`,
  /// `lambda_max_upper_bound`, `outlier<i>`.
  public let name: String
  /// The measured value.
  public let measured: Double
  /// The predicted value at the measured width, or `nil` when the theory withholds it.
  public let predicted: Double?
  /// `(measured − predicted)/predicted`, or `nil`.
  public let relativeError: Double?
  /// The power of M the theory predicts for this statistic (e.g. −1, 0, +1), or `nil`.
  public let widthExponent: Int?

  /// A measured value beside `prediction` evaluated at width `width`.
  public init(_ name: String, measured: Double, prediction: PredictedStatistic?, width: Double) {
    self.name = name
    self.measured = measured
    predicted = prediction?.value(width: width)
    relativeError = prediction?.relativeError(measured: measured, width: width)
    widthExponent = prediction?.prefactor == nil ? nil : prediction?.widthExponent
  }
}

/// The mean-field prediction for a measured metric spectrum, statistic by statistic.
///
/// The theory is evaluated for the measured network's architecture (`α_l = M_l / M` with `M = M₁`, the
/// first hidden width) and, for the softmax FIM, for the measured network's own softmax covariances Q(n).
/// Inputs: sampled Gaussian inputs use `q̂₁⁰ = 1, q̂₂⁰ = 0` (the papers' convention 2); other inputs use
/// their measured moments.
///
/// Which prediction goes with which request:
/// ```
/// fisher, linear                    RegressionFisherPrediction        m, s, λ_max (C-fold)     §3
/// fisher, linear, block l           FisherBlockPrediction             m, s, λ_max              §3
/// fisher, linear, mean-subtracted   α(κ₁−κ₂)M/N (leading-order scale of the remaining top)     §3
/// fisher, softmax                   SoftmaxFisherPrediction(Q(n))     m, s, bounds, C−1 outliers §4
/// ntk (NTK parameterisation)        NTKPrediction                     m, s, λ_max (C-fold)     §5
/// feature-metric l, linear          InputMetricPrediction             m, s, λ_max (summed or per output) §6
/// ```
/// Other combinations (NTK in standard parameterisation, NTK blocks, softmax metrics, mean-subtracted
/// softmax/NTK, softmax blocks) have no prediction here; ``note`` says so rather than printing numbers.
///
/// Source: `shared/science/karakida.md` §3–§6 and "Conventions that were needed for agreement".
public struct TheoryComparison: Sendable, Codable {
  /// The prediction family (`fim`, `fim_block2`, `fim_mean_subtracted`, `fim_softmax`, `ntk`, `metric0`,
  /// `metric1_per_output`, …), or `none`.
  public let matrix: String
  /// The width M at which the predictions are evaluated (the first hidden width).
  public let referenceWidth: Int
  /// The mean-field constants of the network.
  public let constants: MeanFieldConstants
  /// Whether the theory's outlier predictions apply (false for a centred network, κ₂ = 0).
  public let applicability: TheoryApplicability
  /// Where the input moments q̂⁰ came from: `standard-gaussian` or `measured`.
  public let inputMoments: String
  /// The compared statistics (empty when there is no prediction).
  public let statistics: [ComparedStatistic]
  /// Why some or all predictions are absent, when they are.
  public let note: String?

  /// Compares `spectrum` (measured on `network` with `inputs`) with the mean-field theory.
  ///
  /// - Parameters:
  ///   - spectrum: the measured spectrum.
  ///   - network: the network it was measured on.
  ///   - inputs: the inputs (N × M₀).
  ///   - gaussianInputs: whether the inputs were sampled i.i.d. N(0, 1) (then q̂⁰ = (1, 0)).
  /// - Throws: `ConfigurationError` when the network has no hidden layer (L < 2) or the order
  ///   parameters cannot be computed.
  public init(spectrum: MetricSpectrum, network: Network, inputs: Matrix, gaussianInputs: Bool) throws {
    try self.init(
      measured: MeasuredStatistics(spectrum), network: network, inputs: inputs, gaussianInputs: gaussianInputs
    )
  }

  /// Compares statistics measured by any method (``MeasuredStatistics``: dense or matrix-free) with the
  /// theory; a statistic the method did not measure (nil) gets no row.
  public init(measured: MeasuredStatistics, network: Network, inputs: Matrix, gaussianInputs: Bool) throws {
    try self.init(
      measured: measured, network: network, samples: inputs.rows,
      inputMoments: gaussianInputs ? nil : try InputMoments(data: inputs.transposed),
      softmaxSums: { try SoftmaxCovarianceSums(logits: network.outputs(for: inputs)) })
  }

  /// The comparison from what the theory needs of the inputs, not the inputs themselves: N, their
  /// moments q̂⁰ (nil: standard Gaussian, q̂⁰ = (1, 0)) and, asked only for the softmax FIM, the sums of the
  /// softmax covariances over the samples (``SoftmaxCovarianceSums``). For runs whose samples are split
  /// across ranks.
  public init(
    measured: MeasuredStatistics, network: Network, samples n: Int,
    inputMoments measuredMoments: InputMoments?,
    softmaxSums: () throws -> SoftmaxCovarianceSums
  ) throws {
    let arch = network.architecture
    let m = arch.widths[1]
    let moments = measuredMoments ?? .standardGaussian
    let mf = try MeanFieldNetwork(architecture: arch, referenceWidth: m, inputs: moments)
    let p = try OrderParameters(mf)
    let k = MeanFieldConstants(p)
    let request = measured.request
    let c = arch.outputs
    let width = Double(m)
    referenceWidth = m
    constants = k
    inputMoments = measuredMoments == nil ? "standard-gaussian" : "measured"
    var applicability = TheoryApplicability.outliers(p, k)
    func row(_ name: String, _ value: Double?, _ prediction: PredictedStatistic?) -> ComparedStatistic? {
      value.map { ComparedStatistic(name, measured: $0, prediction: prediction, width: width) }
    }
    func standard(mean: PredictedStatistic, second: PredictedStatistic, top: PredictedStatistic)
      -> [ComparedStatistic]
    {
      [
        row("m", measured.mean, mean), row("s", measured.secondMoment, second),
        row("lambda_max", measured.largest, top), row("top_c_mean", measured.topMean, top),
      ].compactMap { $0 }
    }
    var note: String? = nil
    var rows: [ComparedStatistic] = []
    var family = "none"
    switch (request.kind, request.output) {
    case (.fisher, .linear):
      let f = try RegressionFisherPrediction(p, outputs: c, samples: n)
      if request.meanSubtracted {
        guard request.layer == nil else {
          note = "no prediction for a mean-subtracted diagonal block"
          break
        }
        family = "fim_mean_subtracted"
        rows = [row("lambda_max", measured.largest, f.meanSubtractedLambdaMax)].compactMap { $0 }
        note = "α(κ₁−κ₂)M/N is the leading-order scale, a lower bound (karakida.md §3)"
      } else if let l = request.layer {
        let b = f.blocks[l - 1]
        family = "fim_block\(l)"
        rows = standard(mean: b.mean, second: b.secondMoment, top: b.lambdaMax)
        if l == 1 { note = "block 1: finite N/M₀ inflates λ_max by about (1+√(N/M₀))² (karakida.md §3)" }
      } else {
        family = "fim"
        rows = standard(mean: f.mean, second: f.secondMoment, top: f.lambdaMax)
      }
    case (.fisher, .softmax):
      guard !request.meanSubtracted, request.layer == nil else {
        note = "no prediction for a mean-subtracted or block softmax FIM"
        break
      }
      let f = SoftmaxFisherPrediction(p, sums: try softmaxSums())
      applicability = f.applicability
      family = "fim_softmax"
      let descending = measured.descendingTop
      rows = [
        row("m", measured.mean, f.mean), row("s", measured.secondMoment, f.secondMoment),
        row("lambda_max_lower_bound", measured.largest, f.lambdaMaxLowerBound),
        row("lambda_max_upper_bound", measured.largest, f.lambdaMaxUpperBound),
      ].compactMap { $0 }
      for (i, o) in f.outliers.enumerated() where i < descending.count {
        rows.append(row("outlier\(i + 1)", descending[i], o)!)
      }
      note = "softmax λ_max lies between the bounds; C−1 outliers follow αMκ₂λ_i(Q̄) (karakida.md §4)"
    case (.ntk, _):
      guard arch.parameterisation == .ntk, request.layer == nil, !request.meanSubtracted else {
        note =
          "NTK predictions assume the NTK parameterisation, all layers, no mean subtraction (karakida.md §5)"
        break
      }
      let t = try NTKPrediction(p, outputs: c, samples: n)
      family = "ntk"
      rows = standard(mean: t.mean, second: t.secondMoment, top: t.lambdaMax)
    case (.featureMetric, .linear):
      guard !request.meanSubtracted, let l = request.layer else {
        note = "no prediction for a mean-subtracted metric"
        break
      }
      let a = try InputMetricPrediction(p, layer: l, outputs: c, samples: n)
      let perOutput = request.outputIndex != nil
      let s = perOutput ? a.perOutput : a.summed
      family = perOutput ? "metric\(l)_per_output" : "metric\(l)"
      rows = standard(mean: s.mean, second: s.secondMoment, top: s.lambdaMax)
    case (.featureMetric, .softmax):
      note =
        "the softmax input/feature metric has no closed-form prediction (its outliers spread like F_cross)"
    }
    if !applicability.isApplicable {
      let reason = "theory not applicable: " + applicability.reasons.joined(separator: "; ")
      note = note.map { $0 + "; " + reason } ?? reason
    }
    self.matrix = family
    self.applicability = applicability
    self.statistics = rows
    self.note = note
  }

  /// The compared statistic named `name`, if present.
  public func statistic(_ name: String) -> ComparedStatistic? { statistics.first { $0.name == name } }
}
