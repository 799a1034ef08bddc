// Hostile IDX headers: dimension products that overflow, flipped bits, gzip bombs, and files named in errors.
import Foundation
import Spectra
import Stripe
import Testing

@Suite("Stripe IDX reader: header arithmetic and limits")
struct IDXHeaderLimitTests {
  /// Expects `bytes` to be refused (not to trap) with field `name` and a message containing each fragment.
  func expectRefusal(
    _ bytes: [UInt8], name: String = "hostile.idx", mentioning fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try IDXFile(bytes: bytes, name: name)
      Issue.record("accepted a hostile IDX file", sourceLocation: sourceLocation)
    } catch {
      #expect(error.field == name, sourceLocation: sourceLocation)
      for f in fragments {
        #expect(error.message.contains(f), "message: \(error.message)", sourceLocation: sourceLocation)
      }
    }
  }

  @Test("three dimensions of 2³²−1 (product overflows) are refused, not trapped")
  func dimensionProductOverflow() {
    let header: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xff, count: 12)
    expectRefusal(header + [1, 2, 3], mentioning: ["dimensions:", "64-bit"])
  }

  @Test("one flipped bit in a label file's dimension count is refused, not trapped")
  func flippedDimensionCount() throws {
    // 600 labels 1…9 (no zero, so 129 'dimensions' read from label bytes multiply past Int.max).
    let labels = try IDXFile(dimensions: [600], values: (0..<600).map { UInt8(1 + $0 % 9) })
    var bytes = labels.serialized
    bytes[3] ^= 0x80  // 1 → 129 dimensions
    expectRefusal(bytes, mentioning: ["dimensions:"])
  }

  @Test("a zero first dimension beside huge ones: the item size overflow is refused on creation")
  func itemSizeOverflow() {
    #expect(throws: ConfigurationError.self) {
      try IDXFile(dimensions: [0, 4_294_967_295, 4_294_967_295, 4_294_967_295], values: [])
    }
    let header: [UInt8] = [0, 0, 8, 4, 0, 0, 0, 0] + [UInt8](repeating: 0xff, count: 12)
    expectRefusal(header, mentioning: ["dimensions:", "64-bit"])
  }

  @Test("gzip: data longer than the header declares are refused without inflating them all")
  func gzipBomb() throws {
    // A header for 10 labels followed by 8 MiB of zeros (compresses to a few KiB).
    let plain: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 10] + [UInt8](repeating: 0, count: 8 << 20)
    let zipped = try StripeIDXFileTests.gzip(plain)
    #expect(zipped.count < 100_000)
    expectRefusal(zipped, name: "bomb.gz", mentioning: ["dimensions: too long", "need 10 bytes"])
    let inflated = try Gzip.decompress(zipped, limit: 1000)
    #expect(inflated.count == 1001)
  }

  @Test("gzip: a header claiming more data than the stream holds is refused as truncated")
  func gzipShortData() throws {
    let plain: [UInt8] = [0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 7, count: 100)
    let zipped = try StripeIDXFileTests.gzip(plain)
    expectRefusal(zipped, name: "short.gz", mentioning: ["dimensions: truncated", "need 4294967296 bytes"])
  }

  @Test("pooling files: a count mismatch names the label file's path")
  func poolingNamesFiles() throws {
    let images = try IDXFile(dimensions: [4, 2, 2], values: [UInt8](repeating: 1, count: 16))
    let labels = try IDXFile(dimensions: [3], values: [0, 1, 2])
    do {
      _ = try ImageParityDataset(
        [(images, labels)], names: [(images: "/data/img.idx", labels: "/data/lab.idx")])
      Issue.record("accepted mismatched files")
    } catch {
      #expect(error.field == "/data/lab.idx")
      #expect(error.message.contains("/data/img.idx"), "\(error.message)")
    }
  }
}
