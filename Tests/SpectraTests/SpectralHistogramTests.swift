// Histograms: density normalisation, log bins, the zero mode as a point mass, CSV output, bad input.
import Foundation
import Spectra
import TestSupport
import Testing

@Suite("Spectral histogram")
struct SpectralHistogramTests {
  static let values: [Double] = RandomStream(seed: 2385).gaussians(5000).map { exp($0) }  // log-normal, > 0

  @Test("Σ density·width = fraction in bins; zero mode + bins + out of range = 1")
  func normalisation() throws {
    let h = try SpectralHistogram(
      eigenvalues: Self.values, exactZeros: 1234, binning: .linear(lower: 0.2, upper: 4.0, bins: 37))
    let n = Double(Self.values.count + 1234)
    let inBins = h.bins.reduce(0) { $0 + $1.count }
    let integral = h.bins.reduce(0) { $0 + $1.density * $1.width }
    #expect(isClose(integral, Double(inBins) / n, absolute: Tolerance.reduction))
    #expect(isClose(integral, h.massInBins, absolute: Tolerance.reduction))
    #expect(h.zeroMode.count == 1234)
    #expect(isClose(h.zeroMode.weight, 1234 / n, absolute: Tolerance.fewOperations))
    let outside = Self.values.filter { $0 < 0.2 || $0 > 4.0 }.count
    #expect(h.belowRange + h.aboveRange == outside)
    #expect(inBins + outside == Self.values.count)
    #expect(isClose(h.zeroMode.weight + h.massInBins + Double(outside) / n, 1, absolute: Tolerance.reduction))
    // Counts agree with a direct count.
    for b in h.bins.dropLast() {
      #expect(b.count == Self.values.filter { $0 >= b.lower && $0 < b.upper }.count)
    }
  }

  @Test("logarithmic bins: geometric edges and centres, equal log widths")
  func logBins() throws {
    let h = try SpectralHistogram(
      eigenvalues: Self.values + [0, 0, -1e-17], exactZeros: 7, zeroTolerance: 1e-15,
      binning: .logarithmic(lower: 1e-2, upper: 1e2, bins: 40))
    let ratios = h.bins.map { $0.upper / $0.lower }
    // Edges are lower·rᵏ: a product of up to 40 roundings, compared as a reduction.
    for r in ratios { #expect(isClose(r, pow(1e4, 1.0 / 40), absolute: Tolerance.reduction)) }
    #expect(h.bins.first?.lower == 1e-2)
    #expect(h.bins.last?.upper == 1e2)
    for b in h.bins {
      #expect(isClose((b.lower * b.upper).squareRoot(), b.centre, relative: Tolerance.fewOperations))
    }
    #expect(h.zeroMode.count == 10)
    #expect(h.zeroMode.statedCount == 7)
    let integral = h.bins.reduce(0) { $0 + $1.density * $1.width }
    #expect(isClose(integral, h.massInBins, absolute: Tolerance.reduction))
    // The log-normal sample's log-density is a Gaussian bump: the histogram on a log axis is centred at 1.
    let peak = try #require(h.bins.max { $0.count < $1.count })
    #expect(peak.lower < 1.5 && peak.upper > 0.66)
  }

  @Test("the zero mode is a point mass, never a giant first bin")
  func zeroModeSeparate() throws {
    let ensemble = try WishartEnsemble(dimension: 800, samples: 400)
    let spectrum = try SymmetricEigen(ensemble.sample(using: RandomStream(seed: 4))).eigenvalues
    let tolerance = 1e3 * 800 * Double.ulpOfOne * spectrum.last!
    let law = ensemble.limitingLaw
    let binning = HistogramBinning.linear(lower: 0, upper: law.upperEdge * 1.05, bins: 12)
    let h = try SpectralHistogram(eigenvalues: spectrum, zeroTolerance: tolerance, binning: binning)
    #expect(h.zeroMode.count == 400)
    #expect(h.zeroMode.weight == 0.5)
    // The first bin holds only the small nonzero eigenvalues, not the 400 zeros.
    let firstBinExpected = spectrum.filter { $0 > tolerance && $0 < h.bins[0].upper }.count
    #expect(h.bins[0].count == firstBinExpected)
    #expect(h.bins[0].count < 100)
    #expect(isClose(h.massInBins, 0.5, absolute: Tolerance.reduction))
    // Inside the bulk, bin counts follow the Marchenko–Pastur law: eigenvalues are rigid, so a bin's
    // count misses N·∫ρ by O(1) rather than by the Poisson √count.
    let (a, b) = (law.lowerEdge, law.upperEdge)
    for bin in h.bins where bin.lower > a + 0.1 * (b - a) && bin.upper < b - 0.1 * (b - a) {
      let expected =
        800 * (try Quadrature.integrate(from: bin.lower, to: bin.upper) { law.density(at: $0) }.value)
      #expect(
        abs(Double(bin.count) - expected) <= max(3, 0.1 * expected),
        "bin [\(bin.lower), \(bin.upper)): \(bin.count) vs \(expected)")
      #expect(abs(bin.density - expected / (800 * bin.width)) <= max(3, 0.1 * expected) / (800 * bin.width))
    }
    // Without the tolerance the floating-point zeros would have landed in the first bin.
    let naive = try SpectralHistogram(eigenvalues: spectrum, binning: binning)
    #expect(naive.zeroMode.count + naive.bins[0].count + naive.belowRange >= 400)
  }

