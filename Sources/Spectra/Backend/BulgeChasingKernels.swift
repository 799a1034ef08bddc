// The three task types of stage 2's bulge chasing (LAPACK's dsb2st_kernels, lower storage, no vectors),
// written out so that no BLAS call, and so no process-wide BLAS thread setting, is involved.

/// One bulge-chasing task on the working band of ``BulgeChasing``.
///
/// The band is stored with leading dimension `lda = 2·kd + 1`: `A[i, j]` (i ≥ j) at row `i − j` of column
/// `j`, the rows below `kd` holding the bulge. Seen with leading dimension `lda − 1`, a stretch of the band
/// is an ordinary column-major matrix, which is how the reflectors are applied (as in LAPACK). With
/// `H = I − τ·v·vᵀ`:
///
/// ```
/// type 1: v, τ from column st − 1 rows st…ed (dlarfg);  then type 3
/// type 3: A[st…ed, st…ed] ← H·A·H                          (dlarfy: w = A·v, w −= ½τ(wᵀv)·v, A −= τ(v·wᵀ + w·vᵀ))
/// type 2: A[ed+1…, st…ed] ← A·H (the previous reflector, from the right);
///         a new reflector from its first column (dlarfg), applied from the left to the rest
/// ```
///
/// Householder vectors are kept in `v`, `tau` at `((sweep − 1) mod 2)·n + column`, as LAPACK does.
///
/// Source: LAPACK 3.7 `dsb2st_kernels`, `dlarfg`, `dlarfx`, `dlarfy`; Haidar, Ltaief & Dongarra, SC'11.
struct BulgeChasingKernels {
  let n: Int
  let kd: Int
  let a: UnsafeMutablePointer<Double>
  let v: UnsafeMutablePointer<Double>
  let tau: UnsafeMutablePointer<Double>
  let work: UnsafeMutablePointer<Double>

  var lda: Int { 2 * kd + 1 }

  /// The band entry at 1-based (row, column) of the working array, LAPACK's `A(row, column)`.
  func entry(_ row: Int, _ column: Int) -> UnsafeMutablePointer<Double> { a + (row - 1) + (column - 1) * lda }

  /// Runs task `type` (1, 2 or 3) on columns `st…ed` (1-based) of sweep `sweep`.
  func run(type: Int, st: Int, ed: Int, sweep: Int) {
    let half = ((sweep - 1) % 2) * n
    var position = half + st
    switch type {
    case 1:
      let lm = ed - st + 1
      v[position - 1] = 1
      for i in 1..<max(lm, 1) {
        v[position - 1 + i] = entry(2 + i, st - 1).pointee
        entry(2 + i, st - 1).pointee = 0
      }
      tau[position - 1] = Self.householder(lm, alpha: entry(2, st - 1), x: v + position)
      Self.symmetricUpdate(
        lm, v: v + position - 1, tau: tau[position - 1], c: entry(1, st), ldc: lda - 1, work: work)
    case 3:
      let lm = ed - st + 1
      Self.symmetricUpdate(
        lm, v: v + position - 1, tau: tau[position - 1], c: entry(1, st), ldc: lda - 1, work: work)
    default:
      let j1 = ed + 1
      let j2 = min(ed + kd, n)
      let ln = ed - st + 1
      let lm = j2 - j1 + 1
      guard lm > 0 else { return }
      Self.applyRight(
        rows: lm, columns: ln, v: v + position - 1, tau: tau[position - 1], c: entry(1 + kd, st),
        ldc: lda - 1,
        work: work)
      position = half + j1
      v[position - 1] = 1
      for i in 1..<max(lm, 1) {
        v[position - 1 + i] = entry(1 + kd + i, st).pointee
        entry(1 + kd + i, st).pointee = 0
      }
      tau[position - 1] = Self.householder(lm, alpha: entry(1 + kd, st), x: v + position)
      Self.applyLeft(
        rows: lm, columns: ln - 1, v: v + position - 1, tau: tau[position - 1], c: entry(kd, st + 1),
        ldc: lda - 1, work: work)
    }
  }

