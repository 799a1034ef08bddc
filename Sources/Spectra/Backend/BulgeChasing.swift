// Stage 2 of the two-stage tridiagonal reduction on several threads: LAPACK's bulge-chasing tasks
// (dsb2st_kernels, written out in BulgeChasingKernels) in a sweep pipeline.
import Foundation
import Synchronization

/// Band → tridiagonal by bulge chasing, sweeps pipelined over threads.
///
/// Sweep `s` (s = 1 … n − 1) annihilates column `s` below the first subdiagonal and chases the bulge it
/// creates down the band in tasks `j = 1, 2, …` of width `kd` (type 1, then alternately 2 and 3). Task `j`
/// of sweep `s` touches only rows and columns that task `j + 3` of sweep `s − 1` has finished with, so
/// sweep `s` may start as soon as sweep `s − 1` is three tasks ahead. This is the order the sequential
/// driver runs them in, and the dependency LAPACK's OpenMP build declares (`DEPEND` on `MYID + SHIFT − 1`,
/// SHIFT = 3); each task then computes on the same data as in a sequential run, so the result is bitwise
/// the same for every thread count, and equal to LAPACK's `dsytrd_sb2st` to rounding (`BulgeChasingTests`).
///
/// The tasks are ``BulgeChasingKernels``, not LAPACK's `dsb2st_kernels`: those call BLAS-2 (`dsymv`,
/// `dger`), which OpenBLAS threads even at order kd = 32. Called from several threads at once, they queue
/// on OpenBLAS's pool, and their sums follow the process-wide thread count (`dsytrd_sb2st`'s own output
/// changes with `OPENBLAS_NUM_THREADS`; with 2 threads it took 2.1 s at n = 5 000 against 0.86 s with 1).
///
/// Sweeps are dealt round-robin: thread `t` runs sweeps `t + 1, t + 1 + T, …`. Each thread publishes its
/// position (sweep, tasks done) in one atomic; a thread that is ahead of its predecessor yields.
///
/// Source: Haidar, Ltaief & Dongarra, *Parallel reduction to condensed forms for symmetric eigenvalue
/// problems using aggregated fine-grained and memory-aware kernels*, SC'11; LAPACK 3.7 `dsytrd_sb2st`.
///
/// Complexity: about `6·kd·n²` flops in tasks of `O(kd²)`; memory `(2·kd + 1)·n + 4n` doubles.
enum BulgeChasing {
  /// The lag, in tasks, that sweep `s − 1` must keep ahead of sweep `s`.
  static let lag = 3

  /// The tridiagonal matrix (diagonal, off-diagonal) orthogonally similar to `band`, on `threads` threads.
  static func tridiagonal(_ band: LowerBand, threads: Int) -> (diagonal: [Double], offDiagonal: [Double]) {
    let n = band.order
    let kd = band.bandwidth
    guard n > 0 else { return ([], []) }
    // The working band of dsytrd_sb2st: leading dimension 2·kd + 1, the band in rows 0…kd, the rows
    // below it room for the bulge.
    let lda = 2 * kd + 1
    let store = Store(doubles: lda * n + 4 * n + max(threads, 1) * (2 * kd + 2))
    for j in 0..<n {
      for i in 0...kd { store.base[i + j * lda] = band.elements[i + j * band.leadingDimension] }
    }
    if kd > 1 {
      Plan(n: n, bandwidth: kd, store: store, threads: max(1, min(threads, n - 1))).run()
    }
    let d = (0..<n).map { store.base[$0 * lda] }
    let e = (0..<(n - 1)).map { store.base[1 + $0 * lda] }
    return (d, e)
  }

  /// One allocation for the working band, the Householder store and each thread's scratch; freed on deinit.
  final class Store: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let count: Int
    init(doubles: Int) {
      count = doubles
      base = .allocate(capacity: doubles)
      base.initialize(repeating: 0, count: doubles)
    }
    deinit { base.deallocate() }
  }

  /// One thread's published position: `sweep << 32 | tasks done`, with `finished` as the task count once
  /// the sweep has ended.
  final class Cursor: Sendable {
    let position = Atomic<Int>(0)
  }

  /// The shared state of one reduction.
  final class Plan: @unchecked Sendable {
    static let finished = 0xFFFF_FFFF
    let n: Int
    let kd: Int
    let store: Store
    let cursors: [Cursor]

    init(n: Int, bandwidth: Int, store: Store, threads: Int) {
      self.n = n
      self.kd = bandwidth
      self.store = store
      self.cursors = (0..<threads).map { _ in Cursor() }
    }

    /// Runs every sweep: thread 0 is the caller, the others are started here and joined before returning.
    func run() {
      let others = DispatchGroup()
      for t in 1..<cursors.count {
        others.enter()
        let thread = Thread { [self] in
          sweeps(of: t)
          others.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
      }
      sweeps(of: 0)
      others.wait()
    }

    /// Waits until sweep `s` has finished task `task` (or ended); sweep 0 does not exist.
    func waitFor(sweep s: Int, task: Int) {
      guard s >= 1 else { return }
      let cursor = cursors[(s - 1) % cursors.count]
      while true {
        let p = cursor.position.load(ordering: .acquiring)
        let sweep = p >> 32
        if sweep > s || (sweep == s && (p & Plan.finished) >= task) { return }
        sched_yield()
      }
    }

    /// The sweeps of thread `t`, in order.
    func sweeps(of t: Int) {
      let a = store.base
      let v = a + (2 * kd + 1) * n
      let tau = v + 2 * n
      let kernels = BulgeChasingKernels(
        n: n, kd: kd, a: a, v: v, tau: tau, work: tau + 2 * n + t * (2 * kd + 2))
      let cursor = cursors[t]
      var s = t + 1
      while s <= n - 1 {
        cursor.position.store(s << 32, ordering: .releasing)
        var task = 1
        while true {
          waitFor(sweep: s - 1, task: task + BulgeChasing.lag)
          let (type, first, last, endsSweep) = taskExtent(sweep: s, task: task)
          kernels.run(type: type, st: first, ed: last, sweep: s)
          if endsSweep {
            cursor.position.store(s << 32 | Plan.finished, ordering: .releasing)
            break
          }
          cursor.position.store(s << 32 | task, ordering: .releasing)
          task += 1
        }
        s += cursors.count
      }
    }

    /// Task `task` of sweep `s` as dsytrd_sb2st numbers it (1-based columns): its kernel type, first and
    /// last column, and whether it is the sweep's last.
    func taskExtent(sweep s: Int, task: Int) -> (type: Int, first: Int, last: Int, endsSweep: Bool) {
      let type = task == 1 ? 1 : task % 2 + 2
      if type == 2 {
        let column = (task / 2) * kd + s
        return (type, column - kd + 1, min(column, n), column >= n - 1)
      }
      let column = ((task + 1) / 2) * kd + s
      let first = column - kd + 1
      let last = min(column, n)
      return (type, first, last, first >= last - 1 && last == n)
    }
  }
}
