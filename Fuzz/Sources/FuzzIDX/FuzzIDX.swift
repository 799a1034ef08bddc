// libFuzzer target: arbitrary bytes through the IDX reader (gzip when they start with 1f 8b).
import FuzzSupport
import Spectra
import Stripe

/// One fuzz input: parsing may refuse, never trap; an accepted file re-serialises to equal contents.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  guard let file = try? IDXFile(bytes: bytes, name: "fuzz.idx") else { return 0 }
  precondition(file.itemSize >= 0 && file.itemCount >= 0)
  precondition((try? IDXFile(bytes: file.serialized, name: "again")) == file, "IDX round trip changed")
  if !Gzip.isCompressed(bytes) { precondition(file.serialized == bytes, "plain IDX bytes changed") }
  return 0
}

/// The executable's entry point: libFuzzer's driver on ``fuzzIDX(_:_:)``.
@_cdecl("FuzzIDX_main")
public func fuzzIDXMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzIDX)
}
