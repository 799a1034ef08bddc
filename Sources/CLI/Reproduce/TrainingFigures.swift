// The training-dynamics figures of `reproduce`: NC Fig. 5 (training) and the AIS learning-rate sweep (lr-sweep).
import FIM

/// The training figures, each writing only into its own directory `<root>/<name>/`, with the sizes of the
/// `train` and `lr-sweep` presets (reduced, or `full` for the papers'). Source: shared/science/karakida.md §9.
enum TrainingFigures {
  /// NC Fig. 5: gradient descent with λ_max(F), λ_max(F_cross) and their bounds, and the NTK-linearised loss.
  static let training = Figure(
    name: "training",
    summary:
      "GD training: loss vs NTK-linearised, λ_max(F), λ_max(F_cross) with bounds (NC Fig. 5)"
  ) { ctx in
    let preset: FigurePreset = ctx.full ? .full : .reduced
    try TrainingFigure.runTraining(
      .preset(preset), preset: preset, to: ctx.directory)
  }

  /// The AIS learning-rate sweep: the η–M divergence map against η_c = 2/λ_max(F).
  static let learningRateSweep = Figure(
    name: "lr-sweep",
    summary: "MSE GD over widths and rates: divergence against η_c = 2/λ_max(F) (AIS learning-rate sweep)"
  ) { ctx in
    let preset: FigurePreset = ctx.full ? .full : .reduced
    try TrainingFigure.runSweep(.preset(preset), preset: preset, to: ctx.directory)
  }
}
