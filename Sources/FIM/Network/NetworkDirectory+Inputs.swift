// X.npy of a network directory read by rows: each MPI rank reads only its samples.
import Foundation
import Spectra

extension NetworkDirectory {
  /// The inputs `X.npy` (N × M_0) of a network directory, checked from the header and read by rows.
  ///
  /// Opening checks what ``NetworkDirectory/load(from:activation:parameterisation:sigmaW2:sigmaB2:)``
  /// checks of `X.npy` without reading its data: the file exists, its header is a valid real `.npy` whose
  /// length matches its shape (`NumpyArray.header(of:)`), the shape is `(N, M_0)` with N > 0, and, with
  /// `network.json`, the file has the recorded size. The recorded CRC-32 is checked only when asked
  /// (`verifyingChecksum`), by streaming the file in chunks (`InputFile.checksum(of:chunkBytes:)`:
  /// constant memory): `spectra-mpi` asks on rank 0 alone, so the file is read in full once per job, not
  /// once per rank. `rows(_:)` then reads only the bytes of the requested rows (`NumpyArray.rows(_:of:)`)
  /// and refuses NaN or ±∞ in them; a file replaced after opening is caught by its header and length, not
  /// by the checksum.
  public struct Inputs: Sendable {
    /// `X.npy`.
    public let url: URL
    /// N, the rows of `X.npy`.
    public let samples: Int
    /// M_0, the columns of `X.npy` (the network's input width).
    public let inputWidth: Int
    /// Whether the file's CRC-32 was checked against `network.json` on opening.
    public let checksumVerified: Bool

    /// Opens `X.npy` of `directory` for a network of input width `inputWidth`.
    ///
    /// - Throws: `ConfigurationError` with field `X.npy` (or `network`, `network.json` for the directory
    ///   and its manifest) and a message starting with the path, as
    ///   ``NetworkDirectory/load(from:activation:parameterisation:sigmaW2:sigmaB2:)``.
    public init(directory: URL, inputWidth: Int, verifyingChecksum: Bool) throws(ConfigurationError) {
      let layout = try NetworkDirectory.existingLayout(directory)
      url = try layout.existingFile("X.npy")
      let expected = try layout.recordedSize(of: "X.npy")
      let header: NumpyHeader
      do { header = try NumpyArray.header(of: url) } catch {
        throw ConfigurationError(field: "X.npy", error.message)
      }
      try NetworkDirectory.checkInputShape(header.shape, inputWidth: inputWidth, path: url.path)
      if verifyingChecksum, let expected {
        let sum: (bytes: Int, crc32: UInt32)
        do { sum = try InputFile.checksum(of: url) } catch {
          throw ConfigurationError(field: "X.npy", error.description)
        }
        let crc = NetworkManifest.hex(sum.crc32)
        guard sum.bytes == expected.bytes, crc == expected.crc32 else {
          throw layout.mismatch("X.npy", bytes: sum.bytes, crc32: crc, expected: expected)
        }
      }
      samples = header.shape[0]
      self.inputWidth = inputWidth
      checksumVerified = verifyingChecksum && expected != nil
    }

    /// Rows `rows` (ascending, distinct, in `0..<samples`) of the inputs, one sample per row.
    ///
    /// - Throws: `ConfigurationError` with field `X.npy` and a message starting with the path, for rows
    ///   out of range or not ascending, NaN or ±∞ in a requested row, or a file that no longer has
    ///   ``inputWidth`` columns or is no longer a valid `.npy`.
    public func rows(_ rows: [Int]) throws(ConfigurationError) -> Matrix {
      let matrix: Matrix
      do { matrix = try NumpyArray.rows(rows, of: url) } catch {
        throw ConfigurationError(field: "X.npy", error.message)
      }
      guard matrix.columns == inputWidth else {
        throw ConfigurationError(
          field: "X.npy",
          "\(url.path): inputs now have \(matrix.columns) columns, \(inputWidth) when opened (the file changed)"
        )
      }
      return matrix
    }

    /// The contiguous rows `range` of the inputs (an MPI rank's slice of the samples).
    ///
    /// - Throws: as `rows(_:)`.
    public func rows(_ range: Range<Int>) throws(ConfigurationError) -> Matrix { try rows(Array(range)) }
  }
}
