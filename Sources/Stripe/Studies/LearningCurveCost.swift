// Peak-memory and wall-time estimates of one learning-curve task, computed from the sizes before any work.
import Foundation
import Spectra

/// What one learning-curve task will need, estimated from p, p_te, h and d before anything is allocated.
///
/// Peak memory (8-byte doubles; the largest live set of each phase, summed over phases that overlap, so an
/// upper bound rather than a typical value):
/// ```
/// kernel only:  4p²            NTK Gram: A Aᵀ, D Dᵀ, X Xᵀ/d and the combined copy (p × p each)
///             + 4·p_te·p       cross kernel, the same four products (p_te × p)
///             + 5·(p + p_te)·h pre-activations Z, σ(Z), σ'(Z) and the features A, D
///             + (p + p_te)·d   inputs
/// full:         6p²            the above while the final Gram and the init Gram of the kernel set live
///             + 4·p_te·p + 6·(p + p_te)·h + (2p + p_te)·d    (network flow: Z, σ, σ', gradients)
/// ```
/// Wall time: the Gram and cross kernels by their flops (2p²h per Gram, 4·p·p_te·h per cross kernel) at
/// `gramRate` (flop/s, measured by the caller on this machine); the hinge flows by power laws fitted to the
/// reduced study (`spectra reproduce --only stripe`, d = 5, h = 1000, p = 128…2048, 3 seeds, 2 cores,
/// quiet Xeon, field-outputs step rule and fused passes of 2026-11-30):
/// ```
/// kernel flow   t ≈ 1.7 s · (p/2048)^2.9             (event-driven; measured slope 2.9 from 1024 to 2048)
/// network flow  t ≈ 45 s · (p/2048)^1.4 · (h/1000)   (feature regime α√h = 10⁻²; 1.2 s at p = 128)
/// lazy network  t ≈ 20 s · (p/2048)^2.4 · (h/1000)   (α√h = 10⁴, when the study trains it; 3 seeds to
///                                                     p = 4096, machine shared: 5.5 s at 1024, 90–314 s
///                                                     at 4096 — the margin's sliding set grows with p)
/// ```
/// Both flow laws are extrapolations beyond p = 2048 and are labelled so in every message.
///
/// Source: issue 17 ("memory estimates for train and stripe commands"), issue 18 ("per-task memory and
/// time estimates"); formulas from LearningCurveStudy.run and NeuralTangentKernel.gram.
public struct LearningCurveCost: Sendable, Equatable, Codable {
  /// Estimated peak resident memory.
  public let peak: ByteCount
  /// The terms of ``peak``, in words.
  public let breakdown: String
  /// Estimated wall seconds.
  public let seconds: Double

  /// The cost of `task` under `c`; `gramRate` is the measured flop rate of the NTK Gram (flop/s).
  public static func estimate(_ c: LearningCurveConfiguration, task: LearningCurveTask, gramRate: Double)
    -> LearningCurveCost
  {
    let p = task.size
    let t = c.testCount
    let h = c.width
    let d = c.dimension
    let pp = ByteCount.doubles(p, p)
    let cross = ByteCount.doubles(t, p)
    let features = ByteCount.doubles(p, h) + ByteCount.doubles(t, h)
    let inputs = ByteCount.doubles(2 * p + t, d)
    let kernels = pp * (task.kernelOnly ? 4 : 6)
    let hidden = features * (task.kernelOnly ? 5 : 6)
    let peak = kernels + cross * 4 + hidden + inputs
    let breakdown =
      "\(task.kernelOnly ? 4 : 6) × p×p = \(kernels), 4 × p_te×p = \(cross * 4), "
      + "\(task.kernelOnly ? 5 : 6) × (p + p_te)×h = \(hidden)"
    let rate = gramRate > 0 && gramRate.isFinite ? gramRate : 1e10
    let gramFlops = 2 * Double(p) * Double(p) * Double(h) * (task.kernelOnly ? 1 : 3)
    let crossFlops = 4 * Double(p) * Double(t) * Double(h) * (task.kernelOnly ? 1 : 2)
    let scale = Double(p) / 2048
    var seconds = (gramFlops + crossFlops) / rate + 1.7 * pow(scale, 2.9) * (task.kernelOnly ? 1 : 2)
    if !task.kernelOnly {
      seconds += 45 * pow(scale, 1.4) * Double(h) / 1000
      if c.lazyAlphaSqrtH != nil { seconds += 20 * pow(scale, 2.4) * Double(h) / 1000 }
    }
    return LearningCurveCost(peak: peak, breakdown: breakdown, seconds: seconds)
  }

  /// The flop rate of the NTK Gram on this machine: one Gram of 512 Gaussian inputs at width `h` and
  /// dimension `d`, timed (2·512²·h flops over the elapsed seconds).
  ///
  /// - Complexity: one 512 × 512 Gram (about 0.5 GFlop at h = 1000).
  public static func measureGramRate(width h: Int, dimension d: Int) -> Double {
    let p = 512
    guard
      let net = try? ShallowNetwork.initial(width: h, dimension: d, stream: RandomStream(seed: 7)),
      let x = try? LabelledInputs.gaussian(
        task: .stripe, count: p, dimension: d, stream: RandomStream(seed: 8))
    else { return 0 }
    let start = Date()
    let k = NeuralTangentKernel.gram(net, x.inputs)
    let elapsed = max(Date().timeIntervalSince(start), 1e-6)
    return k.rows == p ? 2 * Double(p * p) * Double(h) / elapsed : 0
  }
}
