import FIM
import Spectra
import TestSupport
import Testing

/// The comparison layer pairs each measured statistic with the right prediction.
@Suite("Measured versus predicted")
struct TheoryComparisonTests {
  static func measure(
    _ act: Activation, _ sw2: Double, _ sb2: Double, width: Int, request: MetricRequest,
    parameterisation: Parameterisation = .standard, outputs: Int = 10, samples: Int = 100, seed: UInt64 = 3
  ) throws -> TheoryComparison {
    let arch = try NetworkArchitecture(
      inputWidth: width, width: width, depth: 3, outputs: outputs, activation: act, sigmaW2: sw2,
      sigmaB2: sb2, parameterisation: parameterisation)
    let net = Network.sample(arch, seed: seed)
    let x = try GaussianInputs.sample(samples: samples, width: width, seed: seed + 100)
    let spectrum = try MetricSpectrum(network: net, inputs: x, request: request, overlaps: false)
    return try TheoryComparison(spectrum: spectrum, network: net, inputs: x, gaussianInputs: true)
  }

  @Test("regression FIM, ReLU (2, 0.1), M = 400: m within 4 %, top-C mean within 8 %")
  func regression() throws {
    let r = try Self.measure(.relu, 2, 0.1, width: 400, request: .fisher())
    #expect(r.matrix == "fim")
    // The verified-table row (OrderParameterTests): closed forms.
    #expect(isClose(r.constants.kappa1, 1.575, absolute: Tolerance.closedForm))
    #expect(isClose(r.constants.kappa2, 0.40149421725514908, absolute: Tolerance.closedForm))
    let m = try #require(r.statistic("m")?.relativeError)
    let top = try #require(r.statistic("top_c_mean")?.relativeError)
    #expect(abs(m) < 0.04, "m rel. err. \(m)")
    #expect(abs(top) < 0.08, "top-C rel. err. \(top)")
    #expect(r.statistic("m")?.widthExponent == -1)
    #expect(r.statistic("lambda_max")?.widthExponent == 1)
    #expect(r.applicability.isApplicable)
  }

  @Test("softmax FIM: λ_max lies near its bounds, C−1 outliers are compared")
  func softmax() throws {
    let r = try Self.measure(.relu, 2, 0.1, width: 300, request: .fisher(output: .softmax))
    #expect(r.matrix == "fim_softmax")
    let lower = try #require(r.statistic("lambda_max_lower_bound"))
    let upper = try #require(r.statistic("lambda_max_upper_bound"))
    let lo = try #require(lower.predicted)
    let hi = try #require(upper.predicted)
    #expect(lo <= hi)
    #expect(lower.measured > 0.8 * lo && lower.measured < 1.25 * hi)
    #expect(r.statistics.filter { $0.name.hasPrefix("outlier") }.count == 9)
  }

  @Test("NTK predictions need the NTK parameterisation; otherwise a note and no numbers")
  func ntk() throws {
    let standard = try Self.measure(.relu, 2, 0.1, width: 100, request: .ntk(), outputs: 2, samples: 40)
    #expect(standard.statistics.isEmpty)
    #expect(standard.note?.contains("NTK parameterisation") == true)
    let ntk = try Self.measure(
      .relu, 2, 0.1, width: 300, request: .ntk(), parameterisation: .ntk, outputs: 2, samples: 40)
    #expect(ntk.matrix == "ntk")
    let m = try #require(ntk.statistic("m")?.relativeError)
    #expect(abs(m) < 0.05, "NTK m rel. err. \(m)")
  }

  @Test("a centred network (tanh, σ_b = 0) is flagged; its λ_max prediction is withheld")
  func centred() throws {
    let r = try Self.measure(.tanh, 1, 0, width: 100, request: .fisher(), outputs: 3, samples: 30)
    #expect(!r.applicability.isApplicable)
    #expect(r.statistic("lambda_max")?.predicted == nil)
    #expect(r.statistic("m")?.predicted != nil)
    #expect(r.note?.contains("not applicable") == true)
  }

  @Test("input metric: m within 5 % at M = 300, per-output family named")
  func inputMetric() throws {
    let r = try Self.measure(.tanh, 3, 0.64, width: 300, request: .featureMetric(layer: 1))
    #expect(r.matrix == "metric1")
    let m = try #require(r.statistic("m")?.relativeError)
    #expect(abs(m) < 0.05, "metric m rel. err. \(m)")
    let one = try Self.measure(.tanh, 3, 0.64, width: 100, request: .featureMetric(layer: 1, outputIndex: 0))
    #expect(one.matrix == "metric1_per_output")
  }
}
