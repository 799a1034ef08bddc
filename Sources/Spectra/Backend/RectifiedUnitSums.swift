// Fused passes over the pre-activations Z of a rectifier layer: outputs Σ_n β_n σ(Z_μn) and the per-unit
// sums of a gradient, without materialising σ(Z) or σ'(Z) (the stripe network's hot loop).

/// Fused column passes over a `p × h` pre-activation matrix `Z` with the rectifier `σ(z) = s·max(0, z)`.
///
/// ```
/// outputs:     f_μ    = Σ_n β_n σ(Z_μn)
/// unit sums:   v_n    = Σ_μ c_μ s·θ(P_μn)·Z_μn      (σ(Z) with the ReLU pattern of P)
///              u_n    = Σ_μ c_μ s·θ(P_μn)           (σ'(Z) with the pattern of P)
///              X̄_nj  = Σ_μ c_μ s·θ(P_μn)·X_μj
/// ```
/// `P = Z` gives the network's own pattern; another `P` (the pre-activations of an earlier state) gives
/// the network continued linearly across its kinks. θ(0) = 0, as in ``Matrix/rectified(scale:)``.
/// These are the three products `σ(Z)ᵀc`, `σ'(Z)ᵀc` and `σ'(Z)ᵀ diag(c) X` of the hinge gradient, read in
/// one pass over `Z` (and `P`) instead of three BLAS calls over two materialised `p × h` matrices.
///
/// Sparse correction: the sums for `(Z, pattern Z, c')` follow from those for `(Z, pattern P, c)` as
/// ```
/// Σ_μ c'_μ θ(Z_μn) φ_μn = Σ_μ c_μ θ(P_μn) φ_μn + Σ_{(μ,n): θ(Z) ≠ θ(P)} c_μ (θ(Z_μn) − θ(P_μn)) φ_μn
///                                            + Σ_{μ: c'_μ ≠ c_μ} (c'_μ − c_μ) θ(Z_μn) φ_μn
/// ```
/// for φ ∈ {s·Z, s, s·X_·j}: O(flips·d + changed·h·d) instead of a pass over Z.
///
/// Source: shared/science/stripe.md §2.1, §2.3
public enum RectifiedUnitSums {
  /// The unit sums v, u, X̄ and, when recorded, the entries where the two patterns differ.
  public struct Sums: Sendable, Equatable {
    /// v_n (h).
    public var value: [Double]
    /// u_n (h).
    public var derivative: [Double]
    /// X̄ (`h × d`, column-major).
    public var inputs: [Double]
    /// Linear indices μ + n·p where θ(Z_μn) ≠ θ(P_μn) (empty unless recorded).
    public var flips: [Int]
  }

  /// `f_μ = Σ_n β_n s·max(0, Z_μn)` for every row μ of `z`.
  ///
  /// - Precondition: `weights.count == z.columns`.
  /// - Complexity: one read of Z, 2·p·h flops.
  public static func outputs(_ z: Matrix, weights: [Double], scale s: Double) -> [Double] {
    precondition(weights.count == z.columns, "one weight per column")
    let p = z.rows
    var out = [Double](repeating: 0, count: p)
    z.elements.withUnsafeBufferPointer { zb in
      out.withUnsafeMutableBufferPointer { ob in
        for n in 0..<z.columns {
          let b = s * weights[n]
          let col = zb.baseAddress! + n * p
          for mu in 0..<p { ob[mu] += b * Swift.max(0, col[mu]) }
        }
      }
    }
    return out
  }

