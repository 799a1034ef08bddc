// Shared fixtures of the matrix-free tests: tiny networks, forward passes with each cache, dense duals.
import FIM
import Spectra
import TestSupport

/// Tiny networks and their dense references for the matrix-free tests.
enum MatrixFreeFixtures {
  /// What a forward pass caches, which decides the route of `H Hᵀ Δ` in the operator.
  enum Cache: CaseIterable {
    /// Activations only: every layer takes the parameter-space route `H·(Hᵀ·Δ)`.
    case activations
    /// Grams only: every layer takes the sample-space route `G·Δ`.
    case grams
    /// Both: each layer picks the cheaper route.
    case both
  }

  /// The tiny network of ``BruteForceOracle`` (widths [6, 9, 7, 3], N = 5) with `activation`.
  static func network(_ activation: Activation, _ parameterisation: Parameterisation, samples: Int = 5)
    throws -> (Network, Matrix)
  {
    try BruteForceOracle.tinyNetwork(activation, parameterisation, samples: samples)
  }

  /// A forward pass keeping what `cache` names.
  static func forward(_ net: Network, _ x: Matrix, _ cache: Cache) throws -> ForwardPass {
    try ForwardPass(
      network: net, inputs: x, keepActivations: cache != .grams, keepGrams: cache != .activations)
  }

  /// The dense dual Gram of `request` (``MetricDual`` with `.gram`).
  static func denseDual(_ request: MetricRequest, _ net: Network, _ x: Matrix) throws -> Matrix {
    let dual = try MetricDual(request: request, forward: ForwardPass(network: net, inputs: x))
    guard case .gram(let g) = dual.representation else { fatalError("expected a dense dual") }
    return g
  }

  /// `max |A − B| / max(max |B|, scale)`: relative to B, or to `scale` where B vanishes (a centred
  /// metric of the last hidden layer, whose h-gradients are the same for every sample, is exactly 0).
  static func relativeDifference(_ a: Matrix, _ b: Matrix, scale: Double = 0) -> Double {
    (a - b).maxAbs / max(b.maxAbs, scale)
  }
}
