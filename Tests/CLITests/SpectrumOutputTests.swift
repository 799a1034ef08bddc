// The density.csv of `spectrum --out`: linear and log bins span the same nonzero eigenvalues.
import Spectra
import Testing

@testable import CLI

@Suite("spectrum --out density")
struct SpectrumOutputTests {
  /// Two exact zeros beyond the dual, one numerical zero and four positive eigenvalues in [1, 4].
  static let dual = [1e-14, 1, 2, 3, 4]

  @Test(
    "linear and log bins both start at the smallest positive eigenvalue and end at the largest",
    arguments: [DensityBinning.linear, .log])
  func lowerEdge(binning: DensityBinning) throws {
    let h = try SpectrumOutput.histogram(Self.dual, dimension: 7, bins: 3, binning: binning)
    #expect(h.bins.first?.lower == 1)
    #expect(abs((h.bins.last?.upper ?? 0) - 4) <= 1e-12)
    #expect(h.zeroMode.count == 3)
    #expect(h.bins.reduce(0) { $0 + $1.count } == 4)
  }
}
