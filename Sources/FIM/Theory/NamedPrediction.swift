// Predictions with stable names (e.g. `fim.lambda_max`), so a comparison layer can pair them with measurements.

/// A predicted statistic with a stable, dotted name: `<matrix>.<statistic>`.
///
/// Matrix names: `fim` (regression FIM), `fim_mean_subtracted`, `fim_block<l>` (diagonal block F_ll),
/// `fim_softmax`, `ntk`, `metric<l>` (input/feature metric summed over outputs), `metric<l>_per_output`.
/// Statistic names are ``SpectralStatistic`` raw values (`m`, `s`, `lambda_max`, …), with the rank appended
/// for outliers (`outlier1`, `outlier2`, …). A comparison layer keys measured values by the same names and
/// takes `(name, measured, prediction.value(width:))`.
///
/// Source: `shared/science/karakida.md` §3–§6.
public struct NamedPrediction: Sendable, Equatable, Codable {
  /// The dotted name, e.g. `fim.lambda_max` or `metric0_per_output.m`.
  public let name: String
  /// The prediction.
  public let prediction: PredictedStatistic

  /// A named prediction.
  public init(_ name: String, _ prediction: PredictedStatistic) {
    self.name = name
    self.prediction = prediction
  }
}

extension RegressionFisherPrediction {
  /// `fim.{m,s,lambda_max}`, `fim_mean_subtracted.lambda_max` and `fim_block<l>.{m,s,lambda_max}`.
  public var namedPredictions: [NamedPrediction] {
    var list = [
      NamedPrediction("fim.m", mean), NamedPrediction("fim.s", secondMoment),
      NamedPrediction("fim.lambda_max", lambdaMax),
      NamedPrediction("fim_mean_subtracted.lambda_max", meanSubtractedLambdaMax),
    ]
    for block in blocks {
      let prefix = "fim_block\(block.layer)"
      list += [
        NamedPrediction("\(prefix).m", block.mean), NamedPrediction("\(prefix).s", block.secondMoment),
        NamedPrediction("\(prefix).lambda_max", block.lambdaMax),
      ]
    }
    return list
  }
}

extension NTKPrediction {
  /// `ntk.{m,s,lambda_max}`.
  public var namedPredictions: [NamedPrediction] {
    [
      NamedPrediction("ntk.m", mean), NamedPrediction("ntk.s", secondMoment),
      NamedPrediction("ntk.lambda_max", lambdaMax),
    ]
  }
}

extension InputMetricPrediction {
  /// `metric<l>.{m,s,lambda_max}` and `metric<l>_per_output.{m,s,lambda_max}`.
  public var namedPredictions: [NamedPrediction] {
    let summedName = "metric\(layer)"
    let perOutputName = "metric\(layer)_per_output"
    return [
      NamedPrediction("\(summedName).m", summed.mean),
      NamedPrediction("\(summedName).s", summed.secondMoment),
      NamedPrediction("\(summedName).lambda_max", summed.lambdaMax),
      NamedPrediction("\(perOutputName).m", perOutput.mean),
      NamedPrediction("\(perOutputName).s", perOutput.secondMoment),
      NamedPrediction("\(perOutputName).lambda_max", perOutput.lambdaMax),
    ]
  }
}

extension SoftmaxFisherPrediction {
  /// `fim_softmax.{m,s,lambda_max_lower_bound,lambda_max_upper_bound,outlier1,…}`.
  public var namedPredictions: [NamedPrediction] {
    [
      NamedPrediction("fim_softmax.m", mean), NamedPrediction("fim_softmax.s", secondMoment),
      NamedPrediction("fim_softmax.lambda_max_lower_bound", lambdaMaxLowerBound),
      NamedPrediction("fim_softmax.lambda_max_upper_bound", lambdaMaxUpperBound),
    ] + outliers.enumerated().map { NamedPrediction("fim_softmax.outlier\($0.offset + 1)", $0.element) }
  }
}
