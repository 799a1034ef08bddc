// An in-process stand-in for R MPI ranks: one thread per rank, collectives through a shared rendezvous.
import Foundation
import Spectra

/// R ranks as R threads of this process, meeting in ``sumAll(_:)``, ``broadcast(_:root:)`` and
/// ``barrier()`` at a shared rendezvous. The sum over ranks is taken in rank order
/// (`((x₀ + x₁) + x₂) + …`) by the last rank to arrive, and every rank reads the same array, so a fixed
/// R gives bitwise reproducible results, like MPI_Allreduce for a fixed R.
public struct ThreadedCommunicator: ReductionCommunicator {
  /// This rank.
  public let rank: Int
  let rendezvous: Rendezvous

  /// R.
  public var size: Int { rendezvous.size }
  /// Rank order.
  public var reductionOrder: String { "threaded fake: ((x_0 + x_1) + x_2) + … in rank order" }

  /// The sum over ranks.
  public func sumAllInPlace(_ values: inout [Double]) {
    values = rendezvous.exchange(rank: rank, values) { parts in
      var total = parts[0]
      for r in 1..<parts.count {
        precondition(parts[r].count == total.count, "sumAll: ranks passed buffers of different lengths")
        for i in total.indices { total[i] += parts[r][i] }
      }
      return total
    }
  }

  /// Rank `root`'s values.
  public func broadcast(_ values: [Double], root: Int) -> [Double] {
    rendezvous.exchange(rank: rank, values) { parts in parts[root] }
  }

  /// Waits for every rank.
  public func barrier() { _ = rendezvous.exchange(rank: rank, []) { _ in [] } }

  /// Runs `body` on `ranks` threads (one communicator each) and returns the results in rank order.
  /// A rank that throws rethrows here after all threads have finished (the others must not wait for it
  /// in a collective: tests let every rank fail alike).
  public static func run<T: Sendable>(
    ranks: Int, _ body: @escaping @Sendable (ThreadedCommunicator) throws -> T
  ) throws -> [T] {
    let rendezvous = Rendezvous(size: ranks)
    let results = ResultBox<T>(count: ranks)
    let done = DispatchGroup()
    for r in 0..<ranks {
      done.enter()
      let thread = Thread {
        let outcome = Result { try body(ThreadedCommunicator(rank: r, rendezvous: rendezvous)) }
        results.set(r, outcome)
        done.leave()
      }
      thread.stackSize = 16 << 20
      thread.start()
    }
    done.wait()
    return try results.values()
  }
}

/// The shared state of one collective at a time: contributions by rank, the combined result and a
/// generation counter, under one condition variable.
final class Rendezvous: @unchecked Sendable {
  let size: Int
  private let condition = NSCondition()
  private var parts: [[Double]]
  private var arrived = 0
  private var generation = 0
  private var result: [Double] = []

  init(size: Int) {
    self.size = size
    parts = Array(repeating: [], count: size)
  }

  func exchange(rank: Int, _ values: [Double], combine: ([[Double]]) -> [Double]) -> [Double] {
    condition.lock()
    defer { condition.unlock() }
    let mine = generation
    parts[rank] = values
    arrived += 1
    if arrived == size {
      result = combine(parts)
      arrived = 0
      generation += 1
      condition.broadcast()
    } else {
      while generation == mine { condition.wait() }
    }
    return result
  }
}

/// Per-rank results, written once each from the rank threads.
final class ResultBox<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<T, any Error>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Result<T, any Error>) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func values() throws -> [T] {
    lock.lock()
    defer { lock.unlock() }
    return try slots.map { try $0!.get() }
  }
}
