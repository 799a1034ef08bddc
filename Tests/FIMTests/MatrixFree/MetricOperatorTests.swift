// The matrix-free dual against the dense MetricDual Gram, for every request, parameterisation, activation
// and cache (route).
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Matrix-free metric operator against the dense dual")
struct MetricOperatorTests {
  /// Every request the grammar names for the tiny network.
  static let names = MetricRequest.all(
    for: try! NetworkArchitecture(widths: [6, 9, 7, 3], activation: .tanh, sigmaW2: 1, sigmaB2: 1)
  ).map(\.name)

  @Test(
    "dual·V equals the dense Gram times V (relative 1e-12), every cache, route and chunking",
    arguments: [Activation.relu, .tanh], [Parameterisation.standard, .ntk])
  func productsEqualDense(activation: Activation, parameterisation: Parameterisation) throws {
    let (net, x) = try MatrixFreeFixtures.network(activation, parameterisation)
    for name in Self.names {
      let request = try MetricRequest(name: name)
      let dense = try MatrixFreeFixtures.denseDual(request, net, x)
      let v = RandomStream(seed: 7).gaussianMatrix(rows: dense.rows, columns: 4)
      let expected = try dense.multiplied(by: v)
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      let scale = try MatrixFreeFixtures.denseDual(uncentred, net, x).maxAbs * v.maxAbs
      // Chunks of 2 samples (N = 5: 2, 2, 1) stream the product where every layer takes the parameter route;
      // with Grams kept, a parameter metric also runs from the stored backward signals.
      for cache in MatrixFreeFixtures.Cache.allCases {
        var variants: [(chunk: Int?, route: ProductRoute?)] = [(nil, nil), (2, nil), (nil, .sweeps)]
        if cache != .activations, request.kind != .featureMetric { variants.append((nil, .storedSignals)) }
        for (chunk, route) in variants {
          let op = try MetricOperator(
            request: request, forward: MatrixFreeFixtures.forward(net, x, cache), samplesPerChunk: chunk,
            route: route)
          #expect(op.dimension == dense.rows, "\(name)")
          if let route { #expect(op.route == route) }
          let got = try op.apply(v)
          let error = MatrixFreeFixtures.relativeDifference(got, expected, scale: scale)
          #expect(
            error <= Tolerance.reduction,
            "\(name) \(cache) chunk \(String(describing: chunk)) route \(String(describing: route)): \(error)"
          )
        }
      }
    }
  }

  @Test("the matrix-free MetricDual has the dense dual's shape, contractions and trace")
  func metricDualRepresentation() throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard)
    let forward = try ForwardPass(network: net, inputs: x, keepActivations: true)
    for request in MetricRequest.all(for: net.architecture) {
      let dense = try MetricDual(request: request, forward: forward, contractingMeanGradients: true)
      let free = try MetricDual(
        request: request, forward: forward, assembly: .matrixFree, contractingMeanGradients: true)
      #expect(free.shape == dense.shape, "\(request.name)")
      // The centred metric of the last hidden layer is exactly 0: compare against the uncentred trace.
      let uncentred = MetricRequest(
        kind: request.kind, output: request.output, layer: request.layer, outputIndex: request.outputIndex)
      let scale = try MetricDual(request: uncentred, forward: forward).trace
      #expect(
        isClose(free.trace, dense.trace, absolute: Tolerance.reduction * scale), "\(request.name)")
      #expect((free.contractions == nil) == (dense.contractions == nil))
      if let a = free.contractions, let b = dense.contractions {
        #expect(isClose(a.norms, b.norms, relative: Tolerance.reduction))
        for (u, w) in zip(a.weighted, b.weighted) {
          let scale = w.map(abs).max()!
          #expect(isClose(u, w, absolute: Tolerance.reduction * scale), "\(request.name)")
        }
      }
      guard case .matrixFree = free.representation else {
        Issue.record("expected a matrix-free representation")
        continue
      }
      #expect(throws: LinearAlgebraError.self) { try free.eigenvalues() }
    }
  }

  @Test("a softmax-weighted matrix-free Fisher dual equals the dense one")
  func weightedBySoftmax() throws {
    let (net, x) = try MatrixFreeFixtures.network(.tanh, .ntk)
    let forward = try ForwardPass(network: net, inputs: x, keepActivations: true)
    let free = try MetricDual(request: .fisher(), forward: forward, assembly: .matrixFree)
      .weightedBySoftmax(logits: forward.logits)
    let dense = try MatrixFreeFixtures.denseDual(.fisher(output: .softmax), net, x)
    guard case .matrixFree(let op) = free.representation else {
      Issue.record("expected a matrix-free representation")
      return
    }
    let v = RandomStream(seed: 3).gaussianMatrix(rows: dense.rows, columns: 3)
    let error = MatrixFreeFixtures.relativeDifference(try op.apply(v), try dense.multiplied(by: v))
    #expect(error <= Tolerance.reduction)
    #expect(free.maximumRank == (net.architecture.outputs - 1) * x.rows)
  }
}

