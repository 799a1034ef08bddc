// The JSON object and summary of a matrix-free `spectra spectrum` run (docs/spectrum-json.md, "Matrix-free").
import FIM
import Spectra

/// One JSON object for a matrix-free run: the keys of the dense report where they have a value (the top-k
/// eigenvalues instead of all, no health), plus the method's own: residuals, moments' Hutch++ estimates,
/// the SLQ density with its W₁ bound and the zero mode as an estimate.
struct MatrixFreeReport: Encodable {
  let method: SpectrumMethod
  let result: MatrixFreeSpectrum
  let theory: TheoryComparison?
  let theoryNote: String?
  let configuration: SpectrumConfiguration
  let environment: RunEnvironment
  let started: String
  let seconds: Double
  let plan: MemoryPlan

  enum CodingKeys: CodingKey {
    case method, eigenvalues, residualNorms, converged, matrixVectorProducts, dualSize, parameters
    case dimension, exactZeroCount, m, s, lambdaMax, topCMean, topCount, trace, moments, density
    case overlap, theory, theoryNote, configuration, environment, started, seconds, plan
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let top = result.top
    try c.encode(method.rawValue, forKey: .method)
    try c.encode(top.map { Array($0.eigenvalues.reversed()) }, forKey: .eigenvalues)
    try c.encode(top.map { Array($0.residualNorms.reversed()) }, forKey: .residualNorms)
    try c.encode(top.map { Array($0.converged.reversed()) }, forKey: .converged)
    try c.encode(top?.matrixVectorProducts, forKey: .matrixVectorProducts)
    try c.encode(result.size, forKey: .dualSize)
    try c.encode(result.parameterCount, forKey: .parameters)
    try c.encode(result.dimension, forKey: .dimension)
    try c.encode(result.exactZeroCount, forKey: .exactZeroCount)
    try c.encode(result.mean, forKey: .m)
    try c.encode(result.secondMoment, forKey: .s)
    try c.encode(result.largest, forKey: .lambdaMax)
    try c.encode(result.topMean, forKey: .topCMean)
    try c.encode(result.topCount, forKey: .topCount)
    try c.encode(result.moments?.exact.trace, forKey: .trace)
    try c.encode(result.moments, forKey: .moments)
    try c.encode(result.density.map(DensityJSON.init), forKey: .density)
    try c.encode(result.overlap.map(OverlapJSON.init), forKey: .overlap)
    try c.encode(theory.map(TheoryComparisonJSON.init), forKey: .theory)
    try c.encode(theoryNote, forKey: .theoryNote)
    try c.encode(configuration, forKey: .configuration)
    try c.encode(environment, forKey: .environment)
    try c.encode(started, forKey: .started)
    try c.encode(seconds, forKey: .seconds)
    try c.encode(PlanJSON(plan), forKey: .plan)
  }

  /// The SLQ density without the per-probe Jacobi matrices (nodes, weights, bound, zero-mode estimate).
  struct DensityJSON: Encodable {
    let nodes: [Double]
    let weights: [Double]
    let deflatedEigenvalues: [Double]
    let wassersteinBound: Double
    let failureProbability: Double
    let boundCoversProbes: Bool
    let probeSpread: Double
    let probes: Int
    let massNearZero: Double
    let massNearZeroStandardError: Double
    init(_ d: MatrixFreeSpectrum.Density) {
      nodes = d.nodes
      weights = d.weights
      deflatedEigenvalues = d.deflatedEigenvalues
      wassersteinBound = d.wassersteinBound
      failureProbability = d.failureProbability
      boundCoversProbes = d.boundCoversProbes
      probeSpread = d.probeSpread
      probes = d.probes.count
      massNearZero = d.massNearZero
      massNearZeroStandardError = d.massNearZeroStandardError
    }
  }

  /// A few human-readable lines.
  var summary: String {
    let cfg = configuration
    func show(_ x: Double?) -> String { x.map { "\($0)" } ?? "–" }
    var lines = [
      "\(cfg.metric) of \(cfg.activation) net \(cfg.widths), N = \(cfg.samples)",
      "method \(method.rawValue) (\(method.answers)); dual \(result.size) × \(result.size), not formed;"
        + " estimate \(plan.estimate(method).peak) of \(plan.budget.bytes) (\(plan.budget.source.label))",
      "P = \(result.parameterCount), D = \(result.dimension)",
      "m = \(show(result.mean))  s = \(show(result.secondMoment))  λ_max = \(show(result.largest))"
        + "  top-\(result.topCount) mean = \(show(result.topMean))",
    ]
    if let top = result.top {
      lines.append(
        "top-\(top.eigenvalues.count): max residual \(top.residualNorms.max() ?? 0), "
          + "\(top.converged.filter { $0 }.count) converged, \(top.matrixVectorProducts) products")
    }
    if let d = result.density {
      lines.append(
        "density: SLQ, \(d.probes.count) probes, W₁ bound \(d.wassersteinBound) (probability ≥ \(1 - d.failureProbability)),"
          + " zero mass ≈ \(d.massNearZero) ± \(d.massNearZeroStandardError)")
    }
    return lines.joined(separator: "\n")
      + (theory.map { "\n" + $0.summary } ?? (theoryNote.map { "\ntheory: \($0)" } ?? ""))
  }
}
