// Reading some rows of a 2-D `.npy` file: equal to the whole-file reader's rows in every layout; refusals.
import Foundation
import Testing

@testable import Spectra

@Suite("NumPy .npy rows and header")
struct NumpyArrayRowsTests {
  /// A 7 × 3 matrix whose entries are exact in float32 and all different.
  static let matrix: Matrix = {
    var m = Matrix(rows: 7, columns: 3)
    for i in 0..<7 {
      for j in 0..<3 { m[i, j] = 1.5 * Double(i) - 0.25 * Double(j) + 0.125 }
    }
    return m
  }()

  /// The bytes of `values` as `dtype` (`<f8`, `>f8`, `<f4`, `>f4`).
  static func encoded(_ values: [Double], dtype: String) -> [UInt8] {
    values.flatMap { x -> [UInt8] in
      let b: [UInt8] =
        dtype.hasSuffix("8")
        ? (0..<8).map { UInt8(truncatingIfNeeded: x.bitPattern >> (8 * UInt64($0))) }
        : (0..<4).map { UInt8(truncatingIfNeeded: Float(x).bitPattern >> (8 * UInt32($0))) }
      return dtype.hasPrefix(">") ? b.reversed() : b
    }
  }

  /// A `.npy` file of `m` in the given dtype and order; returns its URL in a fresh directory.
  static func file(_ m: Matrix, dtype: String, fortran: Bool, version: UInt8 = 1) throws -> URL {
    let values = fortran ? m.elements : m.rowMajorElements
    let data = NumpyArrayTests.npy(
      header:
        "{'descr': '\(dtype)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': (\(m.rows), \(m.columns)), }",
      data: encoded(values, dtype: dtype), version: version)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-rows-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("X.npy")
    try data.write(to: url)
    return url
  }

  /// Rows `rows` of `m`.
  static func rows(_ rows: [Int], of m: Matrix) -> Matrix {
    Matrix(rows.map { i in (0..<m.columns).map { m[i, $0] } })
  }

  @Test(
    "rows equal the whole-file reader's rows: C and Fortran order, float64 and float32, both byte orders",
    arguments: ["<f8", ">f8", "<f4", ">f4"], [false, true])
  func rowsMatchWholeFile(dtype: String, fortran: Bool) throws {
    let url = try Self.file(Self.matrix, dtype: dtype, fortran: fortran)
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    let whole = try NumpyArray(contentsOf: url).matrix()
    #expect(whole == Self.matrix)
    for rows in [[0], [6], [2, 3, 4], [0, 2, 6], [1, 5], Array(0..<7)] {
      #expect(try NumpyArray.rows(rows, of: url) == Self.rows(rows, of: whole), "rows \(rows)")
    }
    let none = try NumpyArray.rows([], of: url)
    #expect(none.rows == 0 && none.columns == 3)
    let header = try NumpyArray.header(of: url)
    #expect(header.shape == [7, 3] && header.fortranOrder == fortran && header.dtype == dtype)
    #expect(header.elementBytes == (dtype.hasSuffix("8") ? 8 : 4) && header.bigEndian == dtype.hasPrefix(">"))
  }

  @Test("a version-2.0 header and a file written by NumpyArray are read by rows")
  func versionTwoAndWritten() throws {
    let url = try Self.file(Self.matrix, dtype: "<f8", fortran: false, version: 2)
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    #expect(try NumpyArray.rows([1, 4], of: url) == Self.rows([1, 4], of: Self.matrix))
    try NumpyArray(Self.matrix).write(to: url)
    #expect(try NumpyArray.rows([0, 3, 5], of: url) == Self.rows([0, 3, 5], of: Self.matrix))
  }

