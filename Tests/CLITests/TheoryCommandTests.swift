import Foundation
import Testing

/// Runs the built `spectra` binary: JSON content and shape, the not-applicable flag, error messages and exit
/// codes, help text, and that every JSON key is documented in docs/theory-json.md.
@Suite("CLI: spectra theory")
struct TheoryCommandTests {
  static func run(_ arguments: [String]) throws -> ToolRunner.Result { try ToolRunner.run(arguments) }

  static let relu = [
    "theory", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0", "--depth", "3", "--outputs", "10",
    "--samples", "100",
  ]

  static func object(_ run: ToolRunner.Result) throws -> [String: Any] {
    let data = Data(run.stdout.utf8)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test("ReLU (2, 0), L = 3: one JSON object with κ₁ = 1.5, κ₂ = 0.342854…, lists of length L, numbers at M")
  func reluJSON() throws {
    let run = try Self.run(Self.relu + ["--width", "800", "--json"])
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\n").count == 1)
    let json = try Self.object(run)
    #expect(json["kappa1"] as? Double == 1.5)
    #expect(abs((json["kappa2"] as? Double ?? 0) - 0.34285431814147125) < 1e-14)
    #expect(json["alpha"] as? Double == 2)
    #expect(json["kappa1_ntk"] as? Double == 6)
    #expect(json["applicable"] as? Bool == true)
    for key in ["qhat1", "qhat2", "qtilde1", "qtilde2", "q1", "q2"] {
      #expect((json[key] as? [Any])?.count == 3, "\(key)")
    }
    #expect((json["qhat1"] as? [Double])?.first == 1)
    #expect((json["qtilde1"] as? [Double])?.last == 1)
    let regression = try #require(json["regression_fim"] as? [String: Any])
    let scaleFree = try #require(regression["lambda_max_over_M"] as? Double)
    let value = try #require(regression["lambda_max"] as? Double)
    #expect(abs(value - 800 * scaleFree) < 1e-9)
    #expect(regression["m_times_M_over_C"] as? Double == 1.5)
    #expect(abs((regression["m"] as? Double ?? 0) - 1.5 * 10 / 800) < 1e-15)
    #expect((regression["blocks"] as? [Any])?.count == 3)
    #expect((json["input_metric"] as? [Any])?.count == 3)
    #expect(json["softmax_monte_carlo"] is NSNull)
  }

  @Test("without --width the numeric forms are null; explicit α_l = 1 equals the default")
  func scaleFree() throws {
    let a = try Self.object(try Self.run(Self.relu + ["--json"]))
    let b = try Self.object(
      try Self.run(Self.relu + ["--width-ratios", "1,1", "--input-ratio", "1", "--json"]))
    let regression = try #require(a["regression_fim"] as? [String: Any])
    #expect(regression["lambda_max"] is NSNull)
    #expect(a["kappa2"] as? Double == b["kappa2"] as? Double)
    #expect(a["qtilde2"] as? [Double] == b["qtilde2"] as? [Double])
  }

  @Test("centred tanh: applicable false with a reason, λ_max null, m given")
  func centred() throws {
    let run = try Self.run([
      "theory", "--activation", "tanh", "--sigma-w2", "1", "--sigma-b2", "0", "--depth", "3", "--outputs",
      "10",
      "--samples", "100", "--width", "400", "--json",
    ])
    #expect(run.status == 0)
    let json = try Self.object(run)
    #expect(json["applicable"] as? Bool == false)
    #expect(((json["not_applicable_reasons"] as? [String]) ?? []).contains { $0.contains("centred") })
    #expect(json["kappa2"] as? Double == 0)
    let regression = try #require(json["regression_fim"] as? [String: Any])
    #expect(regression["lambda_max"] is NSNull)
    #expect(regression["m"] as? Double != nil)
  }

  @Test(
    "bad input: one message naming the field and value, exit status 64",
    arguments: [
      (
        ["--activation", "relu6"],
        "The value 'relu6' is invalid for '--activation <name>': activation: unknown activation \"relu6\"; "
          + "expected one of: linear, relu, tanh, erf, erf-sqrt2, gelu, "
          + "silu, sigmoid, softplus, abs, sin, cos, leaky-relu[:SLOPE], elu[:ALPHA], monomial:K, scaled:A:B:C:NAME"
      ),
      (["--sigma-w2", "-1"], "sigma-w2: σ_w² must be finite and non-negative, got -1.0"),
      (["--sigma-b2", "nan"], "sigma-b2: σ_b² must be finite and non-negative, got nan"),
      (["--depth", "0"], "depth: depth must be at least 2 (the theory needs a hidden layer), got 0"),
      (["--samples", "0"], "samples: the number of samples must be positive, got 0"),
      (["--outputs", "-2"], "outputs: the number of outputs must be positive, got -2"),
      (
        ["--width-ratios", "1"],
        "width-ratios: expected 2 values α_1,…,α_2 for depth 3 (the input ratio α_0 is --input-ratio), got 1"
      ),
      (["--width-ratios", "-1,1"], "width-ratios: width ratio α_1 must be positive and finite, got -1.0"),
      (["--input-ratio", "0"], "input-ratio: α_0 must be positive and finite, got 0.0"),
    ])
  func badInput(change: [String], message: String) throws {
    var arguments = Self.relu
    if let i = arguments.firstIndex(of: change[0]) {
      arguments[i + 1] = change[1]
    } else {
      arguments += change
    }
    let run = try Self.run(arguments + ["--json"])
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("Error: \(message)\n"), "\(run.stderr)")
  }

