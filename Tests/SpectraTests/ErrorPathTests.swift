// Every public error path of the spectral layer, each with a message that names the problem.
import Spectra
import TestSupport
import Testing

@Suite("Error paths")
struct ErrorPathTests {
  @Test("a non-square matrix")
  func nonSquare() {
    expectError(.dimensionMismatch, mentioning: ["square", "3×4"]) {
      _ = try SymmetricEigen(Matrix(rows: 3, columns: 4))
    }
    expectError(.dimensionMismatch, mentioning: ["square", "2×3"]) {
      _ = try SpectralStatistics.moments(ofDualGram: Matrix(rows: 2, columns: 3), dimension: 10)
    }
  }

  @Test("NaN input")
  func nan() {
    var m = Matrix.identity(3)
    m[1, 0] = .nan
    expectError(.nonFinite, mentioning: ["(1, 0)", "nan"]) { _ = try SymmetricEigen(m) }
    expectError(.nonFinite, mentioning: ["eigenvalue 1", "nan"]) {
      _ = try SpectralStatistics(eigenvalues: [1, .nan], dimension: 4)
    }
    expectError(.nonFinite, mentioning: ["eigenvalue 0", "nan"]) {
      _ = try SpectralHistogram(eigenvalues: [.nan], binning: .linear(lower: 0, upper: 1, bins: 2))
    }
    expectError(.nonFinite, mentioning: ["sample value 2"]) {
      _ = try SampleQuantile.of([1, 2, .infinity], probability: 0.5)
    }
  }

  @Test("an empty spectrum")
  func empty() {
    expectError(.invalidInput, mentioning: ["empty spectrum"]) {
      _ = try SpectralStatistics(eigenvalues: [], dimension: 4)
    }
    expectError(.invalidInput, mentioning: ["empty spectrum"]) {
      _ = try SpectralHistogram(eigenvalues: [], binning: .logarithmic(lower: 1, upper: 2, bins: 2))
    }
    expectError(.invalidInput, mentioning: ["empty spectrum"]) {
      _ = try KolmogorovSmirnov.distance(of: [], to: try WignerSemicircle(radius: 2))
    }
    expectError(.invalidInput, mentioning: ["empty sample"]) {
      _ = try SampleQuantile.of([], probability: 0.5)
    }
  }

  @Test("a bad bin range")
  func badBins() {
    expectError(.invalidInput, mentioning: ["bad bin range", "lower = 1.0", "upper = 1.0"]) {
      _ = try HistogramBinning.linear(lower: 1, upper: 1, bins: 3).edges()
    }
    expectError(.invalidInput, mentioning: ["logarithmic", "lower = -1.0"]) {
      _ = try HistogramBinning.logarithmic(lower: -1, upper: 1, bins: 3).edges()
    }
    expectError(.invalidInput, mentioning: ["at least one bin", "bins = -2"]) {
      _ = try HistogramBinning.logarithmic(lower: 1, upper: 10, bins: -2).edges()
    }
    expectError(.invalidInput, mentioning: ["finite"]) {
      _ = try HistogramBinning.linear(lower: 0, upper: .infinity, bins: 3).edges()
    }
  }

  @Test("quadrature and quantile arguments")
  func numerics() {
    expectError(.invalidInput, mentioning: ["limits must be finite"]) {
      _ = try Quadrature.integrate(from: 0, to: .infinity) { $0 }
    }
    expectError(.invalidInput, mentioning: ["probability", "1.2"]) {
      _ = try SampleQuantile.of([1, 2], probability: 1.2)
    }
  }
}