@Suite("Matrix-free memory model")
struct MetricOperatorMemoryTests {
  @Test("the stored-signals route is refused where it cannot run, and chosen by its cost model")
  func storedSignalsRoute() throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard)
    let features = try MetricRequest(name: "input-metric")
    #expect(throws: ConfigurationError.self) {
      try MetricOperator(
        request: features, forward: MatrixFreeFixtures.forward(net, x, .both), route: .storedSignals)
    }
    #expect(throws: ConfigurationError.self) {
      try MetricOperator(
        request: MetricRequest(name: "fisher"), forward: MatrixFreeFixtures.forward(net, x, .activations),
        route: .storedSignals)
    }
    // The peers' network (784-1024³-10) at N = 1000: 172 MB of signals (two layers stored, the last hidden
    // layer's from the read-out weights and φ′) stream for less than the sweeps cost.
    let wide = try NetworkArchitecture(
      widths: [784, 1024, 1024, 1024, 10], activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    let fisher = try MetricRequest(name: "fisher")
    #expect(
      MetricOperator.storedBytes(architecture: wide, samples: 1000, request: fisher)
        == 8 * (10_000 * 2048 + 1000 * 1024))
    #expect(
      MetricOperator.storedBytes(
        architecture: wide, samples: 1000, request: try MetricRequest(name: "fisher-block-3"))
        == 8 * 1000 * 1024)
    #expect(
      MetricOperator.storedBytes(
        architecture: wide, samples: 1000, request: try MetricRequest(name: "fisher-block-2"))
        == 8 * 10_000 * 1024)
    #expect(
      MetricOperator.preferredRoute(architecture: wide, samples: 1000, request: fisher, gramsKept: true)
        == .storedSignals)
    // Not without Grams, not for the feature metric, not where N ≥ 2·M (the Gram route loses), not over 1 GiB.
    #expect(
      MetricOperator.preferredRoute(architecture: wide, samples: 1000, request: fisher, gramsKept: false)
        == .sweeps)
    #expect(
      MetricOperator.preferredRoute(
        architecture: wide, samples: 1000, request: try MetricRequest(name: "input-metric"), gramsKept: true)
        == .sweeps)
    #expect(
      MetricOperator.preferredRoute(architecture: wide, samples: 4000, request: fisher, gramsKept: true)
        == .sweeps)
    let many = try NetworkArchitecture(
      widths: [784, 1024, 1024, 1024, 100], activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    #expect(MetricOperator.storedBytes(architecture: many, samples: 1000, request: fisher) > 1 << 30)
    #expect(
      MetricOperator.preferredRoute(architecture: many, samples: 1000, request: fisher, gramsKept: true)
        == .sweeps)
    // Tiny networks: the sweeps cost less than streaming the signals.
    #expect(
      MetricOperator.preferredRoute(
        architecture: net.architecture, samples: x.rows, request: fisher, gramsKept: true) == .sweeps)
  }

  @Test("cachedBytes counts exactly what the forward pass keeps, for every cache")
  func cachedBytes() throws {
    let (net, x) = try MatrixFreeFixtures.network(.relu, .standard)
    for cache in MatrixFreeFixtures.Cache.allCases {
      let forward = try MatrixFreeFixtures.forward(net, x, cache)
      let kept =
        forward.derivatives.reduce(0) { $0 + $1.elements.count } + forward.logits.elements.count
        + forward.activations.reduce(0) { $0 + $1.elements.count }
        + forward.activationGrams.reduce(0) { $0 + $1.elements.count }
      let predicted = MetricOperator.cachedBytes(
        architecture: net.architecture, samples: x.rows, activations: cache != .grams,
        grams: cache != .activations)
      #expect(predicted == 8 * kept, "\(cache)")
    }
  }

  @Test("workingBytes grows linearly in the block size and covers the result blocks")
  func workingBytes() throws {
    let arch = try NetworkArchitecture(
      widths: [784, 1024, 1024, 10], activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    for request in MetricRequest.all(for: arch) {
      let bytes = (1...3).map {
        MetricOperator.workingBytes(architecture: arch, samples: 100, blockSize: $0, request: request)
      }
      #expect(bytes[2] - bytes[1] == bytes[1] - bytes[0], "\(request.name)")
      #expect(bytes[0] >= 8 * 3 * 10 * 100, "\(request.name)")
    }
  }
}