  @Test("without --json: a readable table with the constants, and the not-applicable notice when centred")
  func table() throws {
    let run = try Self.run(Self.relu + ["--width", "800"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("α = 2   κ₁ = 1.5   κ₂ = 0.342854   κ′₁ = 6   κ′₂ = 1.37142"))
    #expect(run.stdout.contains("Regression FIM (10-fold λ_max; compare with the top-C mean):"))
    #expect(!run.stdout.contains("NOT APPLICABLE"))
    let centred = try Self.run([
      "theory", "--activation", "tanh", "--sigma-w2", "1", "--sigma-b2", "0", "--depth", "3", "--outputs",
      "10",
      "--samples", "100",
    ])
    #expect(centred.stdout.contains("NOT APPLICABLE (outlier predictions withheld):"))
  }

  @Test("--help explains the width-ratio convention and lists every option")
  func help() throws {
    let run = try Self.run(["theory", "--help"])
    #expect(run.status == 0)
    for text in [
      "--input-ratio the input ratio α_0", "--sigma-w2 <sigma-w2>", "--width-ratios <width-ratios>",
      "--softmax-networks", "docs/theory-json.md", "--json", "erf-sqrt2", "gelu", "silu", "softplus",
      "leaky-relu[:SLOPE]", "elu[:ALPHA]", "monomial:K", "scaled:A:B:C:NAME",
    ] {
      #expect(run.stdout.contains(text), "\(text)")
    }
  }

  @Test("every JSON key (with the softmax block) is documented in docs/theory-json.md")
  func documented() throws {
    let run = try Self.run(Self.relu + ["--width", "100", "--softmax-networks", "2", "--json"])
    let json = try Self.object(run)
    let docs = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/theory-json.md"), encoding: .utf8)
    var keys = Set<String>()
    func collect(_ value: Any) {
      if let dictionary = value as? [String: Any] {
        for (key, inner) in dictionary {
          keys.insert(key)
          collect(inner)
        }
      } else if let array = value as? [Any] {
        array.forEach(collect)
      }
    }
    collect(json)
    #expect(keys.count > 60)
    for key in keys.sorted() { #expect(docs.contains("`\(key)`"), "undocumented key \(key)") }
  }
}
