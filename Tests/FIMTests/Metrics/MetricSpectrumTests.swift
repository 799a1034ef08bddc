// Every metric's dual spectrum against the explicit metric built from a finite-difference Jacobian.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Metric spectra against explicit P × P metrics")
struct MetricSpectrumTests {
  /// The tiny network's architecture, whose every valid request is tested.
  static let architecture = try! NetworkArchitecture(
    widths: [6, 9, 7, 3], activation: .tanh, sigmaW2: 1, sigmaB2: 1)

  /// The eigenvalue scale below which an operator of the tiny network counts as zero (its entries are O(1)).
  static let zeroFloor = 1e-12

  /// Every request the grammar names for the tiny network (``MetricRequest/all(for:)``), by name.
  static let names = MetricRequest.all(for: architecture).map(\.name)

  /// The explicit operator for `request` and the dimension its statistics are taken over.
  static func explicitOperator(_ request: MetricRequest, _ net: Network, _ x: Matrix) throws -> Matrix {
    let arch = net.architecture
    let n = x.rows
    var c = arch.outputs
    var j: Matrix
    switch request.kind {
    case .fisher, .ntk:
      j = try BruteForceOracle.parameterJacobian(net, x)
      if let l = request.layer {
        let start = (1..<l).reduce(0) { $0 + arch.widths[$1] * arch.widths[$1 - 1] + arch.widths[$1] }
        let count = arch.widths[l] * arch.widths[l - 1]
        let full = j
        j = Matrix(rows: full.rows, columns: count) { r, q in full[r, start + q] }
      }
    case .featureMetric:
      j = try BruteForceOracle.featureJacobian(net, x, layer: request.layer ?? 0)
    }
    if let k = request.outputIndex {
      let full = j
      j = Matrix(rows: n, columns: full.columns) { r, q in full[k * n + r, q] }
      c = 1
    }
    if request.meanSubtracted { j = BruteForceOracle.centred(j, outputs: c, samples: n) }
    if request.kind == .ntk { return try j.multiplied(by: j, transposingOther: true) }
    var logits: Matrix? = nil
    if request.output == .softmax {
      let f = try net.outputs(for: x)
      logits = request.meanSubtracted ? BruteForceOracle.centred(f, outputs: 1, samples: n) : f
    }
    return BruteForceOracle.explicitMetric(j, logits: logits, outputs: c, samples: n, scale: Double(n))
  }

