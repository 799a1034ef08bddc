// The activation name grammar: round trips, defaults, errors naming the field, and φ′ against φ.
import FIM
import Foundation
import Spectra
import Testing

@Suite("Network: activation names and derivatives")
struct ActivationNameTests {
  static let names = [
    "linear", "relu", "tanh", "erf", "erf-sqrt2", "gelu", "silu", "sigmoid", "softplus", "abs", "sin", "cos",
    "leaky-relu:0.1", "elu:1.0", "elu:0.5", "monomial:3", "scaled:2.0:1.0:0.5:tanh",
    "scaled:1.0:-0.5:0.25:scaled:3.0:1.0:0.0:leaky-relu:0.2",
  ]

  @Test("canonical names round-trip through Activation(named:), Codable and rawValue", arguments: names)
  func roundTrip(name: String) throws {
    let a = try Activation(named: name)
    #expect(a.name == name)
    #expect(try Activation(named: a.name) == a)
    #expect(Activation(rawValue: a.rawValue) == a)
    let data = try JSONEncoder().encode([a])
    #expect(String(decoding: data, as: UTF8.self) == "[\"\(name)\"]")
    #expect(try JSONDecoder().decode([Activation].self, from: data) == [a])
  }

  @Test("defaults, case-insensitivity and the four historical spellings")
  func spellings() throws {
    #expect(try Activation(named: "leaky-relu").name == "leaky-relu:0.01")
    #expect(try Activation(named: "ELU").name == "elu:1.0")
    #expect(try Activation(named: "TANH") == .tanh)
    #expect([Activation.linear, .relu, .tanh, .erf].map(\.rawValue) == ["linear", "relu", "tanh", "erf"])
    #expect(try Activation(named: "scaled:1:1:0:relu").name == "scaled:1.0:1.0:0.0:relu")
  }

  @Test(
    "bad names and parameters are refused with field activation",
    arguments: [
      "swish", "", "relu:1", "leaky-relu:x", "leaky-relu:0.1:2", "elu:0", "elu:-1", "elu:nan", "monomial",
      "monomial:0", "monomial:9", "monomial:1.5", "scaled:1:1:0", "scaled:0:1:0:tanh", "scaled:1:0:0:tanh",
      "scaled:1:1:inf:tanh", "scaled:1:1:0:bogus",
    ])
  func refusals(name: String) {
    do {
      _ = try Activation(named: name)
      Issue.record("\(name) accepted")
    } catch {
      #expect(error.field == "activation", "\(name): \(error)")
    }
  }

  @Test("the help text lists every family from the catalogue")
  func help() {
    for f in Activation.families { #expect(Activation.help.contains(f.pattern)) }
  }

  @Test("φ′ equals the central difference of φ away from kinks", arguments: ActivationIntegralTests.all)
  func derivative(activation: Activation) {
    let h = 1e-6
    for x in stride(from: -2.95, through: 2.95, by: 0.1)
    where activation.function.kinks.allSatisfy({ abs($0 - x) > 10 * h }) {
      let numeric = (activation.value(x + h) - activation.value(x - h)) / (2 * h)
      #expect(abs(numeric - activation.derivative(x)) <= 1e-6 * max(1, abs(numeric)), "\(activation) at \(x)")
    }
  }

  @Test("bulk φ and φ′ on a matrix equal the scalar functions", arguments: ActivationIntegralTests.all)
  func bulk(activation: Activation) {
    let u = Matrix(rows: 3, columns: 5) { i, j in Double(5 * i + j) / 3 - 2.4 }
    let (v, d) = activation.valuesAndDerivatives(of: u)
    #expect(v.elements == u.elements.map(activation.value))
    #expect(d.elements == u.elements.map(activation.derivative))
    #expect(activation.values(of: u).elements == v.elements)
  }
}
