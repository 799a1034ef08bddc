// `spectra spectrum`: the parts shared by the dense and matrix-free runs (dry run, configuration, theory).
import ArgumentParser
import FIM
import Foundation
import Spectra

extension SpectrumCommand {
  /// With `--dry-run`, prints the plan (text, or JSON with `--json`) and returns true; when no method fits
  /// the refusal follows on stderr with exit status 65 (``ExitStatus/badInput``), so scripts can test a size.
  func finishDryRun(_ plan: MemoryPlan) throws -> Bool {
    guard planning.dryRun else { return false }
    if json {
      try JSONOutput.print(PlanJSON(plan))
    } else {
      print(PlanJSON.text(plan, command: "spectrum"))
    }
    _ = try plan.method(command: "spectrum")
    return true
  }

  /// The configuration recorded in the outputs.
  func configuration(_ arch: NetworkArchitecture, samples: Int, sampled: Bool) -> SpectrumConfiguration {
    let (sigmaW2, sigmaB2) = (networkOptions.sigmaW2, networkOptions.sigmaB2)
    let (seed, dataSeed) = (seeds.seed ?? 1, seeds.dataSeed ?? 2)
    return SpectrumConfiguration(
      source: sampled ? "sampled" : "network-directory", networkDirectory: network, metric: metric.rawValue,
      request: request, activation: networkOptions.activation!.rawValue, widths: arch.widths,
      sigmaW2: sampled || parameterisation == .ntk || sigmaW2 != nil ? arch.sigmaW2 : nil,
      sigmaB2: sampled || parameterisation == .ntk || sigmaB2 != nil ? arch.sigmaB2 : nil,
      parameterisation: parameterisation.rawValue, depth: arch.depth, outputs: arch.outputs,
      samples: samples, seed: sampled ? seed : nil, dataSeed: sampled ? dataSeed : nil,
      savedNetwork: saveNetwork)
  }

  /// The mean-field comparison of `measured`, or why there is none.
  func theoryComparison(
    _ measured: () throws -> MeasuredStatistics, network net: Network, inputs: Matrix, sampled: Bool
  ) throws -> (TheoryComparison?, String?) {
    if noTheory { return (nil, "not requested (--no-theory)") }
    if !MetricDual.theoryApplies(depth: net.architecture.depth) { return (nil, MetricDual.noTheoryReason) }
    let theory = try TheoryComparison(
      measured: try measured(), network: net, inputs: inputs, gaussianInputs: sampled)
    return (theory, nil)
  }
}
