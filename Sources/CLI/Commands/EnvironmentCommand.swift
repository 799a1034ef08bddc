// `spectra environment`: what the numbers of this machine depend on, one `key=value` line each.
import ArgumentParser
import Foundation
import Spectra

/// Prints the BLAS build, the kernel OpenBLAS runs, the thread count and the memory the planner sees, as
/// `key=value` lines that scripts can read (`scripts/test.sh` exports the kernel choice from it).
struct EnvironmentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "environment",
    abstract: "Print the BLAS kernel, threads and memory this machine gives the tool (key=value lines).",
    discussion: """
      When OpenBLAS does not know the CPU it falls back to its generic Prescott kernels, about ten times \
      slower than the AVX2/AVX-512 ones. Every spectra command then re-executes itself with \
      OPENBLAS_CORETYPE set to SkylakeX (AVX-512) or Haswell (AVX2); set OPENBLAS_CORETYPE yourself, or \
      \(BLASCoreSelection.disablingVariable)=1, to keep a choice of your own.
      """)

  @Flag(help: "Print only the kernel family to export as OPENBLAS_CORETYPE (empty when none is needed).")
  var suggestedBlasCore = false

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let suggestion =
      environment["OPENBLAS_CORETYPE"]
      ?? BLASCoreSelection.suggestedCore(
        currentCore: BLASThreads.coreName, flags: BLASCoreSelection.cpuFlags())
    if suggestedBlasCore {
      print(suggestion ?? "")
      return
    }
    print("blas_configuration=\(BLASThreads.configuration)")
    print("blas_core=\(BLASThreads.coreName)")
    print("blas_threads=\(BLASThreads.count)")
    print("openblas_coretype=\(environment["OPENBLAS_CORETYPE"] ?? "")")
    print("processors=\(ProcessInfo.processInfo.activeProcessorCount)")
    let budget = MemoryBudget.detect()
    print("memory_budget=\(budget.bytes) (\(budget.source.label))")
  }
}
