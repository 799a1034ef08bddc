// The batched backward pass against central finite differences, and the dual Gram against explicit J Jᵀ.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Backpropagation and dual Gram (brute force)")
struct BackpropagationTests {
  static let cases: [(Activation, Parameterisation)] = [
    (.relu, .standard), (.tanh, .standard), (.erf, .ntk), (.linear, .ntk), (.relu, .ntk), (.tanh, .ntk),
  ]

  /// J assembled from the library's signals D_l and activations H_{l−1}: the quantity under test.
  static func jacobianFromSignals(_ net: Network, _ x: Matrix) throws -> Matrix {
    let fwd = try ForwardPass(network: net, inputs: x, keepActivations: true)
    let arch = net.architecture
    let n = x.rows
    let c = arch.outputs
    let depth = arch.depth
    var signals: [Int: Matrix] = [:]
    signals[depth] = Matrix(rows: c * n, columns: c) { r, k in r / n == k ? 1 : 0 }
    BackwardSignals.visit(fwd) { l, d in signals[l] = d }
    var j = Matrix(rows: c * n, columns: arch.parameterCount)
    var col = 0
    for l in 1...depth {
      let d = signals[l]!
      let h = fwd.activations[l - 1]
      let s = net.weightScale(layer: l)
      let t = net.biasScale(layer: l)
      for i in 0..<arch.widths[l] {
        for jj in 0..<arch.widths[l - 1] {
          for r in 0..<(c * n) { j[r, col] = d[r, i] * s * h[r % n, jj] }
          col += 1
        }
      }
      for i in 0..<arch.widths[l] {
        for r in 0..<(c * n) { j[r, col] = d[r, i] * t }
        col += 1
      }
    }
    return j
  }

  @Test("backprop Jacobian equals central finite differences", arguments: 0..<6)
  func jacobian(caseIndex: Int) throws {
    let (act, param) = Self.cases[caseIndex]
    let (net, x) = try BruteForceOracle.tinyNetwork(act, param)
    let analytic = try Self.jacobianFromSignals(net, x)
    let fd = try BruteForceOracle.parameterJacobian(net, x)
    let err = (analytic - fd).maxAbs / fd.maxAbs
    #expect(err < Tolerance.finiteDifference, "\(act) \(param): relative error \(err)")
  }

  @Test("layer-wise Gram equals explicit J Jᵀ (all parameters and each weight block)", arguments: 0..<6)
  func gram(caseIndex: Int) throws {
    let (act, param) = Self.cases[caseIndex]
    let (net, x) = try BruteForceOracle.tinyNetwork(act, param)
    let fd = try BruteForceOracle.parameterJacobian(net, x)
    let fwd = try ForwardPass(network: net, inputs: x)
    let k = DualGram.parameterGram(fwd)
    let explicit = try fd.multiplied(by: fd, transposingOther: true)
    #expect(
      (k - explicit).frobeniusNorm / explicit.frobeniusNorm < Tolerance.finiteDifferenceNorm,
      "\(act) \(param)")
    // Diagonal blocks: the weight columns of layer l only.
    let widths = net.architecture.widths
    var start = 0
    for l in 1...net.architecture.depth {
      let count = widths[l] * widths[l - 1]
      let jl = Matrix(rows: fd.rows, columns: count) { r, q in fd[r, start + q] }
      let kl = DualGram.parameterGram(fwd, block: l)
      let el = try jl.multiplied(by: jl, transposingOther: true)
      #expect(
        (kl - el).frobeniusNorm / el.frobeniusNorm < Tolerance.finiteDifferenceNorm,
        "block \(l), \(act) \(param)")
      start += count + widths[l]
    }
  }

  @Test("feature-space gradients equal finite differences in h^l", arguments: [0, 1, 2])
  func featureGradients(layer: Int) throws {
    let (net, x) = try BruteForceOracle.tinyNetwork(.tanh, .ntk)
    let fwd = try ForwardPass(network: net, inputs: x)
    let jh = BackwardSignals.featureGradients(fwd, layer: layer)
    let fd = try BruteForceOracle.featureJacobian(net, x, layer: layer)
    #expect((jh - fd).maxAbs / fd.maxAbs < Tolerance.finiteDifference)
  }

  @Test("same seeds give the same Gram; another weight seed gives another")
  func reproducible() throws {
    let (a, x) = try BruteForceOracle.tinyNetwork(.relu, .standard)
    let (b, y) = try BruteForceOracle.tinyNetwork(.relu, .standard)
    let (c, _) = try BruteForceOracle.tinyNetwork(.relu, .standard, seed: 99)
    #expect(a == b && x == y)
    #expect(
      DualGram.parameterGram(try ForwardPass(network: a, inputs: x))
        == DualGram.parameterGram(try ForwardPass(network: b, inputs: y)))
    #expect(a != c)
  }
}
