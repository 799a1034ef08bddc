// First-layer weight RMS per input coordinate and the compression (amplification) factor λ.
import Spectra

/// Per-coordinate first-layer weight magnitudes and the compression factor λ of a network.
///
/// ```
/// w_j  = sqrt( (1/h) Σ_n ω_nj² )                 (each input coordinate j)
/// Δw_j = sqrt( (1/h) Σ_n (ω_nj − ω_nj(0))² )
/// λ    = RMS_{j ≤ d_∥} w_j / mean_{j > d_∥} w_j   (stripe: λ = w_1 / mean_{j≥2} w_j)
/// ```
/// λ = 1 on average at initialisation; λ ~ √p at the end of feature training. With no perpendicular
/// coordinate (d_∥ = d, e.g. the cylinder at d = 2) λ is undefined and reported as NaN.
///
/// Source: shared/science/stripe.md §3.1–3.2
public struct CompressionMeasures: Sendable, Equatable, Codable {
  /// w_j for j = 1…d.
  public let coordinateRMS: [Double]
  /// Δw_j for j = 1…d.
  public let coordinateChangeRMS: [Double]
  /// RMS of β.
  public let betaRMS: Double
  /// RMS of β − β(0).
  public let betaChangeRMS: Double
  /// RMS of b.
  public let biasRMS: Double
  /// RMS of b − b(0).
  public let biasChangeRMS: Double
  /// The compression factor λ.
  public let compression: Double

  /// Measures `network` against its initial state `initial` with `informative` leading coordinates.
  ///
  /// - Precondition: same shapes, `1 ≤ informative ≤ d`.
  public init(network: ShallowNetwork, initial: ShallowNetwork, informative: Int) {
    let h = network.width
    let d = network.dimension
    precondition(informative >= 1 && informative <= d, "need 1 ≤ d_∥ ≤ d")
    let w = network.omega.elements
    let w0 = initial.omega.elements
    var rms = [Double](repeating: 0, count: d)
    var drms = [Double](repeating: 0, count: d)
    for j in 0..<d {
      var s = 0.0
      var ds = 0.0
      for n in 0..<h {
        let v = w[n + j * h]
        let dv = v - w0[n + j * h]
        s += v * v
        ds += dv * dv
      }
      rms[j] = (s / Double(h)).squareRoot()
      drms[j] = (ds / Double(h)).squareRoot()
    }
    coordinateRMS = rms
    coordinateChangeRMS = drms
    func rmsOf(_ a: [Double]) -> Double { (a.reduce(0) { $0 + $1 * $1 } / Double(a.count)).squareRoot() }
    betaRMS = rmsOf(network.beta)
    betaChangeRMS = rmsOf(zip(network.beta, initial.beta).map { $0 - $1 })
    biasRMS = rmsOf(network.bias)
    biasChangeRMS = rmsOf(zip(network.bias, initial.bias).map { $0 - $1 })
    let parallel = rmsOf(Array(rms[0..<informative]))
    if informative < d {
      let perpendicular = rms[informative...].reduce(0, +) / Double(d - informative)
      compression = parallel / perpendicular
    } else {
      compression = .nan
    }
  }
}
