// `spectra sweep`: a resumable, shardable grid over widths, depths, samples, outputs and seeds.
import ArgumentParser

/// The `sweep` command group: `run` (default) and `merge`.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Measure spectra over a grid of widths, depths, samples, outputs and seeds, against theory.",
    discussion: """
      Writes DIR/results.csv (one row per point, seed and metric: measured m, s, λ_max, top-C mean, their \
      mean-field predictions and relative errors), DIR/points/KEY.json (one file per finished point), \
      DIR/sweep.json (the plan) and DIR/run.json. Rerunning skips finished points; interrupting loses \
      nothing already finished. --shard k/n runs the k-th of n disjoint slices (e.g. one SLURM array \
      task each; see scripts/slurm-sweep.sbatch); `spectra sweep merge` unites shard directories.
      """,
    subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
    defaultSubcommand: SweepRunCommand.self)
}
