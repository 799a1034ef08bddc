// Distributed Hutch++ on R in-process ranks: exact on low-rank operators, the same for every R, and
// within its standard error of the true trace.
import Spectra
import TestSupport
import Testing

@Suite("Distributed Hutch++")
struct DistributedTraceEstimationTests {
  @Test(
    "rank 5 < sketch 6: tr A and tr A² exact (1e-10) with zero standard error, on 1…4 ranks",
    arguments: [1, 2, 3, 4])
  func exactOnLowRank(ranks: Int) throws {
    let values = [4.0, 3, 2, 1, 0.5] + [Double](repeating: 0, count: 55)
    let a = try DistributedBlockLanczosTests.matrix(values, seed: 21)
    let trace = values.reduce(0, +)
    let squares = values.reduce(0) { $0 + $1 * $1 }
    for (target, want) in [(TraceTarget.trace, trace), (.traceOfSquare, squares)] {
      let results = try ThreadedCommunicator.run(ranks: ranks) { comm in
        try DistributedTraceEstimation.hutchPlusPlus(
          RowSplitDenseOperator(matrix: a, communicator: comm), target: target, matrixVectorBudget: 18,
          seed: 3)
      }
      for r in results {
        #expect(abs(r.value - want) <= 1e-10 * want, "\(target): \(r.value) vs \(want)")
        #expect(r.standardError <= 1e-10 * want)
        #expect(r.value == results[0].value, "every rank returns the same bits")
      }
    }
  }

  @Test("full rank: 1…4 ranks agree to 1e-12 and the estimate is within 4 standard errors")
  func sameForEveryRankCount() throws {
    let values = (0..<80).map { 1 / Double($0 + 1) }
    let a = try DistributedBlockLanczosTests.matrix(values, seed: 8)
    let trace = values.reduce(0, +)
    var first: Double? = nil
    for ranks in 1...4 {
      let r = try ThreadedCommunicator.run(ranks: ranks) { comm in
        try DistributedTraceEstimation.hutchPlusPlus(
          RowSplitDenseOperator(matrix: a, communicator: comm), matrixVectorBudget: 24, seed: 9)
      }[0]
      #expect(r.matrixVectorProducts == 24)
      #expect(r.standardError > 0 && abs(r.value - trace) <= 4 * r.standardError, "\(r.value) vs \(trace)")
      if let first { #expect(abs(r.value - first) <= 1e-12 * trace, "R = \(ranks)") } else { first = r.value }
    }
    #expect(throws: LinearAlgebraError.self) {
      _ = try ThreadedCommunicator.run(ranks: 1) { comm in
        try DistributedTraceEstimation.hutchPlusPlus(
          RowSplitDenseOperator(matrix: a, communicator: comm), matrixVectorBudget: 5)
      }
    }
  }
}
