// Reading a sweep plan from a JSON file, strictly: an unknown key (a typo) is an error naming it.
import FIM
import Foundation
import Spectra

/// The sweep-file format (JSON). Every key is optional except `widths`; defaults as the `sweep` flags.
///
/// ```json
/// { "activation": "relu", "sigma_w2": 2, "sigma_b2": 0.1, "metrics": ["fisher", "ntk"],
///   "widths": [100, 200, 400], "depths": [3], "samples": [100], "outputs": [10], "seeds": [0, 1, 2],
///   "input_ratio": 1, "input_width": 784, "width_ratios": [1, 1], "parameterisation": "standard",
///   "method": "auto", "top_k": 10, "probes": 20, "lanczos_steps": 80, "tolerance": 1e-8 }
/// ```
///
/// `method` (`auto`, `dense`, `lanczos`, `slq`, `density`, `moments`) and its settings form ``SweepMethod``;
/// `dense` (the default) ignores the settings.
enum SweepFile {
  static let keys = [
    "activation", "sigma_w2", "sigma_b2", "metrics", "widths", "depths", "samples", "outputs", "seeds",
    "input_ratio", "input_width", "width_ratios", "parameterisation", "method", "top_k", "probes",
    "lanczos_steps", "tolerance",
  ]

  /// Parses `data` (the file at `path`, named in errors) into a plan, starting from `defaults`.
  static func parse(_ data: Data, path: String, defaults: SweepPlan) throws(ConfigurationError) -> SweepPlan {
    let object: [String: Any]
    do {
      guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw ConfigurationError(field: path, "a sweep file must hold one JSON object")
      }
      object = o
    } catch let e as ConfigurationError {
      throw e
    } catch {
      throw ConfigurationError(field: path, "not valid JSON: \(error.localizedDescription)")
    }
    for key in object.keys.sorted() where !keys.contains(key) {
      let hint = keys.min { distance($0, key) < distance($1, key) }.map { "; did you mean \"\($0)\"?" } ?? ""
      throw ConfigurationError(
        field: path, "unknown key \"\(key)\"\(hint) (allowed: \(keys.joined(separator: ", ")))")
    }
    var plan = defaults
    func number(_ key: String) throws(ConfigurationError) -> Double? {
      guard let v = object[key] else { return nil }
      guard let n = v as? NSNumber, !(v is Bool) else {
        throw ConfigurationError(field: "\(path): \(key)", "must be a number, got \(v)")
      }
      return n.doubleValue
    }
    func integers(_ key: String) throws(ConfigurationError) -> [Int]? {
      guard let v = object[key] else { return nil }
      let list = (v as? [Any]) ?? [v]
      var out: [Int] = []
      for x in list {
        // Checked before converting: 1e300 or -1e19 would trap an Int conversion.
        guard let n = x as? NSNumber, n.doubleValue == n.doubleValue.rounded(),
          abs(n.doubleValue) < 0x1p63
        else {
          throw ConfigurationError(
            field: "\(path): \(key)",
            "must be a list of integers in ±2⁶³, got \(String(describing: x).prefix(80))")
        }
        out.append(Int(n.int64Value))
      }
      return out
    }
    if let a = object["activation"] {
      guard let s = a as? String else {
        throw ConfigurationError(field: "\(path): activation", "must be a string")
      }
      plan.fixed.activation = try Activation(named: s)
    }
    if let p = object["parameterisation"] {
      guard let s = p as? String, let v = Parameterisation(rawValue: s) else {
        throw ConfigurationError(
          field: "\(path): parameterisation", "must be \"standard\" or \"ntk\", got \(p)")
      }
      plan.fixed.parameterisation = v
    }
    if let m = object["metrics"] {
      guard let list = m as? [String] else {
        throw ConfigurationError(field: "\(path): metrics", "must be a list of metric names")
      }
      plan.fixed.metrics = list
    }
    if let x = try number("sigma_w2") { plan.fixed.sigmaW2 = x }
    if let x = try number("sigma_b2") { plan.fixed.sigmaB2 = x }
    if let x = try number("input_ratio") { plan.fixed.inputRatio = x }
    if let x = try integers("input_width") { plan.fixed.inputWidth = x.first }
    if let r = object["width_ratios"] {
      guard let list = r as? [NSNumber] else {
        throw ConfigurationError(field: "\(path): width_ratios", "must be a list of numbers")
      }
      plan.fixed.widthRatios = list.map(\.doubleValue)
    }
    if let x = try integers("widths") { plan.widths = x }
    if let x = try integers("depths") { plan.depths = x }
    if let x = try integers("samples") { plan.samples = x }
    if let x = try integers("outputs") { plan.outputs = x }
    if let x = try integers("seeds") {
      if let bad = x.first(where: { $0 < 0 }) {
        throw ConfigurationError(field: "\(path): seeds", "must be non-negative, got \(bad)")
      }
      plan.seeds = x.map { UInt64($0) }
    }
    try parseMethod(object, path: path, into: &plan)
    return plan
  }

  /// Reads `method`, `top_k`, `probes`, `lanczos_steps` and `tolerance` into ``SweepPlan/Fixed/method``.
  private static func parseMethod(_ object: [String: Any], path: String, into plan: inout SweepPlan)
    throws(ConfigurationError)
  {
    let settings = ["top_k", "probes", "lanczos_steps", "tolerance"]
    guard object["method"] != nil || settings.contains(where: { object[$0] != nil }) else { return }
    let current = plan.fixed.method
    var choice = current.flatMap { MethodChoice(rawValue: $0.method) } ?? .dense
    if let m = object["method"] {
      guard let s = m as? String, let c = MethodChoice(rawValue: s) else {
        throw ConfigurationError(
          field: "\(path): method",
          "must be one of \(MethodChoice.allCases.map(\.rawValue).joined(separator: ", ")), got \(m)")
      }
      choice = c
    }
    func integer(_ key: String) throws(ConfigurationError) -> Int? {
      guard let v = object[key] else { return nil }
      guard let n = v as? NSNumber, !(v is Bool), n.doubleValue == n.doubleValue.rounded(),
        abs(n.doubleValue) < 0x1p31
      else { throw ConfigurationError(field: "\(path): \(key)", "must be an integer, got \(v)") }
      return n.intValue
    }
    var tolerance = current?.tolerance
    if let v = object["tolerance"] {
      guard let n = v as? NSNumber, !(v is Bool) else {
        throw ConfigurationError(field: "\(path): tolerance", "must be a number, got \(v)")
      }
      tolerance = n.doubleValue
    }
    plan.fixed.method = SweepMethod.make(
      choice, topK: try integer("top_k") ?? current?.topK, probes: try integer("probes") ?? current?.probes,
      lanczosSteps: try integer("lanczos_steps") ?? current?.lanczosSteps, tolerance: tolerance)
  }

  /// Levenshtein distance, for "did you mean" hints.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
      var cur = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...b.count {
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      prev = cur
    }
    return prev[b.count]
  }
}
