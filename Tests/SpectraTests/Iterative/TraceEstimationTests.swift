// Hutchinson and Hutch++ against exact traces (within 3 standard errors over seeds), and Hutch++'s
// smaller error on a matrix dominated by a few large eigenvalues.
import Spectra
import Testing

@Suite("Trace estimation")
struct TraceEstimationTests {
  static let matrix = try! IterativeFixtures.wishartWithOutliers(
    dimension: 300, samples: 600, outliers: 10, outlier: 25, seed: 4)
  static let op = try! DenseSymmetricOperator(matrix)
  static let exact: [TraceTarget: Double] = [
    .trace: matrix.trace, .traceOfSquare: matrix.frobeniusNorm * matrix.frobeniusNorm,
  ]

  @Test("Girard–Hutchinson within 3 SE", arguments: TraceTarget.allCases, 0..<5 as Range<UInt64>)
  func hutchinson(target: TraceTarget, seed: UInt64) throws {
    let e = try TraceEstimation.hutchinson(Self.op, target: target, samples: 60, seed: seed)
    #expect(abs(e.value - Self.exact[target]!) <= 3 * e.standardError, "\(e)")
    #expect(e.matrixVectorProducts == 60)
  }

  @Test("Hutch++ within 3 SE", arguments: TraceTarget.allCases, 0..<5 as Range<UInt64>)
  func hutchPlusPlus(target: TraceTarget, seed: UInt64) throws {
    let e = try TraceEstimation.hutchPlusPlus(Self.op, target: target, matrixVectorBudget: 60, seed: seed)
    #expect(abs(e.value - Self.exact[target]!) <= 3 * e.standardError, "\(e)")
  }

  @Test("Hutch++ beats Hutchinson on tr(A²) when 10 outliers dominate")
  func hutchPlusPlusIsSharper() throws {
    let plain = try TraceEstimation.hutchinson(Self.op, target: .traceOfSquare, samples: 60, seed: 1)
    let plus = try TraceEstimation.hutchPlusPlus(
      Self.op, target: .traceOfSquare, matrixVectorBudget: 60, seed: 1)
    #expect(plus.standardError < 0.2 * plain.standardError)
    #expect(
      abs(plus.value - Self.exact[.traceOfSquare]!) < abs(plain.value - Self.exact[.traceOfSquare]!)
        + plain.standardError)
  }
}
