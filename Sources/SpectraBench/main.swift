// spectra-bench: machine-relative performance reports, one suite per subcommand (not part of `swift test`).
//
//   swift run -c release spectra-bench blas        dgemm and eigen-solve vs raw calls and numpy
//   swift run -c release spectra-bench metrics …   dual-Gram assembly vs numpy / neural-tangents (see --help)
//   swift run -c release spectra-bench matrix-free [--samples N …]   matrix-free dual: product rate, top-k, m, s
//   swift run -c release spectra-bench all         every suite of the registry
import Foundation
import Spectra

BLASCoreSelection.reexecuteIfGenericFallback()

let benchArguments = Array(CommandLine.arguments.dropFirst())
if benchArguments.first == "metrics" {
  do {
    try runMetricsSuite(arguments: Array(benchArguments.dropFirst()))
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("spectra-bench metrics: \(error)\n".utf8))
    exit(1)
  }
}

if benchArguments.first == MatrixFreeSuite.name, benchArguments.count > 1 {
  do {
    try MatrixFreeSuite.run(arguments: Array(benchArguments.dropFirst()))
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("spectra-bench matrix-free: \(error)\n".utf8))
    exit(1)
  }
}

do {
  let options = try BenchOptions.parse(benchArguments)
  for suite in options.suites { try suite.run(options) }
} catch let error as BenchUsageError {
  if let message = error.message {
    FileHandle.standardError.write(Data("spectra-bench: \(message)\n\n\(BenchOptions.usage)\n".utf8))
    exit(2)
  }
  print(BenchOptions.usage)
} catch {
  FileHandle.standardError.write(Data("spectra-bench: \(error)\n".utf8))
  exit(1)
}