  @Test(
    "nonzero eigenvalues, m, s, λ_max and top-C mean equal the explicit metric's",
    arguments: [Parameterisation.standard, .ntk], names)
  func spectrum(parameterisation: Parameterisation, name: String) throws {
    let request = try MetricRequest(name: name)
    #expect(request.name == name, "the name grammar round-trips")
    let (net, x) = try BruteForceOracle.tinyNetwork(.tanh, parameterisation)
    #expect(net.architecture.widths == Self.architecture.widths)
    let result = try MetricSpectrum(network: net, inputs: x, request: request)
    let op = try Self.explicitOperator(request, net, x)
    #expect(op.rows == result.dimension, "dimension of \(request)")
    let count = min(op.rows, result.eigenvalues.count)
    let expected = try BruteForceOracle.topEigenvalues(op, count)
    let got = Array(result.eigenvalues.reversed().prefix(count))
    // Some operators vanish identically, e.g. every centred metric of the last hidden layer
    // (∇_{h^{L−1}} f = W_L for every sample): their eigenvalues are rounding noise of order ε·‖J‖², whose
    // size depends on the BLAS kernel's summation order, so every tolerance has an absolute floor.
    let vanishes = expected[0] < Self.zeroFloor
    let tolerance = max(1e-6 * expected[0], Self.zeroFloor)
    for (e, g) in zip(expected, got) { #expect(abs(e - g) <= tolerance, "\(request): \(g) vs \(e)") }
    let d = Double(op.rows)
    let m = op.trace / d
    let s = op.frobeniusNorm * op.frobeniusNorm / d
    #expect(abs(result.mean - m) <= max(1e-6 * abs(m), Self.zeroFloor))
    #expect(abs(result.secondMoment - s) <= max(1e-6 * s, Self.zeroFloor * Self.zeroFloor))
    #expect(abs(result.largest - expected[0]) <= tolerance)
    let top = request.outputIndex == nil ? net.architecture.outputs : 1
    let topMean = expected.prefix(top).reduce(0, +) / Double(top)
    #expect(abs(result.topMean - topMean) <= tolerance)
    // A vanishing operator's Gram is noise, so its relative asymmetry is O(1): health cannot pass there.
    #expect(result.health.passed || vanishes, "\(request): \(result.health)")
    #expect(abs(result.trace - d * result.mean) <= max(1e-10 * result.trace, Self.zeroFloor))
  }

  @Test(
    "top-C eigenvectors' overlap with the mean gradients equals the explicit one",
    arguments: [MetricRequest.fisher(), .fisher(output: .softmax), .ntk(), .featureMetric(layer: 1)])
  func overlap(request: MetricRequest) throws {
    let (net, x) = try BruteForceOracle.tinyNetwork(.relu, .standard, widths: [6, 12, 10, 3], samples: 4)
    let result = try MetricSpectrum(network: net, inputs: x, request: request)
    let ov = try #require(result.overlap)
    let op = try Self.explicitOperator(request, net, x)
    let j =
      request.kind == .featureMetric
      ? try BruteForceOracle.featureJacobian(net, x, layer: 1)
      : try BruteForceOracle.parameterJacobian(net, x)
    let c = net.architecture.outputs
    let n = x.rows
    if request.kind == .ntk {
      // Θ acts on the C·N sample space; its parameter-space partner is JᵀJ.
      let ptp = try j.multiplied(by: j, transposingSelf: true)
      try check(ptp)
    } else {
      try check(op)
    }
    func check(_ metric: Matrix) throws {
      let eig = try SymmetricEigen.top(c, of: metric, vectors: true)
      let v = try #require(eig.eigenvectors)
      for k in 0..<c {
        let g = (0..<j.columns).map { q in (0..<n).reduce(0) { $0 + j[k * n + $1, q] } }
        let norm2 = g.reduce(0) { $0 + $1 * $1 }
        let proj = (0..<c).map { i in (0..<g.count).reduce(0) { $0 + v[$1, i] * g[$1] } }
        let fraction = proj.reduce(0) { $0 + $1 * $1 } / norm2
        #expect(abs(ov.parameterSpace[k] - fraction) < 1e-6, "\(request) output \(k)")
      }
    }
  }

  @Test("every family, output model, layer, output index and centring is among the tested requests")
  func coverage() {
    let requests = MetricRequest.all(for: Self.architecture)
    #expect(Set(requests.map(\.kind)) == Set(MetricRequest.Kind.allCases))
    #expect(Set(requests.map(\.output)) == Set(OutputKind.allCases))
    #expect(requests.contains { $0.outputIndex != nil && $0.meanSubtracted })
    #expect(requests.count == 54)
    for base in MetricRequest.Base.allCases {
      let r = MetricRequest(
        base: base, layer: base == .featureMetric ? 1 : nil, block: nil, outputIndex: nil, softmax: false,
        meanSubtracted: false)
      #expect(requests.contains(r), "\(base.rawValue)")
    }
  }

  @Test(
    "the sweep names parse to their requests and unknown names are refused",
    arguments: [
      ("fisher", MetricRequest.fisher()), ("fisher-softmax", .fisher(output: .softmax)), ("ntk", .ntk()),
      ("fisher-centred", .fisher(meanSubtracted: true)),
      ("fisher-mean-subtracted", .fisher(meanSubtracted: true)),
      ("ntk-centred", .ntk(meanSubtracted: true)), ("fisher-block-2", .fisher(block: 2)),
      ("input-metric", .featureMetric(layer: 0)), ("feature-metric-0", .featureMetric(layer: 0)),
      ("feature-metric-2", .featureMetric(layer: 2)),
      ("input-metric-softmax", .featureMetric(layer: 0, output: .softmax)),
      ("feature-metric-1-softmax", .featureMetric(layer: 1, output: .softmax)),
    ])
  func sweepNames(name: String, request: MetricRequest) throws {
    #expect(try MetricRequest(name: name) == request)
  }

  @Test(
    "malformed names are refused, naming the metric",
    arguments: [
      "fishr", "fisher-block-x", "feature-metric", "feature-metric-x", "input-metric-block-1",
      "ntk-softmax-softmax",
      "fisher-output", "", "fisher-",
    ])
  func badNames(name: String) {
    #expect(throws: ConfigurationError.self) { try MetricRequest(name: name) }
  }

  @Test("invalid combinations are refused with the field named")
  func refusals() throws {
    let (net, x) = try BruteForceOracle.tinyNetwork(.relu, .standard)
    let bad: [(MetricRequest, String)] = [
      (.fisher(block: 0), "block"), (.fisher(block: 4), "block"),
      (MetricRequest(kind: .ntk, output: .softmax), "output"),
      (.featureMetric(layer: 3), "layer"), (.featureMetric(layer: -1), "layer"),
      (.featureMetric(layer: 0, outputIndex: 3), "output-index"),
      (.featureMetric(layer: 0, output: .softmax, outputIndex: 0), "output-index"),
      (MetricRequest(kind: .fisher, outputIndex: 0), "output-index"),
    ]
    for (request, field) in bad {
      #expect(throws: ConfigurationError.self) {
        try MetricSpectrum(network: net, inputs: x, request: request)
      }
      do {
        _ = try MetricSpectrum(network: net, inputs: x, request: request)
      } catch let e as ConfigurationError {
        #expect(e.field == field)
      }
    }
    let wrongWidth = Matrix(rows: 5, columns: 4)
    #expect(throws: ConfigurationError(field: "inputs", "inputs must have M_0 = 6 columns, got 4")) {
      try MetricSpectrum(network: net, inputs: wrongWidth, request: .fisher())
    }
  }
}
