// The two summations of the unweighted power-law fit: the same line to rounding, each with its own digits.
import Foundation
import Spectra
import TestSupport
import Testing

@Suite("Power-law fit summation")
struct PowerLawSummationTests {
  static let x: [Double] = [128, 256, 512, 1024, 2048]
  static let y: [Double] = [0.2, 0.15, 0.1, 0.07, 0.05]

  @Test("two-pass and running-mean sums give the same fit to a few ulps, and every field agrees")
  func sameLine() throws {
    let stream = RandomStream(seed: 7)
    for t in 0..<50 {
      let noise = stream.child(UInt64(t)).gaussians(Self.x.count, standardDeviation: 0.1)
      let y = zip(Self.x, noise).map { 3 * pow($0, -0.6) * exp($1) }
      let gsl = try PowerLawFit(x: Self.x, y: y, summation: .runningMeans)
      let twoPass = try PowerLawFit(x: Self.x, y: y, summation: .twoPass)
      #expect(gsl == (try PowerLawFit(x: Self.x, y: y)))
      let pairs: [(Double, Double)] = [
        (gsl.exponent, twoPass.exponent), (gsl.logPrefactor, twoPass.logPrefactor),
        (gsl.exponentStandardError, twoPass.exponentStandardError),
        (gsl.logPrefactorStandardError, twoPass.logPrefactorStandardError),
        (gsl.covarianceLogPrefactorExponent, twoPass.covarianceLogPrefactorExponent),
        (gsl.residualSumOfSquares, twoPass.residualSumOfSquares),
      ]
      for (a, b) in pairs { #expect(abs(a - b) <= 1e-10 * max(abs(a), 1e-12), "trial \(t): \(a) vs \(b)") }
      #expect(twoPass.pointCount == 5 && !twoPass.isWeighted)
    }
  }

  /// Reference digits from the two-pass formulas evaluated in C (`gcc -ffp-contract=off`, glibc `log`):
  /// the stripe study records these digits, and `gsl_fit_linear` gives −0.50995356735509145 instead.
  @Test("two-pass digits are the recorded ones (glibc libm)")
  func recordedDigits() throws {
    let fit = try PowerLawFit(x: Self.x, y: Self.y, summation: .twoPass)
    #expect(fit.exponent == -0.50995356735509123)
    #expect(fit.prefactor == 2.4313066689969673)
    #expect(fit.exponentStandardError == 0.013477558344638972)
  }

  @Test("two points: exact exponent, undefined (NaN) standard errors, as with running means")
  func twoPoints() throws {
    let fit = try PowerLawFit(x: [2, 8], y: [3, 12], summation: .twoPass)
    #expect(abs(fit.exponent - 1) <= 1e-14)
    #expect(fit.exponentStandardError.isNaN && fit.logPrefactorStandardError.isNaN)
  }

  @Test("the two-pass fit refuses the inputs the running-mean fit refuses")
  func badInput() {
    expectError(.invalidInput, mentioning: ["y[0] = 0.0"]) {
      _ = try PowerLawFit(x: [1, 2], y: [0, 2], summation: .twoPass)
    }
    expectError(.invalidInput, mentioning: ["2 distinct x"]) {
      _ = try PowerLawFit(x: [3, 3, 3], y: [1, 2, 3], summation: .twoPass)
    }
  }
}
