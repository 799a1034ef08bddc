// Hostile `.npy` headers: shapes whose products overflow, oversized claims, and messages naming the file.
import Foundation
import Spectra
import Testing

@Suite("NumPy .npy reader: header arithmetic and limits")
struct NumpyHeaderLimitTests {
  /// A version-1.0 file with the given header dict and `dataBytes` zero bytes of data.
  static func npy(shape: String, descr: String = "<f8", fortran: Bool = false, dataBytes: Int = 16) -> Data {
    let header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
    return NumpyArrayTests.npy(header: header, data: [UInt8](repeating: 0, count: dataBytes))
  }

  /// Expects `data` to be refused (not to trap) with a message containing every fragment.
  func expectRefusal(
    _ data: Data, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try NumpyArray(npyData: data)
      Issue.record("accepted a hostile header", sourceLocation: sourceLocation)
    } catch {
      for f in fragments {
        #expect(error.message.contains(f), "message: \(error.message)", sourceLocation: sourceLocation)
      }
    }
  }

  @Test("shapes from the issue that trapped: (3037000500, 3037000500) and (2⁶⁰,)")
  func issueShapes() {
    expectRefusal(
      Self.npy(shape: "(3037000500, 3037000500)"),
      mentioning: ["shape:", "dimension 3037000500 exceeds the limit 2147483648"])
    expectRefusal(
      Self.npy(shape: "(\(1 << 60),)"), mentioning: ["shape:", "dimension \(1 << 60) exceeds"])
  }

  @Test("dimensions within the limit whose element or byte count overflows are refused")
  func productOverflow() {
    expectRefusal(
      Self.npy(shape: "(2147483648, 2147483648, 2147483648)"),
      mentioning: ["shape:", "[2147483648, 2147483648, 2147483648]", "64-bit"])
    // 2³¹ · 2³¹ = 2⁶² elements fit in an Int, 2⁶² · 8 bytes do not.
    expectRefusal(Self.npy(shape: "(2147483648, 2147483648)"), mentioning: ["shape:", "64-bit"])
  }

  @Test("a large shape with a short file is refused before any allocation")
  func claimBeyondFileLength() {
    // 2³¹ · 4 doubles would be 64 GiB; the file holds 16 bytes.
    expectRefusal(
      Self.npy(shape: "(2147483648, 4)"),
      mentioning: ["data: truncated data", "needs 68719476736 bytes", "the file has 16"])
  }

  @Test("a zero dimension beside huge ones in Fortran order gives an empty array (no stride overflow)")
  func emptyFortranArray() throws {
    let a = try NumpyArray(
      npyData: Self.npy(shape: "(0, 2147483648, 2147483648, 2147483648)", fortran: true, dataBytes: 0))
    #expect(a.elements.isEmpty)
    #expect(a.shape == [0, 2_147_483_648, 2_147_483_648, 2_147_483_648])
  }

  @Test("header length beyond 1 MiB, more than 64 dimensions and a short version-2 preamble are refused")
  func headerLimits() {
    var v2 = [UInt8]([0x93] + Array("NUMPY".utf8) + [2, 0, 0xff, 0xff, 0xff, 0x7f])
    v2 += Array("{'descr': '<f8'}".utf8)
    expectRefusal(Data(v2), mentioning: ["header length:", "2147483647 bytes declared", "limit"])
    expectRefusal(
      Data([0x93] + Array("NUMPY".utf8) + [3, 0, 1, 0]), mentioning: ["header length:", "truncated"])
    let many = "(" + String(repeating: "1, ", count: 65) + ")"
    expectRefusal(Self.npy(shape: many, dataBytes: 8), mentioning: ["shape:", "more than 64 dimensions"])
  }

  @Test("an array built from an overflowing shape throws instead of trapping")
  func overflowingInit() {
    #expect(throws: NumpyFormatError.self) {
      try NumpyArray(shape: [1 << 40, 1 << 40], elements: [])
    }
  }

  @Test("a header too long for version 1.0 is written as version 2.0 instead of trapping")
  func longHeaderWritesVersion2() throws {
    let a = try NumpyArray(shape: [Int](repeating: 1, count: 30_000), elements: [4])
    let data = a.npyData
    #expect(data[6] == 2)
    #expect((data.count - 8) % 64 == 0)
  }

  @Test("errors reading a file name its path and the header field")
  func errorsNameThePath() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-limit-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("W7.npy")
    try Self.npy(shape: "(3037000500, 3037000500)").write(to: url)
    do {
      _ = try NumpyArray(contentsOf: url)
      Issue.record("accepted")
    } catch {
      #expect(error.message.hasPrefix(url.path + ": shape: "), "\(error.message)")
    }
    do {
      _ = try NumpyArray(contentsOf: dir)
      Issue.record("accepted a directory")
    } catch {
      #expect(error.message.hasPrefix(dir.path), "\(error.message)")
      #expect(error.message.contains("not a regular file"), "\(error.message)")
    }
  }

  @Test("an empty file is refused as empty (read without Data(contentsOf:), which leaks on 0 bytes)")
  func emptyFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID()).npy")
    try Data().write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    do {
      _ = try NumpyArray(contentsOf: url)
      Issue.record("accepted an empty file")
    } catch {
      #expect(error.message == "\(url.path): magic: empty file (0 bytes), not a NumPy .npy file")
    }
  }
}
