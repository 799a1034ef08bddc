// The JSON document printed by `spectra theory --json` (every field is described in docs/theory-json.md).
import FIM
import Foundation
import Spectra

/// One predicted statistic in JSON: `prefactor · M^width_exponent`, evaluated at `--width` when given.
struct StatisticRecord: Encodable {
  @Null var prefactor: Double?
  let width_exponent: Int
  let degeneracy: Int
  @Null var value: Double?

  init(_ s: PredictedStatistic, width: Double?) {
    prefactor = finite(s.prefactor)
    width_exponent = s.widthExponent
    degeneracy = s.degeneracy
    value = width.flatMap { finite(s.value(width: $0)) }
  }
}

/// Encodes `nil` as JSON `null` (synthesised Encodable would drop the key), so every documented field is
/// always present.
@propertyWrapper
struct Null<T: Encodable>: Encodable {
  var wrappedValue: T?

  init(wrappedValue: T?) { self.wrappedValue = wrappedValue }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

/// `x` when finite, otherwise `nil` (JSON has no NaN or ∞).
func finite(_ x: Double?) -> Double? {
  guard let x, x.isFinite else { return nil }
  return x
}

/// The `spectra theory` output: configuration, order parameters, constants and predictions.
///
/// Property names are the JSON keys. Source: `shared/science/karakida.md` §2–§8.
struct TheoryReport: Encodable {
  struct Configuration: Encodable {
    let activation: String
    let sigma_w2: Double
    let sigma_b2: Double
    let depth: Int
    let width_ratios: [Double]
    let outputs: Int
    let samples: Int
    @Null var width: Double?
    let qhat1_0: Double
    let qhat2_0: Double
    let integration: String
    @Null var quadrature_points: Int?
    let softmax_networks: Int
    let seed: UInt64
  }

  struct RegressionFIM: Encodable {
    let degeneracy: Int
    @Null var m_times_M_over_C: Double?
    @Null var s_over_C: Double?
    @Null var lambda_max_over_M: Double?
    @Null var s_over_C_infinite_N: Double?
    @Null var lambda_max_over_M_infinite_N: Double?
    @Null var mean_subtracted_lambda_max_times_N_over_M: Double?
    @Null var m: Double?
    @Null var s: Double?
    @Null var lambda_max: Double?
    @Null var s_infinite_N: Double?
    @Null var lambda_max_infinite_N: Double?
    @Null var mean_subtracted_lambda_max: Double?
    let blocks: [Block]
  }

  struct Block: Encodable {
    let layer: Int
    let m: StatisticRecord
    let s: StatisticRecord
    let lambda_max: StatisticRecord
  }

  struct NTK: Encodable {
    let degeneracy: Int
    @Null var m: Double?
    @Null var s: Double?
    @Null var lambda_max: Double?
    @Null var lambda_max_slope_in_N: Double?
    @Null var bulk_eigenvalue: Double?
  }

  struct Metric: Encodable {
    let layer: Int
    let degeneracy: Int
    @Null var m_times_M_over_C: Double?
    @Null var s_times_M_over_C: Double?
    @Null var lambda_max: Double?
    @Null var m: Double?
    @Null var s: Double?
    let per_output: PerOutput
  }

  struct PerOutput: Encodable {
    @Null var m_times_M: Double?
    @Null var s_times_M: Double?
    @Null var lambda_max: Double?
    @Null var m: Double?
    @Null var s: Double?
  }

  struct SoftmaxMonteCarlo: Encodable {
    let networks: Int
    let seed: UInt64
    let samples: Int
    let qbar_eigenvalues_mean: [Double?]
    let qbar_eigenvalues_std: [Double?]
    let outliers_over_M: [Double?]
    @Null var outliers: [Double?]?
  }

  let tool: String
  let version: String
  let configuration: Configuration
  let applicable: Bool
  let not_applicable_reasons: [String]
  @Null var alpha: Double?
  @Null var kappa1: Double?
  @Null var kappa2: Double?
  @Null var kappa1_ntk: Double?
  @Null var kappa2_ntk: Double?
  let q1: [Double?]
  let q2: [Double?]
  let qhat1: [Double?]
  let qhat2: [Double?]
  let qtilde1: [Double?]
  let qtilde2: [Double?]
  @Null var logit_variance: Double?
  @Null var logit_covariance: Double?
  let quadrature_error_estimate: Double
  let regression_fim: RegressionFIM
  let ntk: NTK
  let input_metric: [Metric]
  @Null var softmax_monte_carlo: SoftmaxMonteCarlo?

