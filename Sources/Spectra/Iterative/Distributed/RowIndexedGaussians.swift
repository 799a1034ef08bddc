// Random vectors that do not depend on how rows are split across ranks: one Gaussian per (seed, tag, row).
import Foundation

/// Standard normal entries addressed by `(seed, tag, column, global row)`, so a rank can draw exactly its
/// own rows of a random block and the block is the same for any number of ranks:
///
/// ```
/// key = splitmix64(splitmix64(splitmix64(seed ⊕ tag) ⊕ column) ⊕ row)
/// u₁ = (key >> 11 + ½)/2⁵³,  u₂ = (splitmix64(key) >> 11 + ½)/2⁵³,  x = √(−2 ln u₁)·cos(2π u₂)   (Box–Muller)
/// ```
/// SplitMix64 is the finaliser of Steele, Lea & Flood (OOPSLA 2014), as in ``RandomStream/child(_:)``.
public enum RowIndexedGaussians {
  /// The `rows.count × columns` block whose entry `(i, j)` is the Gaussian of `(seed, tag, j, rows[i])`.
  public static func block(rows: [Int], columns: Int, seed: UInt64, tag: UInt64) -> Matrix {
    var m = Matrix(rows: rows.count, columns: columns)
    let base = RandomStream.splitmix64(seed ^ tag)
    m.modifyElements { e in
      for j in 0..<columns {
        let columnKey = RandomStream.splitmix64(base ^ UInt64(j))
        for (i, row) in rows.enumerated() { e[i + j * rows.count] = gaussian(columnKey ^ UInt64(row)) }
      }
    }
    return m
  }

  /// The Box–Muller variate of one key.
  static func gaussian(_ key: UInt64) -> Double {
    let a = RandomStream.splitmix64(key)
    let b = RandomStream.splitmix64(a)
    let u1 = (Double(a >> 11) + 0.5) * 0x1p-53
    let u2 = (Double(b >> 11) + 0.5) * 0x1p-53
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }
}
