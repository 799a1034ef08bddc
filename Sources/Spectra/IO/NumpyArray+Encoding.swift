// Encoding an array as the bytes of a `.npy` file (`<f8`, C order) and writing it atomically.
import Foundation

extension NumpyArray {
  /// The bytes of a `.npy` file: `<f8`, C order, header padded to a multiple of 64 bytes; version 1.0,
  /// or 2.0 when the header needs more than the 65 535 bytes version 1.0 can declare.
  public var npyData: Data {
    let shapeText =
      shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
    let long = header.utf8.count + 64 > Int(UInt16.max)
    let preamble = long ? 12 : 10
    // Total of magic (6) + version (2) + length (2 or 4) + header + newline is a multiple of 64.
    let unpadded = preamble + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var out = [UInt8]()
    out.reserveCapacity(preamble + header.utf8.count + 8 * elements.count)
    out += [0x93] + Array("NUMPY".utf8) + [long ? 2 : 1, 0]
    let length = header.utf8.count
    for b in 0..<(long ? 4 : 2) { out.append(UInt8(truncatingIfNeeded: length >> (8 * b))) }
    out += Array(header.utf8)
    for v in elements {
      let bits = v.bitPattern
      for b in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
    }
    return Data(out)
  }

  /// Writes the array as a `<f8` C-order `.npy` file, atomically.
  ///
  /// - Throws: ``OutputError`` naming the path.
  public func write(to url: URL) throws(OutputError) {
    try AtomicFile.write(npyData, to: url)
  }
}
