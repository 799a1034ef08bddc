// The JSON object printed by `spectra spectrum`: configuration, eigenvalues, statistics, health, provenance.
import FIM
import Spectra

/// The full configuration of a `spectrum` run (recorded in its output).
struct SpectrumConfiguration: Encodable {
  let source: String
  let networkDirectory: String?
  let metric: String
  let request: MetricRequest
  let activation: String
  let widths: [Int]
  let sigmaW2: Double?
  let sigmaB2: Double?
  let parameterisation: String
  let depth: Int
  let outputs: Int
  let samples: Int
  let seed: UInt64?
  let dataSeed: UInt64?
  let savedNetwork: String?

  /// The stored properties and the request's fields (family, output, layer, block, output index, centring).
  enum CodingKeys: CodingKey {
    case source, networkDirectory, metric, family, output, layer, block, outputIndex, meanSubtracted
    case activation, widths, sigmaW2, sigmaB2, parameterisation, depth, outputs, samples, seed, dataSeed
    case savedNetwork
  }

  /// Every field, with `null` for absent ones (so the record always has the same keys).
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(source, forKey: .source)
    try c.encode(networkDirectory, forKey: .networkDirectory)
    try c.encode(metric, forKey: .metric)
    try c.encode(request.kind.rawValue, forKey: .family)
    try c.encode(request.output.rawValue, forKey: .output)
    try c.encode(request.kind == .featureMetric ? request.layer : nil, forKey: .layer)
    try c.encode(request.kind == .featureMetric ? nil : request.layer, forKey: .block)
    try c.encode(request.outputIndex, forKey: .outputIndex)
    try c.encode(request.meanSubtracted, forKey: .meanSubtracted)
    try c.encode(activation, forKey: .activation)
    try c.encode(widths, forKey: .widths)
    try c.encode(sigmaW2, forKey: .sigmaW2)
    try c.encode(sigmaB2, forKey: .sigmaB2)
    try c.encode(parameterisation, forKey: .parameterisation)
    try c.encode(depth, forKey: .depth)
    try c.encode(outputs, forKey: .outputs)
    try c.encode(samples, forKey: .samples)
    try c.encode(seed, forKey: .seed)
    try c.encode(dataSeed, forKey: .dataSeed)
    try c.encode(savedNetwork, forKey: .savedNetwork)
  }
}

/// `SpectralHealth` with the derived verdicts, every key present.
struct HealthJSON: Encodable {
  let health: SpectralHealth
  /// ``FIM/MetricSpectrum/degeneracy``: why every eigenvalue is zero, `null` otherwise.
  let degenerate: String?
  init(_ h: SpectralHealth, degenerate: String? = nil) {
    health = h
    self.degenerate = degenerate
  }

  enum CodingKeys: CodingKey {
    case degenerate
    case passed, isSymmetric, isPositiveSemidefinite, rankWithinBound, traceAgrees, symmetryResidual
    case lambdaMin, negativeTolerance, numericalRank, maximumRank, traceResidual
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(health.passed, forKey: .passed)
    try c.encode(health.isSymmetric, forKey: .isSymmetric)
    try c.encode(health.isPositiveSemidefinite, forKey: .isPositiveSemidefinite)
    try c.encode(health.rankWithinBound, forKey: .rankWithinBound)
    try c.encode(health.traceAgrees, forKey: .traceAgrees)
    try c.encode(health.symmetryResidual, forKey: .symmetryResidual)
    try c.encode(health.smallestEigenvalue, forKey: .lambdaMin)
    try c.encode(health.negativeTolerance, forKey: .negativeTolerance)
    try c.encode(health.numericalRank, forKey: .numericalRank)
    try c.encode(health.maximumRank, forKey: .maximumRank)
    try c.encode(health.traceResidual, forKey: .traceResidual)
    try c.encode(degenerate, forKey: .degenerate)
  }
}

/// `MeanGradientOverlap` with every key present (`dual_space` null for softmax output).
struct OverlapJSON: Encodable {
  let parameterSpace: [Double]
  let dualSpace: [Double]?
  let topCount: Int
  init(_ o: MeanGradientOverlap) {
    parameterSpace = o.parameterSpace
    dualSpace = o.dualSpace
    topCount = o.topCount
  }

  enum CodingKeys: CodingKey { case parameterSpace, dualSpace, topCount }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(parameterSpace, forKey: .parameterSpace)
    try c.encode(dualSpace, forKey: .dualSpace)
    try c.encode(topCount, forKey: .topCount)
  }
}

