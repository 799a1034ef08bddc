// `.npy` round trips, foreign layouts (float32, big-endian, Fortran order) and every refusal.
import Foundation
import Spectra
import Testing

@Suite("NumPy .npy reader and writer")
struct NumpyArrayTests {
  /// The bytes of a `.npy` file with a hand-written header (version 1.0) and raw data.
  static func npy(header: String, data: [UInt8], version: UInt8 = 1) -> Data {
    var h = header
    let pre = version == 1 ? 10 : 12
    h += String(repeating: " ", count: (64 - (pre + h.utf8.count + 1) % 64) % 64) + "\n"
    var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    let len = h.utf8.count
    out += version == 1 ? [UInt8(len & 0xFF), UInt8(len >> 8)] : [UInt8(len & 0xFF), UInt8(len >> 8), 0, 0]
    return Data(out + Array(h.utf8) + data)
  }

  static func bytes(_ v: [Double], bigEndian: Bool = false) -> [UInt8] {
    v.flatMap { x -> [UInt8] in
      let b = (0..<8).map { UInt8(truncatingIfNeeded: x.bitPattern >> (8 * UInt64($0))) }
      return bigEndian ? b.reversed() : b
    }
  }

  @Test("round trip of a matrix and a vector through a file")
  func roundTrip() throws {
    let m = Matrix([[1.5, -2, 3e-300], [.pi, 0, -.infinity]])
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("a.npy")
    try NumpyArray(m).write(to: url)
    let back = try NumpyArray(contentsOf: url)
    #expect(back.shape == [2, 3])
    #expect(try back.matrix() == m)
    let data = NumpyArray(m).npyData
    #expect((data.count - 128) == 48)  // 128-byte header (multiple of 64) + 6 doubles
    let v = NumpyArray(vector: [1, 2, 3])
    #expect(try NumpyArray(npyData: v.npyData).vector() == [1, 2, 3])
    let header = String(decoding: v.npyData[10..<70], as: UTF8.self)
    #expect(header.contains("'shape': (3,)"))
  }

  @Test("numpy-written header variants: float32, big-endian, Fortran order, version 2.0")
  func foreignLayouts() throws {
    let f4 = [Float(1.25), -3.5].flatMap { f in
      (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * UInt32($0))) }
    }
    let a = try NumpyArray(
      npyData: Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: f4))
    #expect(a.elements == [1.25, -3.5])
    let be = try NumpyArray(
      npyData: Self.npy(
        header: "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
        data: Self.bytes([7, -1e10], bigEndian: true)))
    #expect(be.elements == [7, -1e10])
    // Fortran order: column-major data of [[1, 2, 3], [4, 5, 6]].
    let f = try NumpyArray(
      npyData: Self.npy(
        header: "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
        data: Self.bytes([1, 4, 2, 5, 3, 6])))
    #expect(try f.matrix() == Matrix([[1, 2, 3], [4, 5, 6]]))
    let v2 = try NumpyArray(
      npyData: Self.npy(
        header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", data: Self.bytes([9, 8]),
        version: 2))
    #expect(v2.shape == [1, 2] && v2.elements == [9, 8])
  }

  @Test(
    "bad files are refused with a message naming the problem",
    arguments: [
      (Data("hello world, not numpy".utf8), "magic"),
      (
        Data([0x93] + Array("NUMPY".utf8) + [1, 0, 200, 0] + Array("{'descr'".utf8)), "truncated .npy header"
      ),
      (
        npy(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", data: bytes([1, 2])),
        "dtype '<i8'"
      ),
      (
        npy(header: "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data: bytes([1, 2])),
        "dtype '<c16'"
      ),
      (
        npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", data: bytes([1, 2])),
        "truncated data"
      ),
      (
        npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: bytes([1, 2])),
        "trailing bytes"
      ),
      (npy(header: "{'descr': '<f8', 'shape': (1,), }", data: bytes([1])), "fortran_order"),
      (
        npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (a,), }", data: bytes([1])),
        "shape: entry 'a'"
      ),
      (
        npy(
          header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: bytes([1]), version: 4),
        "version 4"
      ),
    ])
  func refusals(data: Data, expected: String) throws {
    do {
      _ = try NumpyArray(npyData: data)
      Issue.record("accepted a bad file (expected \(expected))")
    } catch {
      #expect(error.message.contains(expected), "message: \(error.message)")
    }
  }

  @Test("a missing file names the path; a 1-D array is not a matrix")
  func missingAndShape() throws {
    let url = URL(fileURLWithPath: "/nonexistent/dir/W1.npy")
    #expect(throws: NumpyFormatError.self) { try NumpyArray(contentsOf: url) }
    #expect(throws: NumpyFormatError("expected a 2-D array, got shape [3]")) {
      try NumpyArray(vector: [1, 2, 3]).matrix()
    }
  }
}
