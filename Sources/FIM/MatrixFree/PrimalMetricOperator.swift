// The metric itself (D × D: the Fisher F, a block F_ll, or A^l) as products, for nets with D < C·N.
import Spectra

/// The primal metric applied to blocks of D-dimensional vectors, never formed:
///
/// ```
/// F·V = Jᵀ·R·Rᵀ·(J·V) / c        R Rᵀ = E𝒫ℬℬᵀ𝒫Eᵀ = E𝒫𝒬𝒫Eᵀ   (`OutputWeighting`)
/// ```
/// with J·V by forward mode and Jᵀ·(·) by backprop through the cached forward pass
/// (`JacobianProducts`). It has the dual's nonzero eigenvalues and is the cheaper operator when
/// D < C′·N (small nets, many samples). The NTK has no primal here (its D is C·N by definition).
/// Source: shared/science/karakida.md §3 (F = R Rᵀ with R the scaled Jacobian), §4, §6.
///
/// Complexity: per column, one forward-mode and one reverse sweep (≈ 8·N·P flops for the Fisher);
/// memory as ``MetricOperator/workingBytes(architecture:samples:blockSize:request:)`` plus D·b.
public struct PrimalMetricOperator: SymmetricOperator, Sendable {
  /// The metric.
  public let request: MetricRequest
  /// Sizes, normalisation and D.
  public let shape: DualShape
  let weighting: OutputWeighting
  let jacobian: JacobianProducts

  /// The primal of `request` for the network and inputs of `forward`.
  ///
  /// - Throws: `ConfigurationError` for an NTK request, a request that does not fit the architecture,
  ///   or a parameter metric on a forward pass without activations (`keepActivations: true`).
  public init(request: MetricRequest, forward: ForwardPass) throws(ConfigurationError) {
    guard request.kind != .ntk else {
      throw ConfigurationError(field: "metric", "the NTK has no primal operator (its dimension is C·N)")
    }
    if request.kind == .fisher, forward.activations.isEmpty {
      throw ConfigurationError(
        field: "forward", "the primal Fisher needs a forward pass that kept its activations")
    }
    let dual = try MetricOperator(request: request, forward: forward)
    self.request = request
    shape = dual.shape
    weighting = dual.weighting
    jacobian = dual.jacobian
  }

  /// D.
  public var dimension: Int { shape.dimension }

  /// `metric·V` for `V` (D × b); vectors are laid out W1 (row-major), b1, W2, b2, … (a block: W_l only).
  ///
  /// - Throws: `.dimensionMismatch` when `V` does not have D rows.
  public func apply(_ block: Matrix) throws(LinearAlgebraError) -> Matrix {
    guard block.rows == dimension else {
      throw LinearAlgebraError(
        .dimensionMismatch, "the metric has dimension \(dimension), the block \(block.rows) rows")
    }
    let outputs = weighting.cotangents(weighting.pullBack(jacobian.jacobianTimes(block)))
    return jacobian.transposedJacobianTimes(outputs).scaled(by: 1 / shape.scale)
  }
}
