// Matrices from storage of known size, row selection, and matrix–vector products against hand results.
import Spectra
import Testing

@Suite("Matrix rows and matrix–vector products")
struct MatrixRowsTests {
  /// [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]] (4 × 3).
  static let a = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])

  @Test("exact column-major storage builds the same matrix as the throwing initialiser")
  func exactStorage() throws {
    let storage: [Double] = [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12]
    #expect(Matrix(rows: 4, columns: 3, exactColumnMajor: storage) == Self.a)
    #expect(try Matrix(rows: 4, columns: 3, columnMajor: storage) == Self.a)
  }

  @Test("selecting rows keeps the requested order and repeats; firstRows is the prefix")
  func rows() {
    #expect(Self.a.selectingRows([3, 0, 3]) == Matrix([[10, 11, 12], [1, 2, 3], [10, 11, 12]]))
    #expect(Self.a.selectingRows([]).rows == 0 && Self.a.selectingRows([]).columns == 3)
    #expect(Self.a.firstRows(2) == Matrix([[1, 2, 3], [4, 5, 6]]))
  }

  @Test("A·v and Aᵀ·v equal the hand-computed products exactly (small integers)")
  func products() {
    #expect(Self.a.multiplied(byVector: [1, 0, -1]) == [-2, -2, -2, -2])
    #expect(Self.a.multiplied(byVector: [1, 1, 1]) == [6, 15, 24, 33])
    #expect(Self.a.transposeMultiplied(byVector: [1, 0, 0, 1]) == [11, 13, 15])
    #expect(Self.a.transposeMultiplied(byVector: [0, 1, 1, 0]) == [11, 13, 15])
  }
}
