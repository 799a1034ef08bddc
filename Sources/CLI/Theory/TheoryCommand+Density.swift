// `spectra theory --density`: the predicted bulk of the FIM/NTK dual on a grid, with its support edges.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// The metrics `theory --density` predicts.
enum BulkDensityMetric: String, ExpressibleByArgument, CaseIterable, Sendable {
  case fisher
  case ntk
}

extension TheoryCommand {
  func validateDensity() throws {
    guard density else { throw ValidationError("--out applies to --density") }
    guard let width, width >= 2 else {
      throw ValidationError("--density needs --width M (the bulk depends on N/M)")
    }
    guard qHat1Input == 1, qHat2Input == 0 else {
      throw ValidationError("--density assumes Gaussian inputs (q̂₁⁰ = 1, q̂₂⁰ = 0)")
    }
    guard samples >= 2 else { throw ValidationError("samples: --density needs N ≥ 2, got \(samples)") }
  }

  /// The architecture at `--width` with M_l = round(α_l·M).
  func densityArchitecture() throws -> NetworkArchitecture {
    let net = try network()
    let m = Int(width!.rounded())
    return try NetworkArchitecture(
      inputWidth: Int((net.widthRatios[0] * Double(m)).rounded()), width: m, depth: depth, outputs: outputs,
      ratios: Array(net.widthRatios.dropFirst()), activation: activation, sigmaW2: sigmaW2, sigmaB2: sigmaB2,
      parameterisation: metric == .ntk ? .ntk : .standard)
  }

  func runDensity() throws {
    do {
      let arch = try densityArchitecture()
      let prediction = try BulkPrediction(
        architecture: arch, samples: samples, request: metric == .ntk ? .ntk() : .fisher(),
        integration: .automatic(points: quadraturePoints))
      let output = BulkTheoryOutput(law: try prediction.law(), prediction: prediction)
      if let out { try output.write(to: URL(fileURLWithPath: out), json: true) }
      if json { try JSONOutput.print(output) } else { print(output.summary()) }
    } catch let error as ConfigurationError {
      throw ValidationError(error.description)
    }
  }
}
