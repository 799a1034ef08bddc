// Fused passes over the pre-activations Z of a rectifier layer: outputs Σ_n β_n σ(Z_μn) and the per-unit
// sums of a gradient, without materialising σ(Z) or σ'(Z) (the stripe network's hot loop).

import Dispatch

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
  /// Rows are split into contiguous ranges over `threads` workers; each f_μ is summed over n in
  /// increasing order by one worker, so the result does not depend on the worker count.
  ///
  /// - Precondition: `weights.count == z.columns`.
  /// - Complexity: one read of Z, 2·p·h flops.
  public static func outputs(
    _ z: Matrix, weights: [Double], scale s: Double, threads: Int = BLASThreads.count
  )
    -> [Double]
  {
    precondition(weights.count == z.columns, "one weight per column")
    let p = z.rows
    let h = z.columns
    var out = [Double](repeating: 0, count: p)
    let workers = max(1, min(threads, p / 256))
    z.elements.withUnsafeBufferPointer { zb in
      weights.withUnsafeBufferPointer { wb in
        out.withUnsafeMutableBufferPointer { ob in
          let pass = OutputPass(z: zb.baseAddress!, weights: wb.baseAddress!, out: ob.baseAddress!)
          DispatchQueue.concurrentPerform(iterations: workers) { w in
            let rows = (w * p / workers)..<((w + 1) * p / workers)
            for n in 0..<h {
              let b = s * pass.weights[n]
              let col = pass.z + n * p
              for mu in rows { pass.out[mu] += b * Swift.max(0, col[mu]) }
            }
          }
        }
      }
    }
    return out
  }

  /// The unit sums v, u, X̄ (see the type) of the values `z` with the pattern of `pattern`.
  ///
  /// Units are split into contiguous ranges over `threads` workers; each unit's sums are computed by one
  /// worker in a fixed order, so the result does not depend on the worker count. When at most a
  /// sixteenth of the coefficients are non-zero (the late phase of hinge training: few points below the
  /// margin), only those rows are read (``sparseRowsFraction``); the choice depends on `c` alone.
  ///
  /// - Parameters:
  ///   - z: the `p × h` pre-activations whose rectified values are summed.
  ///   - pattern: the `p × h` matrix whose signs select the active units (`z` itself for σ(Z), σ'(Z)).
  ///   - coefficients: c_μ, one per row.
  ///   - inputs: X, `p × d`.
  ///   - s: the rectifier's scale.
  ///   - recordingFlips: whether to list the entries where θ(Z) ≠ θ(P) (for
  ///     ``corrected(_:_:pattern:from:to:inputs:scale:)``); rows with c_μ = 0 may be left out, since the
  ///     correction skips them.
  ///   - threads: workers (default: the BLAS thread count).
  /// - Complexity: one read of Z and P, 2·p·h·(d + 2) flops; O(nnz(c)·h·d) on the sparse path.
  public static func unitSums(
    _ z: Matrix, pattern: Matrix, coefficients: [Double], inputs: Matrix, scale s: Double,
    recordingFlips: Bool = false, threads: Int = BLASThreads.count
  ) -> Sums {
    let (c, x) = (coefficients, inputs)
    let p = z.rows
    let h = z.columns
    let d = x.columns
    precondition(pattern.rows == p && pattern.columns == h, "pattern must have the shape of z")
    precondition(c.count == p && x.rows == p, "one coefficient and one input row per point")
    let active = c.indices.filter { c[$0] != 0 }
    if Double(active.count) <= sparseRowsFraction * Double(p) {
      return sparseUnitSums(
        z, pattern: pattern, rows: active, coefficients: c, inputs: x, scale: s,
        recordingFlips: recordingFlips)
    }
    var value = [Double](repeating: 0, count: h)
    var derivative = [Double](repeating: 0, count: h)
    var xs = [Double](repeating: 0, count: h * d)
    let workers = max(1, min(threads, h / 64))
    var flipsByWorker = [[Int]](repeating: [], count: workers)
    z.elements.withUnsafeBufferPointer { zb in
      pattern.elements.withUnsafeBufferPointer { pb in
        c.withUnsafeBufferPointer { cb in
          x.elements.withUnsafeBufferPointer { xb in
            value.withUnsafeMutableBufferPointer { vb in
              derivative.withUnsafeMutableBufferPointer { ub in
                xs.withUnsafeMutableBufferPointer { sb in
                  flipsByWorker.withUnsafeMutableBufferPointer { fb in
                    let pass = UnitSumPass(
                      z: zb.baseAddress!, pattern: pb.baseAddress!, c: cb.baseAddress!, x: xb.baseAddress!,
                      value: vb.baseAddress!, derivative: ub.baseAddress!, inputs: sb.baseAddress!,
                      flips: fb.baseAddress!, p: p, h: h, d: d, scale: s, recordingFlips: recordingFlips)
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                      pass.run(units: (w * h / workers)..<((w + 1) * h / workers), worker: w)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Sums(value: value, derivative: derivative, inputs: xs, flips: flipsByWorker.flatMap { $0 })
  }

  /// The largest fraction of non-zero coefficients for which ``unitSums(_:pattern:coefficients:inputs:scale:recordingFlips:threads:)``
  /// reads only the rows with c_μ ≠ 0.
  public static let sparseRowsFraction = 1.0 / 16

  /// The unit sums from the rows `rows` (those with c_μ ≠ 0), read across Z's columns: O(|rows|·h·d).
  private static func sparseUnitSums(
    _ z: Matrix, pattern: Matrix, rows: [Int], coefficients c: [Double], inputs x: Matrix, scale s: Double,
    recordingFlips: Bool
  ) -> Sums {
    let p = z.rows
    let h = z.columns
    let d = x.columns
    var value = [Double](repeating: 0, count: h)
    var derivative = [Double](repeating: 0, count: h)
    var xs = [Double](repeating: 0, count: h * d)
    var flips: [Int] = []
    let ze = z.elements
    let pe = pattern.elements
    let xe = x.elements
    for n in 0..<h {
      var v = 0.0
      var u = 0.0
      for mu in rows {
        let index = mu + n * p
        let on = pe[index] > 0
        if recordingFlips && on != (ze[index] > 0) { flips.append(index) }
        guard on else { continue }
        u += c[mu]
        v += c[mu] * ze[index]
        for j in 0..<d { xs[n + j * h] += c[mu] * xe[mu + j * p] }
      }
      value[n] = s * v
      derivative[n] = s * u
      for j in 0..<d { xs[n + j * h] *= s }
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

/// The pointers and sizes of one dense unit-sum pass, shared by the workers; each worker writes the sums
/// of its own units (disjoint elements) and its own flip list.
private struct UnitSumPass: @unchecked Sendable {
  let z: UnsafePointer<Double>
  let pattern: UnsafePointer<Double>
  let c: UnsafePointer<Double>
  let x: UnsafePointer<Double>
  let value: UnsafeMutablePointer<Double>
  let derivative: UnsafeMutablePointer<Double>
  let inputs: UnsafeMutablePointer<Double>
  let flips: UnsafeMutablePointer<[Int]>
  let p: Int
  let h: Int
  let d: Int
  let scale: Double
  let recordingFlips: Bool

  /// The sums of the units `units`, in increasing n (worker `worker` owns `flips[worker]`).
  func run(units: Range<Int>, worker: Int) {
    let (p, d, s) = (self.p, self.d, scale)
    let lanes = 8
    let blocks = p / lanes
    let tail = blocks * lanes
    typealias V = SIMD8<Double>
    var found: [Int] = []
    let cr = UnsafeRawPointer(c)
    let xr = UnsafeRawPointer(x)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, p)) { mb in
      let mr = UnsafeMutableRawPointer(mb.baseAddress!)
      for n in units {
        let zc = z + n * p
        let pc = pattern + n * p
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
              found.append(blk * lanes + l + n * p)
            }
          }
        }
        var v = accV.sum()
        var u = accU.sum()
        for mu in tail..<p {
          let m = pc[mu] > 0 ? c[mu] : 0
          mb[mu] = m
          u += m
          v += m * zc[mu]
          if recordingFlips && (zc[mu] > 0) != (pc[mu] > 0) { found.append(mu + n * p) }
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
            for mu in tail..<p { t += mb[mu] * x[mu + (j + i) * p] }
            inputs[n + (j + i) * h] = s * t
          }
          j += 4
        }
      }
    }
    flips[worker] = found
  }
}

/// The pointers of one output pass, shared by the workers (each writes its own rows of `out`).
private struct OutputPass: @unchecked Sendable {
  let z: UnsafePointer<Double>
  let weights: UnsafePointer<Double>
  let out: UnsafeMutablePointer<Double>
}