  @Test("scattered rows are grouped into spans: nearby ones joined, long ones split")
  func spans() {
    #expect(NumpyArray.spans([], maximumGap: 2, maximumLength: 10) == [])
    #expect(NumpyArray.spans([4], maximumGap: 0, maximumLength: 1) == [0..<1])
    #expect(NumpyArray.spans([0, 1, 2, 5, 6, 20], maximumGap: 2, maximumLength: 100) == [0..<5, 5..<6])
    #expect(
      NumpyArray.spans([0, 1, 2, 5, 6, 20], maximumGap: 0, maximumLength: 100) == [0..<3, 3..<5, 5..<6])
    #expect(NumpyArray.spans([0, 1, 2, 3], maximumGap: 0, maximumLength: 3) == [0..<3, 3..<4])
  }

  /// Expects `body` to throw a ``NumpyFormatError`` whose message contains every fragment.
  func expectRefusal(
    _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
  ) {
    do {
      try body()
      Issue.record("accepted (expected an error mentioning \(fragments))", sourceLocation: sourceLocation)
    } catch let error as NumpyFormatError {
      for f in fragments {
        #expect(error.message.contains(f), "message: \(error.message)", sourceLocation: sourceLocation)
      }
    } catch {
      Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
  }

  @Test("truncated and overlong files, rows out of range or not ascending, and NaN are refused")
  func refusals() throws {
    for fortran in [false, true] {
      let url = try Self.file(Self.matrix, dtype: "<f8", fortran: fortran)
      defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
      let data = try Data(contentsOf: url)
      try data.prefix(data.count - 8).write(to: url)
      expectRefusal([url.path, "truncated data", "needs 168 bytes, the file has 160"]) {
        _ = try NumpyArray.rows([0], of: url)
      }
      expectRefusal([url.path, "truncated data"]) { _ = try NumpyArray.header(of: url) }
      try (data + Data([0, 0])).write(to: url)
      expectRefusal([url.path, "trailing bytes"]) { _ = try NumpyArray.rows([0], of: url) }
      try data.write(to: url)
      expectRefusal([url.path, "row 7 does not exist", "N = 7"]) { _ = try NumpyArray.rows([0, 7], of: url) }
      expectRefusal(["row -1 does not exist"]) { _ = try NumpyArray.rows([-1], of: url) }
      expectRefusal([url.path, "ascending", "row 3 before row 1"]) {
        _ = try NumpyArray.rows([3, 1], of: url)
      }
      expectRefusal(["ascending and distinct"]) { _ = try NumpyArray.rows([2, 2], of: url) }
      var m = Self.matrix
      m[2, 1] = .nan
      m[5, 0] = .infinity
      let bad = try Self.file(m, dtype: "<f8", fortran: fortran)
      defer { try? FileManager.default.removeItem(at: bad.deletingLastPathComponent()) }
      expectRefusal([bad.path, "row 2, column 1 is nan"]) { _ = try NumpyArray.rows([0, 2], of: bad) }
      expectRefusal([bad.path, "row 5, column 0 is inf"]) { _ = try NumpyArray.rows([5], of: bad) }
      #expect(try NumpyArray.rows([0, 3, 6], of: bad) == Self.rows([0, 3, 6], of: Self.matrix))
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-rows-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let vector = dir.appendingPathComponent("b1.npy")
    try NumpyArray(vector: [1, 2, 3]).write(to: vector)
    expectRefusal([vector.path, "expected a 2-D array", "[3]"]) { _ = try NumpyArray.rows([0], of: vector) }
    #expect(try NumpyArray.header(of: vector).shape == [3])
    let junk = dir.appendingPathComponent("junk.npy")
    try Data("not numpy at all".utf8).write(to: junk)
    expectRefusal([junk.path, "magic"]) { _ = try NumpyArray.header(of: junk) }
    expectRefusal([dir.path, "not a regular file"]) { _ = try NumpyArray.rows([0], of: dir) }
    expectRefusal(["missing.npy"]) {
      _ = try NumpyArray.header(of: dir.appendingPathComponent("missing.npy"))
    }
  }

  @Test("the streamed CRC-32 equals the whole file's, for any chunk size")
  func streamedChecksum() throws {
    let url = try Self.file(Self.matrix, dtype: "<f8", fortran: false)
    defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    let data = try Data(contentsOf: url)
    let whole = FileSystemCalls.crc32(data)
    for chunk in [1, 7, 64, 1 << 20] {
      let sum = try InputFile.checksum(of: url, chunkBytes: chunk)
      #expect(sum.bytes == data.count && sum.crc32 == whole, "chunk \(chunk)")
    }
    #expect(
      FileSystemCalls.crc32(data.suffix(5), continuing: FileSystemCalls.crc32(data.prefix(data.count - 5)))
        == whole)
  }
}
