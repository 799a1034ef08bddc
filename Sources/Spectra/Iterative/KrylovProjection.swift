// The small projections VᵀW and WᵀW of a Krylov basis and its image, kept up to date block by block.

/// `VᵀW` and `WᵀW` for an orthonormal basis `V` (`n × m`) and its image `W = A·V`, updated as blocks are
/// appended, so that the residuals of the Ritz pairs can be estimated from `m × m` matrices alone:
///
/// ```
/// ½(VᵀW + WᵀV) = S·Θ·Sᵀ,   ‖W·sᵢ − θᵢ·V·sᵢ‖² = sᵢᵀ(WᵀW)sᵢ − 2θᵢ·sᵢᵀ(VᵀW)sᵢ + θᵢ² = sᵢᵀ(WᵀW)sᵢ − θᵢ²
/// ```
///
/// (with `VᵀV = I`). The estimate loses what cancels in the difference, about `(√n + m)·ε·‖A‖²`, so it
/// is a screen, not a test: ``BlockLanczos`` uses it to skip the exact residuals (`O(n·m·k)` flops) while
/// the estimates are clearly above the tolerance.
///
/// Source: Parlett, *The Symmetric Eigenvalue Problem* (1998), §11.4 (Rayleigh–Ritz residuals).
///
/// Complexity: appending `b` columns costs `6·n·m·b` flops (three thin dgemm); the screen an `m × m`
/// eigenproblem.
struct KrylovProjection {
  /// `VᵀW`, `m × m`.
  private(set) var cross: Matrix
  /// `WᵀW`, `m × m`.
  private(set) var gram: Matrix

  /// The projections of an empty basis.
  init() {
    cross = Matrix(rows: 0, columns: 0)
    gram = Matrix(rows: 0, columns: 0)
  }

  /// The projections of a basis and its image, computed in full (`4·n·m²` flops).
  init(basis: Matrix, image: Matrix) throws(LinearAlgebraError) {
    cross = try basis.multiplied(by: image, transposingSelf: true)
    gram = try image.multiplied(by: image, transposingSelf: true)
  }

  /// Extends the projections by the block `v` and its image `w`, given the basis and image before it.
  mutating func append(block v: Matrix, image w: Matrix, basis: Matrix, previousImage: Matrix)
    throws(LinearAlgebraError)
  {
    let m = cross.rows
    let b = v.columns
    let all = m + b
    var newCross = Matrix(rows: all, columns: all)
    var newGram = Matrix(rows: all, columns: all)
    let vw = try v.multiplied(by: w, transposingSelf: true)
    let ww = try w.multiplied(by: w, transposingSelf: true)
    for j in 0..<m {
      for i in 0..<m {
        newCross[i, j] = cross[i, j]
        newGram[i, j] = gram[i, j]
      }
    }
    for j in 0..<b {
      for i in 0..<b {
        newCross[m + i, m + j] = vw[i, j]
        newGram[m + i, m + j] = ww[i, j]
      }
    }
    if m > 0 {
      let oldBasisNew = try basis.multiplied(by: w, transposingSelf: true)  // Vᵀw, m × b
      let newOldImage = try v.multiplied(by: previousImage, transposingSelf: true)  // vᵀW, b × m
      let oldImageNew = try previousImage.multiplied(by: w, transposingSelf: true)  // Wᵀw, m × b
      for j in 0..<b {
        for i in 0..<m {
          newCross[i, m + j] = oldBasisNew[i, j]
          newCross[m + j, i] = newOldImage[j, i]
          newGram[i, m + j] = oldImageNew[i, j]
          newGram[m + j, i] = oldImageNew[i, j]
        }
      }
    }
    cross = newCross
    gram = newGram
  }

  /// The projections after the restart `V ← V·S`, `W ← W·S`: `Sᵀ(VᵀW)S` and `Sᵀ(WᵀW)S`.
  mutating func restart(by s: Matrix) throws(LinearAlgebraError) {
    cross = try s.multiplied(by: try cross.multiplied(by: s), transposingSelf: true)
    gram = try s.multiplied(by: try gram.multiplied(by: s), transposingSelf: true)
  }

  /// Whether every one of the `p` largest Ritz pairs may meet `‖r‖ ≤ tolerance·|θ|_max`: false only when
  /// some estimated residual exceeds the tolerance by more than the estimate's rounding floor for
  /// vectors of length `n`.
  func mayHaveConverged(count p: Int, tolerance: Double, dimension n: Int) throws(LinearAlgebraError) -> Bool
  {
    let m = cross.rows
    guard p <= m else { return false }
    let (values, s, norm) = try RitzExtraction.largestPairs(of: cross, count: p)
    let floor = 16 * (Double(n).squareRoot() + Double(m)) * .ulpOfOne
    let limit = (tolerance * tolerance + floor) * norm * norm
    let gs = try gram.multiplied(by: s)  // WᵀW·S_p
    for j in 0..<p {
      var sGs = 0.0
      for i in 0..<m { sGs += s[i, j] * gs[i, j] }
      if sGs - values[j] * values[j] > limit { return false }
    }
    return true
  }
}
