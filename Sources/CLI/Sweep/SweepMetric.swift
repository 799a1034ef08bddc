// The metric names a sweep accepts: `fisher`, `fisher-softmax`, `ntk`, `input-metric`, `feature-metric-2`, …
import FIM
import Spectra

/// A metric of a sweep, by name.
///
/// ```
/// fisher, fisher-softmax, ntk                 the FIM (linear / softmax output) and the NTK
/// fisher-centred, ntk-centred                 mean-subtracted variants (outputs centred over samples)
/// fisher-block-<l>                            diagonal block F_ll (weights of layer l)
/// input-metric, feature-metric-<l>            the metric A^l (l = 0 is the input space), summed over outputs
/// input-metric-softmax, feature-metric-<l>-softmax
/// ```
struct SweepMetric: Equatable {
  let name: String
  let request: MetricRequest

  static let examples =
    "fisher, fisher-softmax, ntk, fisher-centred, ntk-centred, fisher-block-<l>, input-metric, feature-metric-<l>, input-metric-softmax, feature-metric-<l>-softmax"

  init(_ name: String) throws(ConfigurationError) {
    self.name = name
    func layer(_ text: Substring) throws(ConfigurationError) -> Int {
      guard let l = Int(text), l >= 0 else {
        throw ConfigurationError(
          field: "metrics", "bad layer in metric \"\(name)\"; expected one of: \(Self.examples)")
      }
      return l
    }
    switch name {
    case "fisher": request = .fisher()
    case "fisher-softmax": request = .fisher(output: .softmax)
    case "ntk": request = .ntk()
    case "fisher-centred", "fisher-mean-subtracted": request = .fisher(meanSubtracted: true)
    case "ntk-centred", "ntk-mean-subtracted": request = .ntk(meanSubtracted: true)
    case "input-metric": request = .featureMetric(layer: 0)
    case "input-metric-softmax": request = .featureMetric(layer: 0, output: .softmax)
    default:
      if name.hasPrefix("fisher-block-") {
        request = .fisher(block: try layer(name.dropFirst("fisher-block-".count)))
      } else if name.hasPrefix("feature-metric-") && name.hasSuffix("-softmax") {
        let core = name.dropFirst("feature-metric-".count).dropLast("-softmax".count)
        request = .featureMetric(layer: try layer(core), output: .softmax)
      } else if name.hasPrefix("feature-metric-") {
        request = .featureMetric(layer: try layer(name.dropFirst("feature-metric-".count)))
      } else {
        throw ConfigurationError(
          field: "metrics", "unknown metric \"\(name)\"; expected one of: \(Self.examples)")
      }
    }
  }
}
