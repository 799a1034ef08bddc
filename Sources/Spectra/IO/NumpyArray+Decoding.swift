// Decoding the bytes of a whole `.npy` file: the header (NumpyHeader), then the data; every size checked.
import Foundation

extension NumpyArray {
  /// The largest header a file may declare: 1 MiB (NumPy itself refuses headers over 10 000 bytes).
  public static let maximumHeaderLength = 1 << 20
  /// The most dimensions a shape may have (NumPy 2's limit).
  public static let maximumDimensionCount = 64

  /// Decodes the bytes of a `.npy` file.
  ///
  /// Each message starts with the field at fault (`magic`, `version`, `header length`, `descr`,
  /// `fortran_order`, `shape`, `data`) and quotes the value found.
  ///
  /// - Throws: ``NumpyFormatError`` describing the first problem found.
  /// - Complexity: O(file length); nothing is allocated for the elements before the shape's byte count
  ///   has been checked against the bytes the file holds.
  public init(npyData data: Data) throws(NumpyFormatError) {
    let bytes = [UInt8](data)
    let header = try NumpyHeader(parsing: bytes)
    try header.checkDataLength(bytes.count - header.dataOffset)
    let count = header.elementCount
    var values = [Double](repeating: 0, count: count)
    for e in 0..<count {
      values[e] = header.element(bytes, at: header.dataOffset + e * header.elementBytes)
    }
    if header.fortranOrder && header.shape.count > 1 && count > 0 {
      values = Self.fortranToC(values, shape: header.shape)
    }
    try self.init(shape: header.shape, elements: values)
  }

  /// Reorders Fortran-order (first index fastest) elements into C order.
  ///
  /// - Precondition: `values.count` is the (non-zero) product of `shape`, so no stride overflows.
  private static func fortranToC(_ values: [Double], shape: [Int]) -> [Double] {
    let d = shape.count
    var fStride = [Int](repeating: 1, count: d)
    for a in 1..<d { fStride[a] = fStride[a - 1] * shape[a - 1] }
    var out = [Double](repeating: 0, count: values.count)
    var index = [Int](repeating: 0, count: d)
    for c in 0..<values.count {
      var f = 0
      for a in 0..<d { f += index[a] * fStride[a] }
      out[c] = values[f]
      var a = d - 1
      while a >= 0 {
        index[a] += 1
        if index[a] < shape[a] { break }
        index[a] = 0
        a -= 1
      }
    }
    return out
  }
}
