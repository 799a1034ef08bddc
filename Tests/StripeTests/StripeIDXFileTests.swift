import Foundation
import Spectra
// IDX round trip (plain and gzipped), error messages for bad and truncated files, and parity preprocessing.
import Stripe
import Testing

@Suite("Stripe IDX reader")
struct StripeIDXFileTests {
  static func sample() throws -> (images: IDXFile, labels: IDXFile) {
    var pixels: [UInt8] = []
    for i in 0..<20 { for j in 0..<12 { pixels.append(UInt8((i * 37 + j * 11) % 256)) } }
    let images = try IDXFile(dimensions: [20, 3, 4], values: pixels)
    let labels = try IDXFile(dimensions: [20], values: (0..<20).map { UInt8($0 % 10) })
    return (images, labels)
  }

  static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("data")
    try Data(bytes).write(to: file)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-k", file.path]
    try p.run()
    p.waitUntilExit()
    return [UInt8](try Data(contentsOf: dir.appendingPathComponent("data.gz")))
  }

  @Test("round trip through bytes, through a file, and through gzip")
  func roundTrip() throws {
    let (images, _) = try Self.sample()
    #expect(try IDXFile(bytes: images.serialized, name: "mem") == images)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString).idx")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(images.serialized).write(to: url)
    #expect(try IDXFile(path: url.path) == images)
    let zipped = try Self.gzip(images.serialized)
    #expect(Gzip.isCompressed(zipped))
    #expect(try IDXFile(bytes: zipped, name: "mem.gz") == images)
  }

  @Test("bad magic, bad type, truncated data and truncated gzip give errors naming the file and problem")
  func errors() throws {
    let (images, _) = try Self.sample()
    var bytes = images.serialized
    #expect(throws: ConfigurationError.self) { try IDXFile(bytes: Array(bytes.dropLast(5)), name: "cut.idx") }
    do {
      _ = try IDXFile(bytes: Array(bytes.dropLast(5)), name: "cut.idx")
    } catch {
      #expect(error.field == "cut.idx")
      #expect(error.message.contains("truncated"))
    }
    bytes[2] = 0x0d
    do {
      _ = try IDXFile(bytes: bytes, name: "float.idx")
      Issue.record("float IDX accepted")
    } catch { #expect(error.message.contains("unsupported IDX element type 0xd")) }
    do {
      _ = try IDXFile(bytes: [1, 2, 8, 1], name: "magic.idx")
      Issue.record("bad magic accepted")
    } catch { #expect(error.message.contains("magic")) }
    let zipped = try Self.gzip(images.serialized)
    do {
      _ = try IDXFile(bytes: Array(zipped.prefix(zipped.count / 2)), name: "cut.gz")
      Issue.record("truncated gzip accepted")
    } catch {
      #expect(error.field == "cut.gz")
      #expect(error.message.contains("truncated") || error.message.contains("corrupt"))
    }
    do {
      _ = try IDXFile(path: "/nonexistent/train-images-idx3-ubyte.gz")
      Issue.record("missing file accepted")
    } catch { #expect(error.field == "/nonexistent/train-images-idx3-ubyte.gz") }
  }

  @Test("parity preprocessing: centred pixels, norm √n_pixels, even → +1, balanced disjoint splits")
  func parity() throws {
    let (images, labels) = try Self.sample()
    let data = try ImageParityDataset([(images, labels)])
    let splits = try data.splits(train: 10, kernel: 4, test: 6, seed: 3)
    #expect(splits.train.count == 10 && splits.test.count == 6)
    #expect(splits.train.dimension == 12)
    for mu in 0..<10 {
      let row = splits.train.inputs.row(mu)
      #expect(abs(row.reduce(0) { $0 + $1 * $1 } - 12) < 1e-9)
    }
    // Interleaving: the first 10 of the balanced order cover the 10 classes → 5 even, 5 odd in the first block.
    #expect(splits.test.labels.filter { $0 > 0 }.count == 3)
    #expect(ImageParityDataset.parity(4) == 1 && ImageParityDataset.parity(7) == -1)
    let order = data.balancedOrder(seed: 3)
    #expect(Set(order).count == 20)
    #expect(Set(order.prefix(10).map { data.classes[$0] }).count == 10)
    #expect(throws: ConfigurationError.self) { try data.splits(train: 15, kernel: 4, test: 6, seed: 3) }
  }
}