  /// dlarfg: the reflector `H` with `H·[α; x] = [β; 0]`; overwrites `α` by β and `x` by `v[1…]` (v₀ = 1),
  /// returns τ (0 when x = 0). `count` is the order of `H`.
  static func householder(_ count: Int, alpha: UnsafeMutablePointer<Double>, x: UnsafeMutablePointer<Double>)
    -> Double
  {
    guard count > 1 else { return 0 }
    let m = count - 1
    var norm = euclideanNorm(m, x)
    guard norm != 0 else { return 0 }
    var a = alpha.pointee
    var beta = -Double(signOf: a, magnitudeOf: pythagoras(a, norm))
    let safeMinimum = Double.leastNormalMagnitude / (Double.ulpOfOne / 2)
    var rescalings = 0
    if abs(beta) < safeMinimum {
      let inverse = 1 / safeMinimum
      repeat {
        rescalings += 1
        for i in 0..<m { x[i] *= inverse }
        beta *= inverse
        a *= inverse
      } while abs(beta) < safeMinimum && rescalings < 20
      norm = euclideanNorm(m, x)
      beta = -Double(signOf: a, magnitudeOf: pythagoras(a, norm))
    }
    let tau = (beta - a) / beta
    let scale = 1 / (a - beta)
    for i in 0..<m { x[i] *= scale }
    for _ in 0..<rescalings { beta *= safeMinimum }
    alpha.pointee = beta
    return tau
  }

  /// dlarfy (lower): `C ← H·C·H` for the symmetric `order × order` matrix whose lower triangle is `c`.
  static func symmetricUpdate(
    _ order: Int, v: UnsafeMutablePointer<Double>, tau: Double, c: UnsafeMutablePointer<Double>, ldc: Int,
    work w: UnsafeMutablePointer<Double>
  ) {
    guard tau != 0, order > 0 else { return }
    // w = C·v (lower triangle only: dsymv's column sweep)
    for i in 0..<order { w[i] = 0 }
    for j in 0..<order {
      let column = c + j * ldc
      let vj = v[j]
      var dot = 0.0
      w[j] += vj * column[j]
      for i in (j + 1)..<order {
        w[i] += vj * column[i]
        dot += column[i] * v[i]
      }
      w[j] += dot
    }
    // w ← w − ½τ(wᵀv)·v
    var wv = 0.0
    for i in 0..<order { wv += w[i] * v[i] }
    let shift = -0.5 * tau * wv
    for i in 0..<order { w[i] += shift * v[i] }
    // C ← C − τ(v·wᵀ + w·vᵀ), lower triangle
    for j in 0..<order {
      let column = c + j * ldc
      let wj = -tau * w[j]
      let vj = -tau * v[j]
      for i in j..<order { column[i] += v[i] * wj + w[i] * vj }
    }
  }

  /// dlarfx 'Right': `C ← C·H` for the `rows × columns` matrix `c` (v has `columns` entries).
  static func applyRight(
    rows: Int, columns: Int, v: UnsafeMutablePointer<Double>, tau: Double, c: UnsafeMutablePointer<Double>,
    ldc: Int, work w: UnsafeMutablePointer<Double>
  ) {
    guard tau != 0, rows > 0, columns > 0 else { return }
    for i in 0..<rows { w[i] = 0 }
    for j in 0..<columns {
      let column = c + j * ldc
      let vj = v[j]
      for i in 0..<rows { w[i] += column[i] * vj }
    }
    for j in 0..<columns {
      let column = c + j * ldc
      let scaled = -tau * v[j]
      for i in 0..<rows { column[i] += w[i] * scaled }
    }
  }

  /// dlarfx 'Left': `C ← H·C` for the `rows × columns` matrix `c` (v has `rows` entries).
  static func applyLeft(
    rows: Int, columns: Int, v: UnsafeMutablePointer<Double>, tau: Double, c: UnsafeMutablePointer<Double>,
    ldc: Int, work w: UnsafeMutablePointer<Double>
  ) {
    guard tau != 0, rows > 0, columns > 0 else { return }
    for j in 0..<columns {
      let column = c + j * ldc
      var dot = 0.0
      for i in 0..<rows { dot += column[i] * v[i] }
      w[j] = dot
    }
    for j in 0..<columns {
      let column = c + j * ldc
      let scaled = -tau * w[j]
      for i in 0..<rows { column[i] += v[i] * scaled }
    }
  }

  /// ‖x‖₂ of `count` entries, scaled by the largest so that neither squares nor sums over- or underflow.
  static func euclideanNorm(_ count: Int, _ x: UnsafeMutablePointer<Double>) -> Double {
    var largest = 0.0
    for i in 0..<count { largest = max(largest, abs(x[i])) }
    guard largest > 0, largest.isFinite else { return largest }
    var sum = 0.0
    for i in 0..<count {
      let r = x[i] / largest
      sum += r * r
    }
    return largest * sum.squareRoot()
  }

  /// dlapy2: √(x² + y²) without over- or underflow.
  static func pythagoras(_ x: Double, _ y: Double) -> Double {
    let w = max(abs(x), abs(y))
    let z = min(abs(x), abs(y))
    guard z != 0, w <= Double.greatestFiniteMagnitude else { return w }
    let r = z / w
    return w * (1 + r * r).squareRoot()
  }
}
