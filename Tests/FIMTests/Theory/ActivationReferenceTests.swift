// Every activation's order parameters and NTK constants against neural-tangents' infinite-width kernels.
import FIM
import Foundation
import Testing

/// Compares q̂ˡ, q₁ᴸ, q₂ᴸ, κ′₁ and κ′₂ with the committed references of
/// `References/make_activation_references.py` (neural-tangents 0.6.5 stax kernels; scipy for kinked φ
/// without a stax closed form):
/// ```
/// q̂₁ˡ, q̂₂ˡ = NNGP(x, x), NNGP(x, x′) of the prefix ending with the l-th activation
/// q₁ᴸ, q₂ᴸ = NNGP of the network,   κ′₁ = Θ∞(x, x),   κ′₂ = Θ∞(x, x′)   (NTK parameterisation)
/// ```
/// The tolerance is the reference's own, relative (1e-10 for closed forms, ten times the drift between
/// degree n and n/2 for stax's numerical layer, 1e-8 for scipy), plus 100 times our absolute quadrature
/// error estimate (per integral; the factor covers its propagation through L layers).
///
/// Source: `shared/science/karakida.md` §2 and §5; neural-tangents `_src/stax/elementwise.py`.
@Suite("Theory: every activation against neural-tangents' kernels")
struct ActivationReferenceTests {
  struct Record: Decodable {
    let activation: String
    let sigma_w2: Double
    let sigma_b2: Double
    let depth: Int
    let rho: Double
    let qhat1: [Double]
    let qhat2: [Double]
    let q1_last: Double
    let q2_last: Double
    let kappa1_ntk: Double
    let kappa2_ntk: Double
    let source: String
    let tolerance: Double
  }

  static func records() throws -> [Record] {
    struct File: Decodable { let records: [Record] }
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("References/activation_references.json")
    return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).records
  }

  /// Ours and the reference for every compared quantity, and our quadrature error estimate.
  static func values(_ r: Record) throws -> (ours: [Double], reference: [Double], estimate: Double) {
    let network = try MeanFieldNetwork(
      depth: r.depth, activation: try Activation(named: r.activation), sigmaW2: r.sigma_w2,
      sigmaB2: r.sigma_b2, inputs: try InputMoments(secondMoment: 1, crossMoment: r.rho))
    let p = try OrderParameters(network)
    let k = MeanFieldConstants(p)
    let ours = p.qHat1 + p.qHat2 + [p.logitVariance, p.logitCovariance, k.kappa1NTK, k.kappa2NTK]
    let reference = r.qhat1 + r.qhat2 + [r.q1_last, r.q2_last, r.kappa1_ntk, r.kappa2_ntk]
    #expect(ours.count == reference.count)
    return (ours, reference, p.integrationErrorEstimate)
  }

  @Test("every family in the catalogue has references")
  func coverage() throws {
    let covered = Set(try Self.records().map { $0.activation.split(separator: ":")[0] })
    for family in Activation.families { #expect(covered.contains(Substring(family.name)), "\(family.name)") }
  }

  @Test("q̂, q₁ᴸ, q₂ᴸ, κ′₁, κ′₂ agree with the references within their tolerances")
  func agreement() throws {
    var largest: [String: Double] = [:]
    for r in try Self.records() {
      let (ours, reference, estimate) = try Self.values(r)
      for (a, b) in zip(ours, reference) {
        largest[r.activation] = max(largest[r.activation] ?? 0, abs(a - b) / max(abs(b), 1e-300))
        #expect(
          abs(a - b) <= r.tolerance * abs(b) + 100 * estimate,
          "\(r.activation) (σ_w² \(r.sigma_w2), σ_b² \(r.sigma_b2), L \(r.depth), ρ \(r.rho)): \(a) vs \(b) (\(r.source))"
        )
      }
    }
    for (name, d) in largest.sorted(by: { $0.key < $1.key }) {
      print("activation reference: \(name) largest relative difference \(d)")
    }
  }
}
