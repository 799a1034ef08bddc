// `spectra-mpi`: the MPI build's command-line tool (spectrum across ranks; sweeps handed to ranks).
import ArgumentParser
import Spectra

/// The root command of `spectra-mpi`; launch it with `mpirun -np R spectra-mpi …`.
@main
struct SpectraMPICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectra-mpi",
    abstract: "DeepSpectra on Open MPI: one matrix-free spectrum across ranks, or a sweep across a cluster.",
    discussion: "Launch with mpirun (or srun): every rank runs the same command. See docs/mpi.md.",
    version: MPIToolVersion.string,
    subcommands: [SpectrumMPICommand.self, SweepMPICommand.self])

  /// Re-executes itself with a known OpenBLAS kernel when OpenBLAS fell back to its generic one (as `spectra`
  /// does; ``BLASCoreSelection``), before MPI is initialised — `execv` keeps the pid and the environment
  /// mpirun gave the rank — then runs the command.
  static func main() {
    BLASCoreSelection.reexecuteIfGenericFallback()
    main(nil)
  }
}

/// The version recorded in outputs: the toolkit's, and that this is the MPI build.
enum MPIToolVersion {
  static let string = "0.1.0-mpi"
}
