// Running a command body on every rank: MPI up, errors turned into a job-wide abort, MPI down.
import Foundation
import MPIBinding

/// Runs `body` with MPI initialised; an error on any rank ends the whole job (MPI_Abort) with
/// `spectra-mpi <command>: rank r of R: <message>` on standard error and exit status 65.
enum MPIRun {
  static func collective(_ command: String, _ body: (MPICommunicator) throws -> Void) {
    let comm = MPICommunicator.initialize()
    do {
      try body(comm)
    } catch {
      MPICommunicator.abort(
        "spectra-mpi \(command): rank \(comm.rank) of \(comm.size): \(error)\nspectra-mpi: aborting all ranks",
        code: 65)
    }
    comm.barrier()
    MPICommunicator.finalize()
  }
}
