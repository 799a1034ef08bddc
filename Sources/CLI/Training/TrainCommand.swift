// `spectra train`: gradient descent on teacher or user data, tracking the FIM spectra and the NTK-linearised loss.
import ArgumentParser
import FIM
import Foundation
import Spectra

extension SpectraCommand {
  /// Trains a random deep network by full-batch gradient descent and writes the loss and spectra trajectories.
  struct Train: ParsableCommand {
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
          run.json        full configuration, seeds, tool version, git commit, BLAS threads
        The mean-field columns (lambda_max_fisher_theory, softmax_lower_bound, softmax_upper_bound) are nan \
        for the NTK parameterisation and for depth 1, where the standard-parameterisation theory does not apply.
        Plot: python3 notebooks-data/training/plot.py DIR
        """)

    @Option(help: "Output directory.")
    var out: String
    @Option(help: "Base configuration: reduced or full.")
    var preset: FigurePreset = .reduced
    @Option(help: "Loss: mse or cross-entropy.")
    var loss: String?
    @Option(help: "Cross-entropy labels from the teacher logits: argmax or sampled.")
    var labels: LabelRule?
    @Option(help: "Directory with X.npy and Y.npy (user data) instead of teacher data.")
    var data: String?
    @Option(help: ArgumentHelp(Activation.help, valueName: "name"))
    var activation: String?
    @Option(name: .customLong("sigma-w2"), parsing: .unconditional, help: "Weight variance σ_w².")
    var sigmaW2: Double?
    @Option(name: .customLong("sigma-b2"), parsing: .unconditional, help: "Bias variance σ_b².")
    var sigmaB2: Double?
    @Option(parsing: .unconditional, help: "Hidden width M.")
    var width: Int?
    @Option(name: .customLong("input-width"), parsing: .unconditional, help: "Input width M_0 (default: M).")
    var inputWidth: Int?
    @Option(parsing: .unconditional, help: "Depth L.")
    var depth: Int?
    @Option(parsing: .unconditional, help: "Number of outputs C.")
    var outputs: Int?
    @Option(parsing: .unconditional, help: "Number of samples N (teacher data).")
    var samples: Int?
    @Option(parsing: .unconditional, help: "Number of gradient-descent steps T.")
    var steps: Int?
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
      name: .customLong("divergence-threshold"), parsing: .unconditional,
      help: "Diverged when the loss exceeds this × the initial loss (default 1000).")
    var divergenceThreshold: Double?
    @Option(help: "standard or ntk.")
    var parameterisation: Parameterisation?
    @Option(help: "Seed of the student's initial parameters.")
    var seed: UInt64?
    @Option(name: .customLong("teacher-seed"), help: "Seed of the teacher network.")
    var teacherSeed: UInt64?
    @Option(name: .customLong("data-seed"), help: "Seed of the inputs (and sampled labels).")
    var dataSeed: UInt64?

    func validate() throws {
      if let l = loss {
        do { _ = try TrainingLoss(named: l) } catch { throw ValidationError(error.description) }
      }
      if let a = activation {
        do { _ = try Activation(named: a) } catch { throw ValidationError(error.description) }
      }
      for (name, value) in [
        ("--width", width), ("--input-width", inputWidth), ("--depth", depth), ("--outputs", outputs),
        ("--samples", samples), ("--steps", steps), ("--track-every", trackEvery),
      ] {
        if let v = value, v <= 0 { throw ValidationError("\(name) must be positive, got \(v)") }
      }
      for (name, value) in [("--rate", rate), ("--relative-rate", relativeRate)] {
        if let v = value, !(v.isFinite && v > 0) {
          throw ValidationError("\(name) must be positive and finite, got \(v)")
        }
      }
      for (name, value) in [("--sigma-w2", sigmaW2), ("--sigma-b2", sigmaB2)] {
        if let v = value, !(v.isFinite && v >= 0) {
          throw ValidationError("\(name) must be finite and non-negative, got \(v)")
        }
      }
      if let t = divergenceThreshold, !(t.isFinite && t > 1) {
        throw ValidationError("--divergence-threshold must be finite and above 1, got \(t)")
      }
      if rate != nil && relativeRate != nil {
        throw ValidationError("give either --rate or --relative-rate, not both")
      }
      if data != nil, samples != nil || inputWidth != nil {
        throw ValidationError("--samples and --input-width come from X.npy when --data is given")
      }
    }

    func run() throws {
      var config = TrainingExperiment.Configuration.preset(preset)
      let base = config.architecture
      let lossKind =
        try loss.map { name throws(ConfigurationError) in try TrainingLoss(named: name) } ?? config.loss
      var userData: TrainingData? = nil
      var m0 = inputWidth
      let c = outputs ?? base.outputs
      if let dir = data {
        let loaded = try TrainingData.load(from: URL(fileURLWithPath: dir), outputs: c, loss: lossKind)
        m0 = loaded.inputs.columns
        userData = loaded
      }
      let m = width ?? base.widths[1]
      config.architecture = try NetworkArchitecture(
        inputWidth: m0 ?? (width == nil ? base.inputWidth : m), width: m, depth: depth ?? base.depth,
        outputs: c,
        activation: try activation.map { n throws(ConfigurationError) in try Activation(named: n) }
          ?? base.activation,
        sigmaW2: sigmaW2 ?? base.sigmaW2, sigmaB2: sigmaB2 ?? base.sigmaB2,
        parameterisation: parameterisation ?? base.parameterisation)
      config.loss = lossKind
      config.samples = userData?.sampleCount ?? samples ?? config.samples
      if let labels { config.labels = labels }
      if let rate {
        config.rate = rate
      } else if let relativeRate {
        config.rate = nil
        config.relativeRate = relativeRate
      }
      if let steps {
        config.steps = steps
        if trackEvery == nil { config.trackEvery = max(1, steps / 30) }
      }
      if let trackEvery { config.trackEvery = trackEvery }
      if let divergenceThreshold { config.divergenceThreshold = divergenceThreshold }
      if let seed { config.seed = seed }
      if let teacherSeed { config.teacherSeed = teacherSeed }
      if let dataSeed { config.dataSeed = dataSeed }
      try TrainingFigure.runTraining(
        config, preset: preset, data: userData, dataDirectory: data, to: URL(fileURLWithPath: out))
    }
  }
}

extension FigurePreset: ExpressibleByArgument {}
extension LabelRule: ExpressibleByArgument {}
