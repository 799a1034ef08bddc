// `spectra stripe`: the geometric-compression study of Paccolat et al. (stripe model, NTK, learning curves).
import ArgumentParser

/// The stripe-model compression study.
struct StripeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stripe",
    abstract: "Stripe-model compression study: feature vs lazy training, NTK before/after, learning curves.",
    discussion: "Source: shared/science/stripe.md. Outputs CSV/JSON with a run.json provenance record.",
    subcommands: [
      StripeTrainCommand.self, StripeCurvesCommand.self, StripeMergeCommand.self, StripeReproduceCommand.self,
      StripeParityCommand.self,
      StripeBenchCommand.self,
    ]
  )
}
