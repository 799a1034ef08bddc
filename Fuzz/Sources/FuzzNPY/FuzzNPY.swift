// libFuzzer target: arbitrary bytes through the `.npy` decoder; accepted arrays must round-trip.
import Foundation
import FuzzSupport
import Spectra

/// One fuzz input: decoding may refuse, never trap; an accepted array re-encodes to the same array.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = start.map { Data(bytes: $0, count: count) } ?? Data()
  guard let array = try? NumpyArray(npyData: data) else { return 0 }
  let again = try? NumpyArray(npyData: array.npyData)
  precondition(again?.shape == array.shape, "shape changed in a round trip")
  precondition(
    again.map { zip($0.elements, array.elements).allSatisfy { $0.bitPattern == $1.bitPattern } } == true,
    "elements changed in a round trip")
  return 0
}

/// The executable's entry point: libFuzzer's driver on ``fuzzNPY(_:_:)``.
@_cdecl("FuzzNPY_main")
public func fuzzNPYMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzNPY)
}
