// The name grammar of metrics: `fisher-softmax`, `fisher-block-2`, `feature-metric-1-softmax`, and the bases of
// `spectrum --metric`, parsed and printed in one place.
import Spectra

extension MetricRequest {
  /// The base names of `spectrum --metric`; the layer, block, output index, softmax output of the
  /// input/feature metric and centring come as separate options (``init(base:layer:block:outputIndex:softmax:meanSubtracted:)``).
  public enum Base: String, Sendable, CaseIterable {
    /// The regression Fisher information F.
    case fisher
    /// The cross-entropy Fisher information F_cross (softmax output).
    case fisherSoftmax = "fisher-softmax"
    /// The neural tangent kernel Θ.
    case ntk
    /// The input metric A⁰.
    case inputMetric = "input-metric"
    /// The feature metric A^l (needs a layer).
    case featureMetric = "feature-metric"
  }

  /// The request of a base name and its options.
  ///
  /// - Parameters:
  ///   - base: the base name.
  ///   - layer: the layer l of the feature metric (`nil`: 0).
  ///   - block: the layer whose weights form the Fisher/NTK block.
  ///   - outputIndex: one output k for the per-output metric A_k.
  ///   - softmax: softmax output for the input/feature metric.
  ///   - meanSubtracted: outputs centred over the samples.
  public init(
    base: Base, layer: Int?, block: Int?, outputIndex: Int?, softmax: Bool, meanSubtracted: Bool
  ) {
    switch base {
    case .fisher, .fisherSoftmax, .ntk:
      self.init(
        kind: base == .ntk ? .ntk : .fisher, output: base == .fisherSoftmax ? .softmax : .linear,
        layer: block, outputIndex: outputIndex, meanSubtracted: meanSubtracted)
    case .inputMetric, .featureMetric:
      self = .featureMetric(
        layer: layer ?? 0, output: softmax ? .softmax : .linear, outputIndex: outputIndex,
        meanSubtracted: meanSubtracted)
    }
  }

  /// The grammar of ``init(name:)`` and ``name``, for help texts and error messages.
  ///
  /// ```
  /// name  = stem [-block-<l>] [-softmax] [-output-<k>] [-centred]
  /// stem  = fisher | ntk | input-metric | feature-metric-<l>
  /// ```
  public static let nameGrammar =
    "fisher, fisher-softmax, ntk, fisher-centred, ntk-centred, fisher-block-<l>, input-metric, "
    + "feature-metric-<l>, input-metric-softmax, feature-metric-<l>-softmax; in general "
    + "<fisher|ntk|input-metric|feature-metric-<l>>[-block-<l>][-softmax][-output-<k>][-centred]"

  /// The request a name denotes (the inverse of ``name``; `-mean-subtracted` is accepted for `-centred`).
  ///
  /// The result is not yet checked against an architecture (``validate(for:)``).
  ///
  /// - Throws: `ConfigurationError` (field `metric`) for an unknown name or a layer that is not a
  ///   non-negative integer.
  public init(name: String) throws(ConfigurationError) {
    func unknown() -> ConfigurationError {
      ConfigurationError(
        field: "metric", "unknown metric \"\(name)\"; expected one of: \(Self.nameGrammar)")
    }
    func number(_ token: Substring?) throws(ConfigurationError) -> Int {
      guard let token, let l = Int(token), l >= 0 else {
        throw ConfigurationError(
          field: "metric", "bad layer in metric \"\(name)\"; expected one of: \(Self.nameGrammar)")
      }
      return l
    }
    var tokens = name.split(separator: "-", omittingEmptySubsequences: false)[...]
    var kind: Kind
    var layer: Int? = nil
    switch (tokens.first, tokens.dropFirst().first) {
    case ("fisher", _):
      kind = .fisher
      tokens = tokens.dropFirst()
    case ("ntk", _):
      kind = .ntk
      tokens = tokens.dropFirst()
    case ("input", "metric"):
      kind = .featureMetric
      layer = 0
      tokens = tokens.dropFirst(2)
    case ("feature", "metric"):
      kind = .featureMetric
      layer = try number(tokens.dropFirst(2).first)
      tokens = tokens.dropFirst(3)
    default: throw unknown()
    }
    var output = OutputKind.linear
    var outputIndex: Int? = nil
    var centred = false
    while let token = tokens.popFirst() {
      switch token {
      case "block" where kind != .featureMetric && layer == nil: layer = try number(tokens.popFirst())
      case "softmax" where output == .linear: output = .softmax
      case "output" where outputIndex == nil: outputIndex = try number(tokens.popFirst())
      case "centred" where !centred: centred = true
      case "mean" where !centred && tokens.popFirst() == "subtracted": centred = true
      default: throw unknown()
      }
    }
    self.init(kind: kind, output: output, layer: layer, outputIndex: outputIndex, meanSubtracted: centred)
  }

  /// The canonical name of the request in the grammar of ``init(name:)``, e.g. `fisher-block-2-softmax`.
  public var name: String {
    var s: String
    switch kind {
    case .fisher: s = "fisher"
    case .ntk: s = "ntk"
    case .featureMetric:
      let l = layer ?? 0
      s = l == 0 ? "input-metric" : "feature-metric-\(l)"
    }
    if kind != .featureMetric, let l = layer { s += "-block-\(l)" }
    if output == .softmax { s += "-softmax" }
    if let k = outputIndex { s += "-output-\(k)" }
    if meanSubtracted { s += "-centred" }
    return s
  }
}