  /// Computes everything for one configuration.
  init(
    network: MeanFieldNetwork, outputs: Int, samples: Int, width: Double?, softmaxNetworks: Int, seed: UInt64
  ) throws(ConfigurationError) {
    let p = try OrderParameters(network)
    let k = MeanFieldConstants(p)
    let finiteN = try RegressionFisherPrediction(p, outputs: outputs, samples: samples)
    let infiniteN = try RegressionFisherPrediction(p, outputs: outputs, samples: nil)
    let ntk = try NTKPrediction(p, outputs: outputs, samples: samples)
    let c = Double(outputs)
    let integrator = try GaussianIntegrator(activation: network.activation, integration: network.integration)
    let quadrature = integrator.usesQuadrature
    tool = "spectra theory"
    version = ToolVersion.string
    configuration = Configuration(
      activation: network.activation.rawValue, sigma_w2: network.sigmaW2, sigma_b2: network.sigmaB2,
      depth: network.depth, width_ratios: network.widthRatios, outputs: outputs, samples: samples,
      width: width,
      qhat1_0: network.inputs.secondMoment, qhat2_0: network.inputs.crossMoment,
      integration: integrator.methodName,
      quadrature_points: quadrature ? network.integration.points : nil, softmax_networks: softmaxNetworks,
      seed: seed)
    applicable = finiteN.applicability.isApplicable
    not_applicable_reasons = finiteN.applicability.reasons
    alpha = finite(k.alpha)
    kappa1 = finite(k.kappa1)
    kappa2 = finite(k.kappa2)
    kappa1_ntk = finite(k.kappa1NTK)
    kappa2_ntk = finite(k.kappa2NTK)
    q1 = p.q1.map(finite)
    q2 = p.q2.map(finite)
    qhat1 = p.qHat1.map(finite)
    qhat2 = p.qHat2.map(finite)
    qtilde1 = p.qTilde1.map(finite)
    qtilde2 = p.qTilde2.map(finite)
    logit_variance = finite(p.logitVariance)
    logit_covariance = finite(p.logitCovariance)
    quadrature_error_estimate = p.integrationErrorEstimate
    regression_fim = RegressionFIM(
      degeneracy: outputs,
      m_times_M_over_C: finite(finiteN.meanTimesWidthOverOutputs),
      s_over_C: finite(finiteN.secondMomentOverOutputs),
      lambda_max_over_M: finite(finiteN.lambdaMaxOverWidth),
      s_over_C_infinite_N: finite(infiniteN.secondMomentOverOutputs),
      lambda_max_over_M_infinite_N: finite(infiniteN.lambdaMaxOverWidth),
      mean_subtracted_lambda_max_times_N_over_M: finite(
        finiteN.meanSubtractedLambdaMax.prefactor.map { $0 * Double(samples) }),
      m: width.flatMap { finite(finiteN.mean.value(width: $0)) },
      s: width.flatMap { finite(finiteN.secondMoment.value(width: $0)) },
      lambda_max: width.flatMap { finite(finiteN.lambdaMax.value(width: $0)) },
      s_infinite_N: width.flatMap { finite(infiniteN.secondMoment.value(width: $0)) },
      lambda_max_infinite_N: width.flatMap { finite(infiniteN.lambdaMax.value(width: $0)) },
      mean_subtracted_lambda_max: width.flatMap { finite(finiteN.meanSubtractedLambdaMax.value(width: $0)) },
      blocks: finiteN.blocks.map {
        Block(
          layer: $0.layer, m: StatisticRecord($0.mean, width: width),
          s: StatisticRecord($0.secondMoment, width: width),
          lambda_max: StatisticRecord($0.lambdaMax, width: width))
      })
    self.ntk = NTK(
      degeneracy: outputs, m: finite(ntk.mean.prefactor), s: finite(ntk.secondMoment.prefactor),
      lambda_max: finite(ntk.lambdaMax.prefactor), lambda_max_slope_in_N: finite(ntk.lambdaMaxSlopeInSamples),
      bulk_eigenvalue: finite(ntk.bulkEigenvalue))
    var metrics = [Metric]()
    for l in 0..<p.depth {
      let a = try InputMetricPrediction(p, layer: l, outputs: outputs, samples: samples)
      metrics.append(
        Metric(
          layer: l, degeneracy: outputs,
          m_times_M_over_C: finite(a.summed.mean.prefactor.map { $0 / c }),
          s_times_M_over_C: finite(a.summed.secondMoment.prefactor.map { $0 / c }),
          lambda_max: finite(a.summed.lambdaMax.prefactor),
          m: width.flatMap { finite(a.summed.mean.value(width: $0)) },
          s: width.flatMap { finite(a.summed.secondMoment.value(width: $0)) },
          per_output: PerOutput(
            m_times_M: finite(a.perOutput.mean.prefactor),
            s_times_M: finite(a.perOutput.secondMoment.prefactor),
            lambda_max: finite(a.perOutput.lambdaMax.prefactor),
            m: width.flatMap { finite(a.perOutput.mean.value(width: $0)) },
            s: width.flatMap { finite(a.perOutput.secondMoment.value(width: $0)) })))
    }
    input_metric = metrics
    if softmaxNetworks > 0 {
      let mc = try SoftmaxOutlierMonteCarlo(
        p, outputs: outputs, samples: samples, networks: softmaxNetworks, seed: seed)
      let outliers = mc.outliers(p)
      softmax_monte_carlo = SoftmaxMonteCarlo(
        networks: softmaxNetworks, seed: seed, samples: samples,
        qbar_eigenvalues_mean: mc.meanEigenvalues.map(finite),
        qbar_eigenvalues_std: mc.standardDeviations.map(finite),
        outliers_over_M: outliers.map { finite($0.prefactor) },
        outliers: width.map { m in outliers.map { finite($0.value(width: m)) } })
    } else {
      softmax_monte_carlo = nil
    }
  }

  /// One line of JSON with sorted keys; absent values are `null`.
  func json() throws -> String {
    String(decoding: try JSONOutput.encode(self, pretty: false), as: UTF8.self)
  }
}
