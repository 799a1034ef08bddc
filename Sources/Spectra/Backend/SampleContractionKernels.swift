// The two memory-bound passes of a dual product from stored per-sample factors: contracting the C rows of each
// sample into one M-vector, and expanding an M-vector per sample back into C rows. Pointer code lives here.
import Dispatch

/// Raw loops over column-major storage; shapes are checked by the public wrappers in
/// `Matrix+SampleContraction.swift`.
///
/// The factor is stored sample-major, `D̃` of size `(C·M) × N` with column n = the C × M block `D_n`
/// row by row (`D̃[k·M + m, n] = D[k·N + n, m]`), so each sample's block is one contiguous read and the
/// per-sample vectors are contiguous too. Samples are split into contiguous ranges over up to `threads`
/// workers; each output element is computed by one worker in a fixed order (dot products in eight fixed
/// SIMD lanes, then the lanes summed in order), so the result does not depend on the number of workers.
enum SampleContractionKernels {
  /// `Uᵀ[m + M·j, n] = Σ_k Z[k·N + n, j]·D̃[k·M + m, n]`: D̃ is `(C·M) × N`, Z is `(C·N) × b`, Uᵀ is
  /// `(M·b) × N` and is overwritten.
  static func contract(
    _ d: [Double], _ z: [Double], into u: inout [Double], samples n: Int, outputs c: Int, width m: Int,
    columns b: Int, threads: Int
  ) {
    let cn = c * n
    forEachSample(d, z, &u, samples: n, threads: threads) { p, s in
      let block = p.factor + s * c * m
      for j in 0..<b {
        let out = p.out + s * m * b + j * m
        for i in 0..<m { out[i] = 0 }
        for k in 0..<c {
          let coefficient = p.other[j * cn + k * n + s]
          if coefficient == 0 { continue }
          let row = block + k * m
          for i in 0..<m { out[i] += coefficient * row[i] }
        }
      }
    }
  }

  /// `Y[k·N + n, j] += Σ_m D̃[k·M + m, n]·Wᵀ[m + M·j, n]`: D̃ is `(C·M) × N`, Wᵀ is `(M·b) × N`, Y is
  /// `(C·N) × b`.
  static func expandAdd(
    _ d: [Double], _ w: [Double], into y: inout [Double], samples n: Int, outputs c: Int, width m: Int,
    columns b: Int, threads: Int
  ) {
    let cn = c * n
    forEachSample(d, w, &y, samples: n, threads: threads) { p, s in
      let block = p.factor + s * c * m
      for j in 0..<b {
        let vector = p.other + s * m * b + j * m
        for k in 0..<c { p.out[j * cn + k * n + s] += dot(block + k * m, vector, m) }
      }
    }
  }

  /// `Σ_i x[i]·y[i]` in eight SIMD lanes (lane r sums i ≡ r mod 8, in order), lanes then tail summed in
  /// order: a fixed association, so the same bits on every run.
  @inline(__always)
  static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
    var lanes = SIMD8<Double>(repeating: 0)
    let whole = count / 8 * 8
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    var i = 0
    while i < whole {
      let a = rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
      let b = ry.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
      lanes += a * b
      i += 8
    }
    var sum = 0.0
    for r in 0..<8 { sum += lanes[r] }
    while i < count {
      sum += x[i] * y[i]
      i += 1
    }
    return sum
  }

  /// Copies D (`(C·N) × M`, row `k·N + n`) into the sample-major D̃ (`(C·M) × N`, row `k·M + m`).
  static func sampleMajor(_ d: [Double], samples n: Int, outputs c: Int, width m: Int) -> [Double] {
    var out = [Double](repeating: 0, count: d.count)
    let cn = c * n
    let tile = 32
    d.withUnsafeBufferPointer { pd in
      out.withUnsafeMutableBufferPointer { po in
        let (src, dst) = (pd.baseAddress!, po.baseAddress!)
        for k in 0..<c {
          for s0 in stride(from: 0, to: n, by: tile) {
            for i0 in stride(from: 0, to: m, by: tile) {
              for s in s0..<min(n, s0 + tile) {
                for i in i0..<min(m, i0 + tile) { dst[s * c * m + k * m + i] = src[i * cn + k * n + s] }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Calls `body(operands, n)` for every sample n with the arrays' pointers, the samples split into
  /// contiguous ranges over `threads` workers.
  private static func forEachSample(
    _ factor: [Double], _ other: [Double], _ out: inout [Double], samples n: Int, threads: Int,
    _ body: @Sendable (Operands, Int) -> Void
  ) {
    factor.withUnsafeBufferPointer { pf in
      other.withUnsafeBufferPointer { po in
        out.withUnsafeMutableBufferPointer { pu in
          let p = Operands(pf.baseAddress!, po.baseAddress!, pu.baseAddress!)
          let workers = max(1, min(threads, n))
          DispatchQueue.concurrentPerform(iterations: workers) { w in
            for s in (w * n / workers)..<((w + 1) * n / workers) { body(p, s) }
          }
        }
      }
    }
  }
}

/// The factor, the other input and the output of a pass, handed to concurrent workers that read the inputs
/// and write disjoint elements of the output.
private struct Operands: @unchecked Sendable {
  let factor: UnsafePointer<Double>
  let other: UnsafePointer<Double>
  let out: UnsafeMutablePointer<Double>
  init(_ factor: UnsafePointer<Double>, _ other: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    (self.factor, self.other, self.out) = (factor, other, out)
  }
}
