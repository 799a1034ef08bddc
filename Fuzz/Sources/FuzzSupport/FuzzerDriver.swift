// Starting libFuzzer from a SwiftPM executable, whose entry point SwiftPM links as `<Module>_main`.

/// libFuzzer's `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver (command-line flags, corpus directories) on `body`.
///
/// SwiftPM links an executable target's entry point as `<Module>_main` (`--defsym main=…`), so a target
/// without a `main` — as libFuzzer wants — fails to link. Each fuzz target therefore defines
/// `@_cdecl("<Module>_main")` and hands its `LLVMFuzzerTestOneInput` to this function.
public func runFuzzer(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
  var count = argc
  var arguments = argv
  return llvmFuzzerRunDriver(&count, &arguments, body)
}
