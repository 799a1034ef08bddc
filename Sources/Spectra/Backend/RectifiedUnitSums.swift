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
/// Source: shared/science/stripe.md §2.1, §2.3
public enum RectifiedUnitSums {
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

  /// The per-unit sums `v_n`, `u_n`, `X̄_nj` (see the type) of the values `z` with the pattern of `pattern`.
  ///
  /// - Parameters:
  ///   - z: the `p × h` pre-activations whose rectified values are summed.
  ///   - pattern: the `p × h` matrix whose signs select the active units (`z` itself for σ(Z), σ'(Z)).
  ///   - coefficients: c_μ, one per row.
  ///   - inputs: X, `p × d`.
  ///   - s: the rectifier's scale.
  /// - Returns: v (h), u (h) and X̄ (`h × d`, column-major).
  /// - Complexity: one read of Z and P, 2·p·h·(d + 2) flops.
  public static func unitSums(
    _ z: Matrix, pattern: Matrix, coefficients c: [Double], inputs x: Matrix, scale s: Double
  ) -> (value: [Double], derivative: [Double], inputs: Matrix) {
    let p = z.rows
    let h = z.columns
    let d = x.columns
    precondition(pattern.rows == p && pattern.columns == h, "pattern must have the shape of z")
    precondition(c.count == p && x.rows == p, "one coefficient and one input row per point")
    var value = [Double](repeating: 0, count: h)
    var derivative = [Double](repeating: 0, count: h)
    var xs = [Double](repeating: 0, count: h * d)
    let lanes = 8
    let blocks = p / lanes
    z.elements.withUnsafeBufferPointer { zb in
      pattern.elements.withUnsafeBufferPointer { pb in
        c.withUnsafeBufferPointer { cb in
          x.elements.withUnsafeBufferPointer { xb in
            withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: max(1, d)) { acc in
              let cr = UnsafeRawPointer(cb.baseAddress!)
              let xr = UnsafeRawPointer(xb.baseAddress!)
              for n in 0..<h {
                let zc = zb.baseAddress! + n * p
                let pc = pb.baseAddress! + n * p
                let zr = UnsafeRawPointer(zc)
                let pr = UnsafeRawPointer(pc)
                var accV = SIMD8<Double>()
                var accU = SIMD8<Double>()
                for j in 0..<d { acc[j] = SIMD8<Double>() }
                for blk in 0..<blocks {
                  let off = blk * lanes * 8
                  let zv = zr.loadUnaligned(fromByteOffset: off, as: SIMD8<Double>.self)
                  let pv = pr.loadUnaligned(fromByteOffset: off, as: SIMD8<Double>.self)
                  let cv = cr.loadUnaligned(fromByteOffset: off, as: SIMD8<Double>.self)
                  let m = SIMD8<Double>().replacing(with: cv, where: pv .> 0)
                  accU += m
                  accV += m * zv
                  for j in 0..<d {
                    let xv = xr.loadUnaligned(fromByteOffset: off + j * p * 8, as: SIMD8<Double>.self)
                    acc[j] += m * xv
                  }
                }
                var v = accV.sum()
                var u = accU.sum()
                for j in 0..<d { xs[n + j * h] = acc[j].sum() }
                for mu in (blocks * lanes)..<p where pc[mu] > 0 {
                  let cm = cb[mu]
                  u += cm
                  v += cm * zc[mu]
                  for j in 0..<d { xs[n + j * h] += cm * xb[mu + j * p] }
                }
                value[n] = s * v
                derivative[n] = s * u
                for j in 0..<d { xs[n + j * h] *= s }
              }
            }
          }
        }
      }
    }
    return (value, derivative, Matrix(rows: h, columns: d, exactColumnMajor: xs))
  }
}