  /// The unit sums v, u, X̄ (see the type) of the values `z` with the pattern of `pattern`.
  ///
  /// - Parameters:
  ///   - z: the `p × h` pre-activations whose rectified values are summed.
  ///   - pattern: the `p × h` matrix whose signs select the active units (`z` itself for σ(Z), σ'(Z)).
  ///   - coefficients: c_μ, one per row.
  ///   - inputs: X, `p × d`.
  ///   - s: the rectifier's scale.
  ///   - recordingFlips: whether to list the entries where θ(Z) ≠ θ(P) (for ``corrected(_:_:pattern:from:to:inputs:scale:)``).
  /// - Complexity: one read of Z and P, 2·p·h·(d + 2) flops.
  public static func unitSums(
    _ z: Matrix, pattern: Matrix, coefficients: [Double], inputs: Matrix, scale s: Double,
    recordingFlips: Bool = false
  ) -> Sums {
    let (c, x) = (coefficients, inputs)
    let p = z.rows
    let h = z.columns
    let d = x.columns
    precondition(pattern.rows == p && pattern.columns == h, "pattern must have the shape of z")
    precondition(c.count == p && x.rows == p, "one coefficient and one input row per point")
    var value = [Double](repeating: 0, count: h)
    var derivative = [Double](repeating: 0, count: h)
    var xs = [Double](repeating: 0, count: h * d)
    var flips: [Int] = []
    let lanes = 8
    let blocks = p / lanes
    let tail = blocks * lanes
    typealias V = SIMD8<Double>
    z.elements.withUnsafeBufferPointer { zb in
      pattern.elements.withUnsafeBufferPointer { pb in
        c.withUnsafeBufferPointer { cb in
          x.elements.withUnsafeBufferPointer { xb in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, p)) { mb in
              let cr = UnsafeRawPointer(cb.baseAddress!)
              let xr = UnsafeRawPointer(xb.baseAddress!)
              let mr = UnsafeMutableRawPointer(mb.baseAddress!)
              for n in 0..<h {
                let zc = zb.baseAddress! + n * p
                let pc = pb.baseAddress! + n * p
                let zr = UnsafeRawPointer(zc)
                let pr = UnsafeRawPointer(pc)
                // Pass 1: the masked coefficients m_μ = c_μ θ(P_μn) (kept in L1), Σ m and Σ m·z.
                var accV = V()
                var accU = V()
                for blk in 0..<blocks {
                  let off = blk * lanes * 8
                  let zv = zr.loadUnaligned(fromByteOffset: off, as: V.self)
                  let pv = pr.loadUnaligned(fromByteOffset: off, as: V.self)
                  let cv = cr.loadUnaligned(fromByteOffset: off, as: V.self)
                  let on = pv .> 0
                  let m = V().replacing(with: cv, where: on)
                  mr.storeBytes(of: m, toByteOffset: off, as: V.self)
                  accU += m
                  accV += m * zv
                  if recordingFlips && any(on .^ (zv .> 0)) {
                    for l in 0..<lanes where (zc[blk * lanes + l] > 0) != (pc[blk * lanes + l] > 0) {
                      flips.append(blk * lanes + l + n * p)
                    }
                  }
                }
                var v = accV.sum()
                var u = accU.sum()
                for mu in tail..<p {
                  let m = pc[mu] > 0 ? cb[mu] : 0
                  mb[mu] = m
                  u += m
                  v += m * zc[mu]
                  if recordingFlips && (zc[mu] > 0) != (pc[mu] > 0) { flips.append(mu + n * p) }
                }
                value[n] = s * v
                derivative[n] = s * u
                // Pass 2: X̄_nj = Σ_μ m_μ X_μj, four columns of X at a time.
                var j = 0
                while j < d {
                  let k = min(4, d - j)
                  var a0 = V()
                  var a1 = V()
                  var a2 = V()
                  var a3 = V()
                  let col = j * p * 8
                  for blk in 0..<blocks {
                    let off = blk * lanes * 8
                    let m = UnsafeRawPointer(mr).loadUnaligned(fromByteOffset: off, as: V.self)
                    a0 += m * xr.loadUnaligned(fromByteOffset: col + off, as: V.self)
                    if k > 1 { a1 += m * xr.loadUnaligned(fromByteOffset: col + p * 8 + off, as: V.self) }
                    if k > 2 { a2 += m * xr.loadUnaligned(fromByteOffset: col + 2 * p * 8 + off, as: V.self) }
                    if k > 3 { a3 += m * xr.loadUnaligned(fromByteOffset: col + 3 * p * 8 + off, as: V.self) }
                  }
                  let partial = (a0.sum(), a1.sum(), a2.sum(), a3.sum())
                  for i in 0..<k {
                    var t = i == 0 ? partial.0 : (i == 1 ? partial.1 : (i == 2 ? partial.2 : partial.3))
                    for mu in tail..<p { t += mb[mu] * xb[mu + (j + i) * p] }
                    xs[n + (j + i) * h] = s * t
                  }
                  j += 4
                }
              }
            }
          }
        }
      }
    }
    return Sums(value: value, derivative: derivative, inputs: xs, flips: flips)
  }

  /// The unit sums for `(z, pattern z, c')` from `sums` for `(z, pattern, c)` by the sparse correction
  /// (see the type). `sums.flips` must have been recorded.
  ///
  /// - Complexity: O(flips·d + changed·h·d), where changed counts the μ with c'_μ ≠ c_μ.
  public static func corrected(
    _ sums: Sums, _ z: Matrix, pattern: Matrix, from c: [Double], to c2: [Double], inputs x: Matrix,
    scale s: Double
  ) -> Sums {
    let p = z.rows
    let h = z.columns
    let d = x.columns
    precondition(c.count == p && c2.count == p && x.rows == p, "one coefficient and one input row per point")
    var out = sums
    out.flips = []
    let ze = z.elements
    let xe = x.elements
    for index in sums.flips {
      let mu = index % p
      let n = index / p
      guard c[mu] != 0 else { continue }
      // θ(Z) − θ(P) = ±1.
      let w = ze[index] > 0 ? s * c[mu] : -s * c[mu]
      out.value[n] += w * ze[index]
      out.derivative[n] += w
      for j in 0..<d { out.inputs[n + j * h] += w * xe[mu + j * p] }
    }
    for mu in 0..<p where c2[mu] != c[mu] {
      let w = s * (c2[mu] - c[mu])
      for n in 0..<h where ze[mu + n * p] > 0 {
        out.value[n] += w * ze[mu + n * p]
        out.derivative[n] += w
        for j in 0..<d { out.inputs[n + j * h] += w * xe[mu + j * p] }
      }
    }
    return out
  }
}
