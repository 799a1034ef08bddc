// The dual of a metric as a matrix-free symmetric operator: V ↦ Rᵀ J Jᵀ R V / c through the cached forward pass.
import Spectra

/// The C′·N × C′·N dual of a ``MetricRequest`` applied to blocks of vectors without forming it: the same
/// operator as ``MetricDual``'s dense Gram, as products.
///
/// ```
/// dual·V = Rᵀ·J·(Jᵀ·(R·V)) / c           R = E·𝒫·ℬ (`OutputWeighting`), c = N or 1 (NTK)
/// J = ∂f/∂θ (Fisher, NTK; the weights of layer l for a block) or ∂f/∂h^l (feature metric)
/// Jᵀ·Z by backprop with the output cotangents Z, J·U by forward-mode propagation (`JacobianProducts`)
/// ```
///
/// Every output is contracted before the sweep (the cotangent of column j at sample n is the C-vector
/// `Z_{(·,n),j}`), so one product costs about that of two passes of the network whatever C is:
/// `4·N·Σ_l M_l·M_{l+1}` for the sweeps plus, per layer, `min(2·N²·M_l, 4·N·M_{l−1}·M_l)` for the
/// parameter-gradient round trip, per column. Source: shared/science/karakida.md §3–§6.
///
/// Memory: never anything of size (C·N)², P × P or a Jacobian; one ``apply(_:)`` of b columns needs
/// ``workingBytes(architecture:samples:blockSize:request:)`` beyond the cached forward pass
/// (``cachedBytes(architecture:samples:activations:grams:)``).
public struct MetricOperator: SymmetricOperator, Sendable {
  /// What the operator is the dual of.
  public let request: MetricRequest
  /// The cached forward pass.
  public let forward: ForwardPass
  /// Sizes, normalisation, operator dimension D and rank bound.
  public let shape: DualShape
  /// The softmax weighting ℬ, for softmax output.
  public let softmax: SoftmaxCovariance?
  let weighting: OutputWeighting
  private(set) var jacobian: JacobianProducts
  /// The stored factors, when products take the ``ProductRoute/storedSignals`` route.
  let stored: StoredSignalProducts?

  /// How `J·Jᵀ·Z` is computed.
  public var route: ProductRoute { stored == nil ? .sweeps : .storedSignals }

  /// The dual of `request` for the network and inputs of `forward`.
  ///
  /// - Parameters:
  ///   - request: what to apply; checked with ``MetricRequest/validate(for:)``.
  ///   - forward: a forward pass that kept its activations (`keepActivations: true`), its Grams, or both
  ///     (then each layer takes the cheaper route); the feature metric needs neither.
  ///   - samplesPerChunk: samples per chunk when products are streamed over samples (every layer on the
  ///     parameter route); nil chooses about 16 384 / b, `Int.max` never streams.
  ///   - route: how products are taken; nil: ``preferredRoute(architecture:samples:request:gramsKept:)``.
  /// - Throws: `ConfigurationError` when the request does not fit the architecture, the forward pass
  ///   kept neither activations nor Grams for a parameter metric, or `route` is `.storedSignals` where it
  ///   cannot be taken (the feature metric, or no Grams kept).
  public init(
    request: MetricRequest, forward: ForwardPass, samplesPerChunk: Int? = nil, route: ProductRoute? = nil
  ) throws(ConfigurationError) {
    let arch = forward.network.architecture
    try request.validate(for: arch)
    if request.kind != .featureMetric, forward.activations.isEmpty, forward.activationGrams.isEmpty {
      throw ConfigurationError(
        field: "forward", "a matrix-free parameter metric needs the forward pass's activations or Grams")
    }
    var softmax: SoftmaxCovariance? = nil
    if request.output == .softmax {
      softmax = SoftmaxCovariance(
        logits: request.meanSubtracted ? SampleCentring.centerColumns(forward.logits) : forward.logits)
    }
    let chosen =
      route
      ?? Self.preferredRoute(
        architecture: arch, samples: forward.sampleCount, request: request,
        gramsKept: !forward.activationGrams.isEmpty)
    if chosen == .storedSignals, request.kind == .featureMetric || forward.activationGrams.isEmpty {
      throw ConfigurationError(
        field: "route",
        "products from stored signals need a parameter metric and a forward pass that kept its Grams")
    }
    self.init(
      request: request, forward: forward, softmax: softmax,
      stored: chosen == .storedSignals ? StoredSignalProducts(forward: forward, block: request.layer) : nil)
    jacobian.samplesPerChunk = samplesPerChunk
  }

  /// The operator with an explicit softmax weighting (nil for linear output) and stored factors (nil: the
  /// sweeps).
  init(
    request: MetricRequest, forward: ForwardPass, softmax: SoftmaxCovariance?, stored: StoredSignalProducts?
  ) {
    let arch = forward.network.architecture
    self.request = request
    self.forward = forward
    self.softmax = softmax
    shape = DualShape(request: request, architecture: arch, samples: forward.sampleCount)
    weighting = OutputWeighting(
      samples: forward.sampleCount, outputs: arch.outputs, outputIndex: request.outputIndex,
      centred: request.meanSubtracted, softmax: softmax)
    let scope: JacobianScope =
      request.kind == .featureMetric
      ? .features(layer: request.layer ?? 0) : .parameters(block: request.layer)
    jacobian = JacobianProducts(forward: forward, scope: scope)
    self.stored = stored
  }

  /// `J·Jᵀ·Z` by the operator's route.
  func jacobianGram(_ z: Matrix) -> Matrix {
    stored.map { $0.gramProduct(z) } ?? jacobian.gramProduct(z)
  }

  /// The dual's size C′·N (`SymmetricOperator/dimension`; the metric's own dimension is `shape.dimension`).
  public var dimension: Int { shape.size }

  /// `dual·V` for a block `V` (C′·N × b).
  ///
  /// - Throws: `.dimensionMismatch` when `V` does not have C′·N rows.
  /// - Complexity: see the type; memory ``workingBytes(architecture:samples:blockSize:request:)``.
  public func apply(_ block: Matrix) throws(LinearAlgebraError) -> Matrix {
    guard block.rows == dimension else {
      throw LinearAlgebraError(
        .dimensionMismatch, "the dual has size \(dimension), the block has \(block.rows) rows")
    }
    let y = weighting.pullBack(jacobianGram(weighting.cotangents(block)))
    return shape.scale == 1 ? y : y.scaled(by: 1 / shape.scale)
  }

  /// `K′·X` with `K′ = Eᵀ·J Jᵀ·E`, the Gram before centring, weighting and normalisation (size × b): the
  /// product ``MetricDual``'s mean-gradient contractions and the exact moments need.
  public func gramProduct(_ x: Matrix) -> Matrix {
    weighting.select(jacobianGram(weighting.embed(x)))
  }
}