/// One JSON object: the spectrum and its statistics (see `MetricSpectrum`).
struct SpectrumReport: Encodable {
  let result: MetricSpectrum
  /// The mean-field comparison, or `nil` when not requested or not possible (see `theoryNote`).
  let theory: TheoryComparison?
  /// Why there is no theory block, when there is none.
  let theoryNote: String?
  let configuration: SpectrumConfiguration
  let environment: RunEnvironment
  let started: String
  let seconds: Double
  /// The memory plan that chose the dense method (docs/spectrum-json.md, `plan`).
  var plan: MemoryPlan? = nil
  /// The measured bulk against the linear-width prediction (docs/bulk-theory.md), when it applies.
  var bulk: BulkComparison? = nil
  /// The prediction behind ``bulk``.
  var bulkPrediction: BulkPrediction? = nil
  /// Why there is no bulk comparison, when there is none.
  var bulkNote: String? = nil

  enum CodingKeys: CodingKey {
    case eigenvalues, eigensolver, dualSize, parameters, dimension, m, s, lambdaMax, topCMean, topCount,
      trace, health
    case overlap, theory, theoryNote, configuration, environment, started, seconds, plan
    case bulkKs, bulkW1, bulkTheory, bulkTheoryNote
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(result.eigenvalues, forKey: .eigenvalues)
    try c.encode(
      SymmetricEigen.valuesRoute(order: result.eigenvalues.count),
      forKey: .eigensolver)
    try c.encode(result.eigenvalues.count, forKey: .dualSize)
    try c.encode(result.parameterCount, forKey: .parameters)
    try c.encode(result.dimension, forKey: .dimension)
    try c.encode(result.mean, forKey: .m)
    try c.encode(result.secondMoment, forKey: .s)
    try c.encode(result.largest, forKey: .lambdaMax)
    try c.encode(result.topMean, forKey: .topCMean)
    try c.encode(result.topCount, forKey: .topCount)
    try c.encode(result.trace, forKey: .trace)
    try c.encode(HealthJSON(result.health, degenerate: result.degeneracy), forKey: .health)
    try c.encode(result.overlap.map(OverlapJSON.init), forKey: .overlap)
    try c.encode(theory.map(TheoryComparisonJSON.init), forKey: .theory)
    try c.encode(theoryNote, forKey: .theoryNote)
    try c.encode(configuration, forKey: .configuration)
    try c.encode(environment, forKey: .environment)
    try c.encode(started, forKey: .started)
    try c.encode(seconds, forKey: .seconds)
    try c.encode(plan.map { PlanJSON($0) }, forKey: .plan)
    try c.encode(bulk?.kolmogorovSmirnov, forKey: .bulkKs)
    try c.encode(bulk?.wasserstein1, forKey: .bulkW1)
    try c.encode(bulk, forKey: .bulkTheory)
    try c.encode(bulkNote, forKey: .bulkTheoryNote)
  }

  /// A few human-readable lines.
  var summary: String {
    let h = result.health
    let theoryLines = theory.map { "\n" + $0.summary } ?? (theoryNote.map { "\ntheory: \($0)" } ?? "")
    return """
      \(configuration.metric) of \(configuration.activation) net \(configuration.widths), N = \(configuration.samples)
      P = \(result.parameterCount), D = \(result.dimension), dual \(result.eigenvalues.count) × \(result.eigenvalues.count)
      m = \(result.mean)  s = \(result.secondMoment)  λ_max = \(result.largest)  top-\(result.topCount) mean = \(result.topMean)
      health: \(h.passed ? result.degeneracy.map { "degenerate: \($0)" } ?? "ok" : "FAILED") (asymmetry \(h.symmetryResidual), λ_min \(h.smallestEigenvalue), rank \(h.numericalRank) ≤ \(h.maximumRank))
      """ + theoryLines + bulkLine
  }

  private var bulkLine: String {
    guard let b = bulk else { return "" }
    return "\nbulk vs linear-width prediction: KS \(b.kolmogorovSmirnov)  W1 \(b.wasserstein1) "
      + "(\(b.relativeWasserstein1) of the support [\(b.law.support.lowerBound), \(b.law.support.upperBound)]), "
      + "\(b.removedOutliers) outliers removed\(b.leadingOrderExact ? "" : "; approximate (docs/bulk-theory.md §3)")"
  }
}
