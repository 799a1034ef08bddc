// libFuzzer target: arbitrary bytes split into the files of a network directory, then loaded.
import FIM
import Foundation
import FuzzSupport
import Spectra

/// The file names a record can write, by its first byte (modulo the count).
let names = [
  "W1.npy", "b1.npy", "W2.npy", "b2.npy", "W3.npy", "b3.npy", "X.npy", "network.json", "W4.npy", "b4.npy",
]

/// One scratch directory per process, on tmpfs when there is one.
let scratch: URL = {
  let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
  let url = URL(fileURLWithPath: base).appendingPathComponent("fuzz-netdir-\(getpid())/net")
  try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}()

/// The files an input describes: records of a name byte, a 2-byte little-endian length (cut to what
/// remains) and that many bytes; a later record for the same name replaces an earlier one.
func files(in bytes: [UInt8]) -> [String: [UInt8]] {
  var out: [String: [UInt8]] = [:]
  var i = 0
  while i + 3 <= bytes.count {
    let name = names[Int(bytes[i]) % names.count]
    let length = min(Int(bytes[i + 1]) | Int(bytes[i + 2]) << 8, bytes.count - i - 3)
    out[name] = Array(bytes[(i + 3)..<(i + 3 + length)])
    i += 3 + length
  }
  return out
}

/// One fuzz input: loading may refuse, never trap; an accepted network has the widths of its files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetworkDirectory(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  let fm = FileManager.default
  for old in (try? fm.contentsOfDirectory(atPath: scratch.path)) ?? [] {
    try? fm.removeItem(at: scratch.appendingPathComponent(old))
  }
  for (name, content) in files(in: bytes) {
    try? Data(content).write(to: scratch.appendingPathComponent(name))
  }
  guard let (network, inputs) = try? NetworkDirectory.load(from: scratch, activation: .tanh) else {
    return 0
  }
  precondition(inputs.columns == network.architecture.widths[0], "inputs do not match the first layer")
  precondition(network.weights.count == network.architecture.depth, "depth and weights disagree")
  return 0
}

/// The executable's entry point: libFuzzer's driver on ``fuzzNetworkDirectory(_:_:)``.
@_cdecl("FuzzNetworkDirectory_main")
public func fuzzNetworkDirectoryMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  runFuzzer(argc, argv, fuzzNetworkDirectory)
}
