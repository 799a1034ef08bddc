// libFuzzer target: arbitrary bytes through the sweep-file parser and the plan's validation.
import FIM
import Foundation
import FuzzSupport
import Spectra

/// The `sweep` defaults the parser starts from.
let defaults = SweepPlan(
  fixed: .init(
    activation: .relu, sigmaW2: 2, sigmaB2: 0.1, inputRatio: 1, inputWidth: nil, widthRatios: [],
    parameterisation: .standard, metrics: ["fisher"]),
  widths: [100], depths: [3], samples: [100], outputs: [10], seeds: [0])

/// One fuzz input: parsing and validation may refuse, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSweepFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = start.map { Data(bytes: $0, count: count) } ?? Data()
  guard let plan = try? SweepFile.parse(data, path: "fuzz.json", defaults: defaults) else { return 0 }
  try? plan.validate()
  return 0
}

/// The executable's entry point: libFuzzer's driver on ``fuzzSweepFile(_:_:)``.
@_cdecl("FuzzSweepFile_main")
public func fuzzSweepFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  runFuzzer(argc, argv, fuzzSweepFile)
}