  @Test("the value equal to the upper edge falls in the last bin")
  func closedLastBin() throws {
    let h = try SpectralHistogram(
      eigenvalues: [1, 2, 3, 4], binning: .linear(spanning: [1, 2, 3, 4], bins: 3))
    #expect(h.bins.map(\.count) == [1, 1, 2])
    #expect(h.aboveRange == 0 && h.belowRange == 0)
  }

  @Test("tidy CSV: one row per bin, zero mode in its own table and header line")
  func csv() throws {
    let h = try SpectralHistogram(
      eigenvalues: [0.5, 1.5, 1.7], exactZeros: 3, binning: .linear(lower: 0, upper: 2, bins: 2))
    let lines = h.table.csv.split(separator: "\n")
    #expect(lines.first == "lower,upper,centre,density,count")
    #expect(lines.count == 3)
    #expect(lines[1] == "0.0,1.0,0.5,0.16666666666666666,1")
    #expect(
      h.zeroMode.table.csv == "total,zero_count,stated_zero_count,zero_weight,zero_tolerance\n6,3,3,0.5,0.0\n"
    )
    #expect(h.csvWithZeroModeHeader.hasPrefix("# total=6 zero_count=3 stated_zero_count=3 zero_weight=0.5"))
  }

  @Test("bad bin ranges, empty spectra and NaN are refused with a message naming the problem")
  func errors() {
    expectError(.invalidInput, mentioning: ["lower = 2.0", "upper = 1.0"]) {
      _ = try SpectralHistogram(eigenvalues: [1], binning: .linear(lower: 2, upper: 1, bins: 4))
    }
    expectError(.invalidInput, mentioning: ["bins = 0"]) {
      _ = try SpectralHistogram(eigenvalues: [1], binning: .linear(lower: 0, upper: 1, bins: 0))
    }
    expectError(.invalidInput, mentioning: ["positive lower edge", "lower = 0.0"]) {
      _ = try SpectralHistogram(eigenvalues: [1], binning: .logarithmic(lower: 0, upper: 1, bins: 4))
    }
    expectError(.invalidInput, mentioning: ["empty spectrum"]) {
      _ = try SpectralHistogram(eigenvalues: [], binning: .linear(lower: 0, upper: 1, bins: 4))
    }
    expectError(.nonFinite, mentioning: ["eigenvalue 2", "nan"]) {
      _ = try SpectralHistogram(eigenvalues: [1, 2, .nan], binning: .linear(lower: 0, upper: 1, bins: 4))
    }
    expectError(.invalidInput, mentioning: ["exact zeros", "-1"]) {
      _ = try SpectralHistogram(
        eigenvalues: [1], exactZeros: -1, binning: .linear(lower: 0, upper: 1, bins: 4))
    }
    expectError(.invalidInput, mentioning: ["no positive"]) {
      _ = try HistogramBinning.logarithmic(spanning: [0, -1], bins: 3)
    }
  }
}

