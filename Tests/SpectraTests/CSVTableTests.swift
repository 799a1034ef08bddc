import Foundation
import Spectra
import Testing

@Suite("Tidy CSV tables")
struct CSVTableTests {
  @Test("numbers survive a write/read round trip bit for bit; quoting and non-finite values too")
  func roundTrip() throws {
    var t = CSVTable(columns: ["name", "x", "n"])
    let values = [0.1 + 0.2, 1e-300, -2.385e17, .pi, Double.nan, .infinity]
    for (i, v) in values.enumerated() {
      t.append([.text(i == 0 ? "a,\"b\"\nc" : "r\(i)"), .number(v), .integer(i)])
    }
    let back = try CSVTable(parsing: t.csv)
    #expect(back.columns == t.columns)
    #expect(back.rows.count == values.count)
    let xs = try #require(back.numbers(in: "x"))
    for (a, b) in zip(xs, values) {
      let a = try #require(a)
      #expect(a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern)
    }
    #expect(back.texts(in: "name")?.first == "a,\"b\"\nc")
  }

  @Test("a truncated row or an unterminated quote is refused with the line named")
  func malformed() {
    do {
      _ = try CSVTable(parsing: "a,b\n1,2\n3\n")
      Issue.record("truncated row accepted")
    } catch { #expect(error.message.contains("line 3")) }
    #expect(throws: LinearAlgebraError.self) { try CSVTable(parsing: "a,b\n\"1,2\n") }
    #expect(throws: LinearAlgebraError.self) { try CSVTable(parsing: "") }
  }

  @Test("atomic writes replace a file whole and leave no temporary files")
  func atomic() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("sub/t.csv")
    try AtomicFile.write("one\n", to: url)
    try AtomicFile.write("two\n", to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "two\n")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["t.csv"])
    #expect(throws: OutputError.self) {
      try AtomicFile.write("x", to: URL(fileURLWithPath: "/proc/forbidden/x.csv"))
    }
  }
}
