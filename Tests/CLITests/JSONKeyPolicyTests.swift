// The one JSON key policy: camelCase Swift names written as snake_case, snake_case names kept verbatim,
// and readers that accept both the new files and the camelCase files written before the policy.
import FIM
import Foundation
import Testing

@testable import CLI

@Suite("JSON key policy")
struct JSONKeyPolicyTests {
  @Test(
    "camelCase becomes snake_case; keys with an underscore keep their capitals",
    arguments: [
      ("sigmaW2", "sigma_w2"), ("kappa1NTK", "kappa1_ntk"), ("topCMean", "top_c_mean"),
      ("isPSDMatrix", "is_psd_matrix"), ("criticalRate", "critical_rate"), ("seed", "seed"),
      ("m_times_M_over_C", "m_times_M_over_C"), ("lambda_max", "lambda_max"),
    ])
  func snakeCase(_ key: String, _ expected: String) {
    #expect(JSONOutput.snakeCase(key) == expected)
  }

  /// Every key of a JSON value, recursively.
  static func keys(_ value: Any) -> Set<String> {
    if let d = value as? [String: Any] { return d.reduce(into: Set(d.keys)) { $0.formUnion(keys($1.value)) } }
    if let a = value as? [Any] { return a.reduce(into: Set()) { $0.formUnion(keys($1)) } }
    return []
  }

  @Test("a sweep plan is written in snake_case and read back, also from the camelCase of older files")
  func sweepPlan() throws {
    let plan = SweepRunCommand.defaults
    let data = try JSONOutput.encode(plan)
    let keys = Self.keys(try JSONSerialization.jsonObject(with: data))
    #expect(keys.isSuperset(of: ["sigma_w2", "sigma_b2", "input_ratio", "width_ratios"]))
    #expect(!keys.contains { $0.contains { $0.isUppercase } })
    #expect(try JSONOutput.decoder.decode(SweepPlan.self, from: data) == plan)
    let old = try JSONEncoder().encode(plan)
    #expect(try JSONOutput.decoder.decode(SweepPlan.self, from: old) == plan)
  }

  @Test("run.json of a network architecture and the environment use snake_case")
  func runRecord() throws {
    let arch = try NetworkArchitecture(widths: [3, 4, 2], activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    let record = RunRecord(command: "test", configuration: arch, started: Date())
    let keys = Self.keys(try JSONSerialization.jsonObject(with: try JSONOutput.encode(record)))
    #expect(keys.isSuperset(of: ["sigma_w2", "tool_version", "blas_threads", "configuration"]))
    #expect(!keys.contains { $0.contains { $0.isUppercase } })
  }
}