@Suite("Gaussian kernel density")
struct GaussianKernelDensityTests {
  @Test("integrates to 1, or to 1 − w₀ with a zero mode")
  func integratesToOne() throws {
    let values = RandomStream(seed: 12).gaussians(2000).map { $0 * $0 }  // χ²₁, skewed
    let h = try GaussianKernelDensity.silvermanBandwidth(values)
    let kde = try GaussianKernelDensity(eigenvalues: values, bandwidth: h)
    let lo = values.min()! - 12 * h
    let hi = values.max()! + 12 * h
    let total = try Quadrature.integrate(from: lo, to: hi, absoluteTolerance: 1e-10, relativeTolerance: 1e-10)
    {
      kde.density(at: $0)
    }
    #expect(isClose(total.value, 1, absolute: Tolerance.adaptiveQuadrature))
    let withZeros = try GaussianKernelDensity(eigenvalues: values, bandwidth: h, exactZeros: 500)
    let partial = try Quadrature.integrate(
      from: lo, to: hi, absoluteTolerance: 1e-10, relativeTolerance: 1e-10
    ) {
      withZeros.density(at: $0)
    }
    #expect(isClose(partial.value, 1 - 0.2, absolute: Tolerance.adaptiveQuadrature))
    #expect(withZeros.zeroMode.weight == 0.2)
  }

  @Test("Silverman's rule on a standard normal sample ≈ 0.9·n^(−1/5); the KDE tracks the Gaussian density")
  func silverman() throws {
    let values = RandomStream(seed: 3).gaussians(10_000)
    let h = try GaussianKernelDensity.silvermanBandwidth(values)
    #expect(abs(h - 0.9 * pow(10_000, -0.2)) <= 0.05 * h)
    let kde = try GaussianKernelDensity(eigenvalues: values, bandwidth: h)
    let grid = try GaussianKernelDensity.grid(from: -2, to: 2, count: 9)
    // E ρ̂ is the N(0, 1 + h²) density; Var ρ̂(x) ≈ ρ(x)/(2√π·n·h) (Silverman 1986, §3.3.1).
    for (x, y) in zip(grid, kde.density(on: grid)) {
      let v = 1 + h * h
      let smoothed = exp(-x * x / (2 * v)) / (2 * Double.pi * v).squareRoot()
      let sd = (smoothed / (2 * Double.pi.squareRoot() * 10_000 * h)).squareRoot()
      #expect(abs(y - smoothed) <= 4 * sd, "x = \(x)")
    }
    #expect(kde.table(on: grid).rows.count == 9)
  }

  @Test("a bandwidth is required to be positive; empty and NaN spectra are refused")
  func errors() {
    expectError(.invalidInput, mentioning: ["bandwidth", "0.0"]) {
      _ = try GaussianKernelDensity(eigenvalues: [1], bandwidth: 0)
    }
    expectError(.invalidInput, mentioning: ["bandwidth", "nan"]) {
      _ = try GaussianKernelDensity(eigenvalues: [1], bandwidth: .nan)
    }
    expectError(.invalidInput, mentioning: ["empty spectrum"]) {
      _ = try GaussianKernelDensity(eigenvalues: [], bandwidth: 1)
    }
    expectError(.nonFinite, mentioning: ["eigenvalue 0"]) {
      _ = try GaussianKernelDensity(eigenvalues: [.nan], bandwidth: 1)
    }
    expectError(.invalidInput, mentioning: ["all 3 values are equal"]) {
      _ = try GaussianKernelDensity.silvermanBandwidth([2, 2, 2])
    }
  }
}
