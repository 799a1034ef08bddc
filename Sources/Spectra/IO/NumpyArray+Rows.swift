// Reading the header, or only some rows, of a 2-D `.npy` file, without reading the rest of its data.
import Foundation

extension NumpyArray {
  /// Bytes per read of ``rows(_:of:)``: a span of requested rows (with the gaps between them) longer than
  /// this is split, so the reading buffer stays about this size, beside the result (4 MiB).
  public static let rowReadBytes = 4 << 20
  /// The largest gap of unrequested bytes ``rows(_:of:)`` reads through rather than seeking past (64 KiB):
  /// scattered rows (the block-cyclic samples of the dense dual) take one read per span, not one per row.
  public static let rowGapBytes = 64 << 10

  /// The header of the `.npy` file at `url`, read from the file's beginning, after checking that the file
  /// is exactly as long as the header plus the data its shape requires. The data are not read.
  ///
  /// - Throws: ``NumpyFormatError`` whose message starts with the file's path, then names the header field
  ///   and the value (as ``init(contentsOf:)``), for an unreadable file, a malformed header, or a data
  ///   section that is truncated or followed by trailing bytes.
  public static func header(of url: URL) throws(NumpyFormatError) -> NumpyHeader {
    let file: RandomAccessFile
    do { file = try RandomAccessFile(url) } catch { throw NumpyFormatError(error.description) }
    return try header(of: file)
  }

  /// Rows `rows` (ascending and distinct) of the 2-D `.npy` file at `url`, as a `rows.count × columns`
  /// matrix, reading only the bytes of those rows (and gaps of at most ``rowGapBytes`` between them).
  ///
  /// The header is parsed from the file's beginning (``header(of:)``, which also checks the file's
  /// length), then each span of nearby requested rows is read with one seek and one read: in C order a row
  /// is contiguous (`dataOffset + r·columns·width`); in Fortran order element (r, j) is at
  /// `dataOffset + (j·N + r)·width`, so each column's run of the requested rows is read in turn.
  /// float64 and float32 (widened exactly), either byte order, as ``init(contentsOf:)``.
  ///
  /// - Throws: ``NumpyFormatError`` whose message starts with the file's path, for everything
  ///   ``header(of:)`` refuses; an array that is not 2-D; `rows` not ascending and distinct, or outside
  ///   `0..<N`; and a NaN or ±∞ in a requested row (naming the row and the column).
  /// - Complexity: O(|rows|·columns) memory besides one buffer of at most ``rowReadBytes`` (or one row,
  ///   when a row is longer).
  public static func rows(_ rows: [Int], of url: URL) throws(NumpyFormatError) -> Matrix {
    let file: RandomAccessFile
    do { file = try RandomAccessFile(url) } catch { throw NumpyFormatError(error.description) }
    let header = try header(of: file)
    func fail(_ message: String) -> NumpyFormatError { NumpyFormatError("\(url.path): \(message)") }
    guard header.shape.count == 2 else {
      throw fail("shape: expected a 2-D array to read rows of, got shape \(header.shape)")
    }
    let (n, m) = (header.shape[0], header.shape[1])
    for (a, b) in zip(rows, rows.dropFirst()) where b <= a {
      throw fail("rows: must be ascending and distinct, got row \(a) before row \(b)")
    }
    if let bad = rows.first(where: { $0 < 0 || $0 >= n }) {
      throw fail("rows: row \(bad) does not exist (the array has N = \(n) rows, shape \(header.shape))")
    }
    var out = [Double](repeating: 0, count: rows.count * m)  // column-major, rows.count × m
    guard !rows.isEmpty, m > 0 else { return Self.matrix(rows.count, m, out) }
    let width = header.elementBytes
    // One unit is what a requested row contributes to one read: a whole row (C order) or one element of a
    // column (Fortran order, read column by column).
    let unit = header.fortranOrder ? width : m * width
    let columnsPerRead = header.fortranOrder ? m : 1
    let spans = Self.spans(
      rows, maximumGap: rowGapBytes / unit, maximumLength: max(rowReadBytes / unit, 1))
    for read in 0..<columnsPerRead {
      let base = header.dataOffset + (header.fortranOrder ? read * n * width : 0)
      for span in spans {
        let first = rows[span.lowerBound]
        let length = rows[span.upperBound - 1] - first + 1
        let bytes: [UInt8]
        do { bytes = try file.read(length * unit, at: base + first * unit) } catch {
          throw NumpyFormatError(error.description)
        }
        for k in span {
          let start = (rows[k] - first) * unit
          for j in header.fortranOrder ? read..<(read + 1) : 0..<m {
            let value = header.element(bytes, at: header.fortranOrder ? start : start + j * width)
            guard value.isFinite else {
              throw fail("data: row \(rows[k]), column \(j) is \(value) (NaN or ±∞ is refused)")
            }
            out[k + j * rows.count] = value
          }
        }
      }
    }
    return Self.matrix(rows.count, m, out)
  }

  /// The header of an open file, its length checked against the data the shape requires.
  private static func header(of file: RandomAccessFile) throws(NumpyFormatError) -> NumpyHeader {
    func prefix(_ count: Int) throws(NumpyFormatError) -> [UInt8] {
      do { return try file.read(min(count, file.length), at: 0) } catch {
        throw NumpyFormatError(error.description)
      }
    }
    func named(_ error: NumpyFormatError) -> NumpyFormatError {
      NumpyFormatError("\(file.url.path): \(error.message)")
    }
    let preamble = try prefix(12)
    let end: Int
    do { end = try NumpyHeader.headerEnd(preamble) } catch { throw named(error) }
    let bytes = try prefix(end)
    do {
      let header = try NumpyHeader(parsing: bytes)
      try header.checkDataLength(file.length - header.dataOffset)
      return header
    } catch {
      throw named(error)
    }
  }

  /// Positions of `rows` (ascending) grouped into spans read with one call each: a run of rows joins the
  /// span before it when at most `maximumGap` unrequested rows lie between them and the span then covers
  /// at most `maximumLength` rows (a span always holds at least one row).
  static func spans(_ rows: [Int], maximumGap: Int, maximumLength: Int) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    for k in rows.indices.dropFirst() {
      let joins = rows[k] - rows[k - 1] - 1 <= maximumGap && rows[k] - rows[start] + 1 <= maximumLength
      if !joins {
        out.append(start..<k)
        start = k
      }
    }
    if !rows.isEmpty { out.append(start..<rows.count) }
    return out
  }

  /// The `rows × columns` matrix of column-major `elements` (their count is right by construction).
  private static func matrix(_ rows: Int, _ columns: Int, _ elements: [Double]) -> Matrix {
    var matrix = Matrix(rows: rows, columns: columns)
    matrix.elements = elements
    return matrix
  }
}
