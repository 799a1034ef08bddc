import FIM
import Foundation
import Spectra
import Testing

@Suite("BulkExplore")
struct BulkExploreTests {
  @Test func explore() throws {
    let env = ProcessInfo.processInfo.environment
    let depth = Int(env["BX_DEPTH"] ?? "2")!
    let outs = Int(env["BX_C"] ?? "1")!
    let metric = env["BX_METRIC"] ?? "fisher"
    let param: Parameterisation = (env["BX_PARAM"] ?? "standard") == "ntk" ? .ntk : .standard
    for (act, sw, sb) in [(Activation.relu, 2.0, 0.1), (Activation.tanh, 3.0, 0.64), (Activation.erf, 2.0, 0.2), (Activation.tanh, 1.0, 0.0)] {
      for m in [200, 400, 800, 1600] {
        let n = m / 2
        let arch = try NetworkArchitecture(inputWidth: m, width: m, depth: depth, outputs: outs, activation: act, sigmaW2: sw, sigmaB2: sb, parameterisation: param)
        let net = Network.sample(arch, seed: 3)
        let x = try GaussianInputs.sample(samples: n, width: m, seed: 4)
        let req = try MetricRequest(name: metric)
        let t0 = Date()
        let spec = try MetricSpectrum(network: net, inputs: x, request: req, overlaps: false)
        let pred = try BulkPrediction(architecture: arch, samples: n, request: req)
        let t1 = Date()
        let cmp = try BulkComparison(eigenvalues: spec.eigenvalues, prediction: pred)
        let t2 = Date()
        let e = spec.eigenvalues.sorted()
        print("\(act.rawValue) L=\(depth) C=\(outs) M=\(m) KS=\(cmp.kolmogorovSmirnov) W1rel=\(cmp.relativeWasserstein1) supp=\(cmp.law.support) meas=[\(e[0]), \(e[e.count-1-cmp.removedOutliers])] out=\(cmp.removedOutliers) mass=\(cmp.law.rawMass) exact=\(pred.isLeadingOrderExact) tspec=\(t1.timeIntervalSince(t0)) tlaw=\(t2.timeIntervalSince(t1))")
      }
    }
  }
}
@Suite("BulkDebug")
struct BulkDebugTests {
  @Test func debug() throws {
    let arch = try NetworkArchitecture(inputWidth: 800, width: 800, depth: 2, outputs: 1, activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    let pred = try BulkPrediction(architecture: arch, samples: 400, request: try MetricRequest(name: "fisher"))
    print("beta", pred.coefficients, "shift", pred.shift, "chain", pred.chain.levels, pred.bracket)
    let law = try pred.law()
    for i in stride(from: 0, to: law.grid.count, by: 40) { print(law.grid[i], law.densities[i]) }
  }
}
