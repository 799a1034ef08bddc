// The closed-form softmax factor against the symmetric square root from an explicit eigen-decomposition.
import FIM
import Spectra
import TestSupport
import Testing

@Suite("Softmax covariance factor")
struct SoftmaxCovarianceTests {
  static func logits(samples n: Int, outputs c: Int, seed: UInt64) -> Matrix {
    RandomStream(seed: seed).gaussianMatrix(rows: n, columns: c, standardDeviation: 2.385)
  }

  /// Q(n)^{1/2} = V diag(√max(λ, 0)) Vᵀ from SymmetricEigen: the independent oracle.
  static func symmetricRoot(_ q: Matrix) throws -> Matrix {
    let eig = try SymmetricEigen(q, vectors: true)
    let v = try #require(eig.eigenvectors)
    let d = Matrix.diagonal(eig.eigenvalues.map { max($0, 0).squareRoot() })
    return try v.multiplied(by: d).multiplied(by: v, transposingOther: true)
  }

  @Test("ℬ_n ℬ_nᵀ = Q(n) and rows of g sum to 1", arguments: [2, 3, 10])
  func factor(outputs c: Int) throws {
    let s = SoftmaxCovariance(logits: Self.logits(samples: 6, outputs: c, seed: 41))
    for n in 0..<6 {
      #expect(isClose(s.probabilities.row(n).reduce(0, +), 1, absolute: Tolerance.closedForm))
      let b = s.factor(sample: n)
      let q = s.covariance(sample: n)
      let bbt = try b.multiplied(by: b, transposingOther: true)
      #expect((bbt - q).maxAbs < Tolerance.fewOperations)
      let root = try Self.symmetricRoot(q)
      let rr = try root.multiplied(by: root)
      #expect((rr - q).maxAbs < Tolerance.closedForm)
    }
  }

  @Test(
    "ℬᵀKℬ has the spectrum of 𝒬^{1/2}K𝒬^{1/2} (explicit eigen-decomposition of each Q(n))",
    arguments: [3, 10])
  func spectrum(outputs c: Int) throws {
    let n = 7
    let s = SoftmaxCovariance(logits: Self.logits(samples: n, outputs: c, seed: 5))
    let a = RandomStream(seed: 77).gaussianMatrix(rows: c * n, columns: c * n + 3)
    let k = a.gram()
    var transformed = k
    s.transform(&transformed)
    // Explicit 𝒬^{1/2} in the output-major index (k, n) ↦ k·N + n.
    var root = Matrix(rows: c * n, columns: c * n)
    for sample in 0..<n {
      let r = try Self.symmetricRoot(s.covariance(sample: sample))
      for i in 0..<c { for j in 0..<c { root[i * n + sample, j * n + sample] = r[i, j] } }
    }
    let explicit = try root.multiplied(by: k).multiplied(by: root)
    let e1 = try SymmetricEigen(transformed).eigenvalues
    let e2 = try SymmetricEigen((explicit + explicit.transposed).scaled(by: 0.5)).eigenvalues
    let scale = e2.last!
    for (x, y) in zip(e1, e2) { #expect(isClose(x, y, absolute: Tolerance.reduction * scale)) }
    // The vector form agrees with the matrix form.
    let x = (0..<(c * n)).map { Double($0 % 5) - 1.7 }
    let y = s.transposedFactorTimes(x)
    for sample in 0..<n {
      let b = s.factor(sample: sample)
      for i in 0..<c {
        let expected = (0..<c).reduce(0) { $0 + b[$1, i] * x[$1 * n + sample] }
        #expect(isClose(y[i * n + sample], expected, absolute: Tolerance.closedForm))
      }
    }
  }
}
