// The thin wrapper of Open MPI: MPI_COMM_WORLD as a ReductionCommunicator. Every unsafe MPI call lives here.
import CMPI
import Foundation
import Spectra

/// `MPI_COMM_WORLD` as a ``ReductionCommunicator``:
///
/// ```
/// sumAll(x)        MPI_Allreduce(MPI_IN_PLACE, x, MPI_DOUBLE, MPI_SUM)   (in pieces of ≤ 2³⁰ doubles)
/// broadcast(x, r)  MPI_Bcast(x, MPI_DOUBLE, r)
/// barrier()        MPI_Barrier
/// ```
/// The order of the sum over ranks is Open MPI's: the `coll/tuned` component picks the allreduce
/// algorithm from the communicator size and the message length only, so a fixed R (and the same
/// placement and MCA settings) gives the same order and bitwise identical sums; MPI_Allreduce delivers
/// the same result to every rank (MPI 4.0 §6.9.1, advice to implementors). Errors use MPI's default
/// handler, MPI_ERRORS_ARE_FATAL: a failed collective ends the whole job.
public struct MPICommunicator: ReductionCommunicator {
  /// This process's rank in MPI_COMM_WORLD.
  public let rank: Int
  /// The size of MPI_COMM_WORLD.
  public let size: Int

  /// Initialises MPI (once per process; MPI_Init) and reads rank and size.
  public static func initialize() -> MPICommunicator {
    var initialised: Int32 = 0
    MPI_Initialized(&initialised)
    if initialised == 0 { MPI_Init(nil, nil) }
    var rank: Int32 = 0
    var size: Int32 = 0
    MPI_Comm_rank(cmpi_comm_world(), &rank)
    MPI_Comm_size(cmpi_comm_world(), &size)
    return MPICommunicator(rank: Int(rank), size: Int(size))
  }

  /// MPI_Finalize (call once, on every rank, after the last collective).
  public static func finalize() { MPI_Finalize() }

  /// Ends every rank of the job: writes `message` to standard error, then MPI_Abort with `code`.
  public static func abort(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    MPI_Abort(cmpi_comm_world(), code)
    exit(code)
  }

  /// The MPI library's version string (MPI_Get_library_version).
  public static var libraryVersion: String {
    var buffer = [CChar](repeating: 0, count: Int(MPI_MAX_LIBRARY_VERSION_STRING) + 1)
    var length: Int32 = 0
    MPI_Get_library_version(&buffer, &length)
    let bytes = buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
  }

  /// The largest piece of one MPI call (its count is a C int).
  static let piece = 1 << 30

  /// Open MPI's allreduce order for this R (see the type).
  public var reductionOrder: String {
    "MPI_Allreduce(MPI_SUM) on MPI_COMM_WORLD, R = \(size): Open MPI coll/tuned's order, a fixed function of R and the message length"
  }

  /// The elementwise sum over ranks (MPI_Allreduce in place).
  public func sumAllInPlace(_ values: inout [Double]) {
    values.withUnsafeMutableBufferPointer { p in
      var start = 0
      while start < p.count {
        let count = min(Self.piece, p.count - start)
        MPI_Allreduce(
          cmpi_in_place(), p.baseAddress! + start, Int32(count), cmpi_double(), cmpi_sum(), cmpi_comm_world())
        start += count
      }
    }
  }

  /// Rank `root`'s values (MPI_Bcast).
  public func broadcast(_ values: [Double], root: Int) -> [Double] {
    var out = values
    out.withUnsafeMutableBufferPointer { p in
      var start = 0
      while start < p.count {
        let count = min(Self.piece, p.count - start)
        MPI_Bcast(p.baseAddress! + start, Int32(count), cmpi_double(), Int32(root), cmpi_comm_world())
        start += count
      }
    }
    return out
  }

  /// MPI_Barrier.
  public func barrier() { MPI_Barrier(cmpi_comm_world()) }
}
