// The top of the regression and softmax FIM spectra at one training step, with the softmax bounds from Q(n).
import Spectra

/// λ_max and the top-C mean of `F` (linear output) and `F_cross` (softmax output) at the current parameters,
/// with the softmax bounds re-evaluated from the current softmax covariances.
///
/// ```
/// dual of F        K/N              (C·N × C·N, K = J Jᵀ; ``MetricDual``)
/// dual of F_cross  ℬᵀ (K/N) ℬ       (ℬ: softmax factor of the current logits, ``MetricDual/weightedBySoftmax(logits:)``)
/// theory bounds    α κ₂ M λ_max(Q̄)  ≤  λ_max(F_cross)  ≤  α M [κ₂ λ_max(Q̄) + (κ₁ − κ₂) max_n λ_max(Q(n))/N]
/// exact bound      λ_max(F_cross)  ≤  λ_max(F) · max_n λ_max(Q(n))          (F_cross ⪯ max_n ‖Q(n)‖ · F)
/// ```
///
/// The theory bounds use the mean-field κ₁, κ₂ of the initial architecture (they do not move in the NTK
/// regime) and the *current* Q(n) (``SoftmaxFisherPrediction``). Source: shared/science/karakida.md §3, §4, §9.
///
/// Complexity: the dual Gram (``DualGram``) and two partial eigen-solves of size C·N (dsyevr, top C only);
/// memory 2·(C·N)².
public struct SpectralSnapshot: Sendable, Codable, Equatable {
  /// The training step t.
  public let step: Int
  /// The training loss L(θ_t).
  public let loss: Double
  /// λ_max(F), regression FIM.
  public let fisherLambdaMax: Double
  /// Mean of the top C eigenvalues of F.
  public let fisherTopMean: Double
  /// λ_max(F_cross), softmax FIM.
  public let softmaxLambdaMax: Double
  /// Mean of the top C eigenvalues of F_cross.
  public let softmaxTopMean: Double
  /// `max_n λ_max(Q(n))` of the current softmax outputs.
  public let largestCovarianceEigenvalue: Double
  /// The rigorous upper bound `λ_max(F) · max_n λ_max(Q(n))`.
  public let softmaxExactUpperBound: Double
  /// The mean-field lower bound `α κ₂ M λ_max(Q̄)`, or `nil` without a theory reference.
  public let softmaxLowerBound: Double?
  /// The mean-field upper bound, or `nil` without a theory reference.
  public let softmaxUpperBound: Double?

  /// The snapshot of the network in `forward` at step `step`.
  ///
  /// - Parameters:
  ///   - step: the step t (recorded).
  ///   - loss: L(θ_t) (recorded).
  ///   - forward: the forward pass at θ_t.
  ///   - theory: the mean-field reference for the bounds, or `nil`.
  /// - Throws: `LinearAlgebraError` when the eigen-solver fails.
  public init(step: Int, loss: Double, forward: ForwardPass, theory: TrainingTheory?)
    throws(LinearAlgebraError)
  {
    let n = forward.sampleCount
    let c = forward.outputCount
    let fisherDual: MetricDual
    do { fisherDual = try MetricDual(request: .fisher(), forward: forward) } catch {
      preconditionFailure("the full Fisher fits every architecture: \(error)")
    }
    let top = try fisherDual.top(c).eigenvalues
    let softmaxDual = fisherDual.weightedBySoftmax(logits: forward.logits)
    let softmax = softmaxDual.weighting!
    let topSoftmax = try softmaxDual.top(c).eigenvalues
    var largestQ = 0.0
    for s in 0..<n {
      let q = try SymmetricEigen(softmax.covariance(sample: s)).eigenvalues
      largestQ = max(largestQ, q.last ?? 0)
    }
    self.step = step
    self.loss = loss
    fisherLambdaMax = top.last!
    fisherTopMean = top.reduce(0, +) / Double(top.count)
    softmaxLambdaMax = topSoftmax.last!
    softmaxTopMean = topSoftmax.reduce(0, +) / Double(topSoftmax.count)
    largestCovarianceEigenvalue = largestQ
    softmaxExactUpperBound = fisherLambdaMax * largestQ
    let bounds = theory?.softmaxBounds(logits: forward.logits)
    softmaxLowerBound = bounds?.lower
    softmaxUpperBound = bounds?.upper
  }
}
