// `spectra-mpi`: the MPI build's command-line tool (spectrum across ranks; sweeps handed to ranks).
import ArgumentParser

/// The root command of `spectra-mpi`; launch it with `mpirun -np R spectra-mpi …`.
@main
struct SpectraMPICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectra-mpi",
    abstract: "DeepSpectra on Open MPI: one matrix-free spectrum across ranks, or a sweep across a cluster.",
    discussion: "Launch with mpirun (or srun): every rank runs the same command. See docs/mpi.md.",
    version: MPIToolVersion.string,
    subcommands: [SpectrumMPICommand.self, SweepMPICommand.self])
}

/// The version recorded in outputs: the toolkit's, and that this is the MPI build.
enum MPIToolVersion {
  static let string = "0.1.0-mpi"
}
