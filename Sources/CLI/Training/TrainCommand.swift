// `spectra train`: gradient descent on teacher or user data, tracking the FIM spectra and the NTK-linearised loss.
import ArgumentParser
import FIM
import Foundation
import Spectra

/// Trains a random deep network by full-batch gradient descent and writes the loss and spectra trajectories.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Gradient descent with λ_max(F), λ_max(F_cross) tracking and the NTK-linearised loss.",
    discussion: """
      Starts from the preset (default: reduced; --preset full is the paper's M = 2000, C = 2 cross-entropy \
      run of NC Fig. 5); every option given overrides the preset. Data: Gaussian inputs labelled by a \
      teacher network of the same architecture (MSE: teacher outputs; cross-entropy: one-hot labels by \
      --labels argmax|sampled), or --data DIR with X.npy (N × M_0) and Y.npy (N × C targets, or N class \
      indices). Losses: mse = (1/2N)Σ‖f − y‖², cross-entropy = −(1/N)Σ y·log softmax(f), so that the MSE \
      Hessian at a minimum is F = (1/N)Σ∇f∇fᵀ and η_c = 2/λ_max(F). The rate is --rate η, or \
      --relative-rate r for η = r·2/λ_max(F(θ₀)).

      Output in --out DIR:
        trajectory.csv  step, loss, loss_linearised, loss_linearised_continuous (MSE only; nan otherwise)
        spectra.csv     step, loss, lambda_max_fisher, top_mean_fisher, lambda_max_fisher_theory,
                        lambda_max_softmax, top_mean_softmax, softmax_lower_bound, softmax_upper_bound
                        (mean-field κ's with the current Q(n)), softmax_upper_bound_exact
                        (λ_max(F)·max_n λ_max(Q(n))), max_covariance_eigenvalue
        summary.json    rate, critical rate, divergence, first and last spectra
        run.json        full configuration, seeds, tool version, git commit, BLAS threads, and
                        memory: the peak estimate, the budget and the measured peak (VmHWM)
      The mean-field columns (lambda_max_fisher_theory, softmax_lower_bound, softmax_upper_bound) are nan \
      for the NTK parameterisation and for depth 1, where the standard-parameterisation theory does not apply.
      Before any large allocation the peak memory (network, teacher, data, activations, the C·N × C·N \
      duals and eigen-solves of the tracked spectra and of the linearised dynamics) is estimated and \
      compared with --memory-budget (default: cgroup limit, else MemAvailable); a run that cannot fit is \
      refused with exit status 65, saying what it needs, what is available and what to change.
      Plot: python3 notebooks-data/training/plot.py DIR
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var training: TrainingOptions
  @OptionGroup var networkOptions: NetworkOptions
  @OptionGroup var shape: ShapeOptions
  @OptionGroup var seeds: SeedOptions
  @Option(help: "Loss: mse or cross-entropy.")
  var loss: String?
  @Option(help: "Cross-entropy labels from the teacher logits.")
  var labels: LabelRule?
  @Option(help: "Directory with X.npy and Y.npy (user data) instead of teacher data.")
  var data: String?
  @Option(parsing: .unconditional, help: "Hidden width M.")
  var width: Int?
  @Option(parsing: .unconditional, help: "Learning rate η (absolute).")
  var rate: Double?
  @Option(
    name: .customLong("relative-rate"), parsing: .unconditional, help: "η in units of η_c = 2/λ_max(F(θ₀))."
  )
  var relativeRate: Double?
  @Option(
    name: .customLong("track-every"), parsing: .unconditional, help: "Track the spectra every k steps.")
  var trackEvery: Int?
  @Option(
    name: .customLong("memory-budget"),
    help: ArgumentHelp(
      "Memory the run may use: 8G, 512M, 1.5GiB or bytes (default: cgroup limit, else MemAvailable).",
      valueName: "size"))
  var memoryBudget: String?

  func validate() throws {
    if let l = loss {
      do { _ = try TrainingLoss(named: l) } catch { throw ValidationError(error.description) }
    }
    for (name, value) in [("--width", width), ("--track-every", trackEvery)] {
      if let v = value, v <= 0 { throw ValidationError("\(name) must be positive, got \(v)") }
    }
    for (name, value) in [("--rate", rate), ("--relative-rate", relativeRate)] {
      if let v = value, !(v.isFinite && v > 0) {
        throw ValidationError("\(name) must be positive and finite, got \(v)")
      }
    }
    if rate != nil && relativeRate != nil {
      throw ValidationError("give either --rate or --relative-rate, not both")
    }
    if data != nil, shape.samples != nil || shape.inputWidth != nil {
      throw ValidationError("--samples and --input-width come from X.npy when --data is given")
    }
    if let text = memoryBudget {
      do { _ = try MemoryBudget.parse(text) } catch { throw ValidationError(error.message) }
    }
  }

  func run() throws {
    try OutputDirectory.claim(output.out)
    let preset = training.preset
    var config = TrainingExperiment.Configuration.preset(preset)
    let base = config.architecture
    let lossKind =
      try loss.map { name throws(ConfigurationError) in try TrainingLoss(named: name) } ?? config.loss
    var userData: TrainingData? = nil
    var m0 = shape.inputWidth
    let c = shape.outputs ?? base.outputs
    if let dir = data {
      let loaded = try TrainingData.load(from: URL(fileURLWithPath: dir), outputs: c, loss: lossKind)
      m0 = loaded.inputs.columns
      userData = loaded
    }
    let m = width ?? base.widths[1]
    config.architecture = try NetworkArchitecture(
      inputWidth: m0 ?? (width == nil ? base.inputWidth : m), width: m, depth: shape.depth ?? base.depth,
      outputs: c, activation: networkOptions.activation ?? base.activation,
      sigmaW2: networkOptions.sigmaW2 ?? base.sigmaW2, sigmaB2: networkOptions.sigmaB2 ?? base.sigmaB2,
      parameterisation: networkOptions.parameterisation ?? base.parameterisation)
    config.loss = lossKind
    config.samples = userData?.sampleCount ?? shape.samples ?? config.samples
    if let labels { config.labels = labels }
    if let rate {
      config.rate = rate
    } else if let relativeRate {
      config.rate = nil
      config.relativeRate = relativeRate
    }
    if let steps = training.steps {
      config.steps = steps
      if trackEvery == nil { config.trackEvery = max(1, steps / 30) }
    }
    if let trackEvery { config.trackEvery = trackEvery }
    if let t = training.divergenceThreshold { config.divergenceThreshold = t }
    if let seed = seeds.seed { config.seed = seed }
    if let teacherSeed = training.teacherSeed { config.teacherSeed = teacherSeed }
    if let dataSeed = seeds.dataSeed { config.dataSeed = dataSeed }
    try config.validate()
    let memory = try TrainingMemoryCheck.check(
      .train(architecture: config.architecture, samples: config.samples, teacher: userData == nil),
      budget: MemoryBudget.resolve(option: memoryBudget))
    try TrainingFigure.runTraining(
      config, preset: preset, data: userData, dataDirectory: data, to: URL(fileURLWithPath: output.out),
      memory: memory)
  }
}
