import Foundation
import Spectra
// NTK Gram by GEMMs against a brute-force finite-difference Jacobian Gram, and against the arc-cosine limit.
import Stripe
import Testing

@Suite("Stripe NTK")
struct StripeNeuralTangentKernelTests {
  @Test("GEMM Gram equals the brute-force parameter-gradient Gram J·Jᵀ on a tiny net")
  func bruteForce() throws {
    let net = try ShallowNetwork.initial(
      width: 5, dimension: 3, biasScale: 0.7, biasVariance: 1.4, stream: RandomStream(seed: 31))
    let x = RandomStream(seed: 32).gaussianMatrix(rows: 6, columns: 3, standardDeviation: 2.385)
    let w = net.flatParameters
    let eps = 1e-6
    var jac = Matrix(rows: 6, columns: w.count)
    for i in w.indices {
      var wp = w
      var wm = w
      wp[i] += eps
      wm[i] -= eps
      let fp = net.with(flatParameters: wp).outputs(x)
      let fm = net.with(flatParameters: wm).outputs(x)
      for mu in 0..<6 { jac[mu, i] = (fp[mu] - fm[mu]) / (2 * eps) }
    }
    let brute = jac.gram()
    let k = NeuralTangentKernel.gram(net, x)
    #expect((k - brute).maxAbs < 1e-8 * max(1, brute.maxAbs), "max difference \((k - brute).maxAbs)")
    let c = NeuralTangentKernel.cross(net, x, x)
    #expect((c - k).maxAbs < 1e-12)
    // The conjugate kernel is the β-block of the Jacobian Gram.
    let hd = 5 * 3
    let jb = Matrix(rows: 6, columns: 5) { i, j in jac[i, hd + j] }
    #expect((NeuralTangentKernel.gram(net, x, parameters: .outputLayer) - jb.gram()).maxAbs < 1e-8)
  }

  @Test("h·Θ approaches the arc-cosine limit, error shrinking like 1/√h")
  func infiniteWidth() throws {
    let x = RandomStream(seed: 41).gaussianMatrix(rows: 4, columns: 5)
    func error(_ h: Int) throws -> Double {
      var worst = 0.0
      for s in 0..<3 {
        let net = try ShallowNetwork.initial(
          width: h, dimension: 5, stream: RandomStream(seed: 100 + UInt64(s)))
        let k = NeuralTangentKernel.gram(net, x).scaled(by: Double(h))
        for i in 0..<4 {
          for j in 0..<4 {
            let limit = NeuralTangentKernel.infiniteWidth(x.row(i), x.row(j), biasScale: 1, biasVariance: 1)
            worst += abs(k[i, j] - limit) / 48
          }
        }
      }
      return worst
    }
    let e1 = try error(100)
    let e2 = try error(10_000)
    // 1/√h predicts a factor 10; accept anything above 4.
    #expect(e2 < e1 / 4, "errors \(e1) at h = 100 and \(e2) at h = 10⁴")
    #expect(e2 < 0.05)
  }
}
