import FIM
import Foundation
import Spectra
import Testing

@testable import CLI

/// `train` and `lr-sweep` estimate their peak memory before allocating (issue 17).
@Suite("Training memory estimate")
struct TrainingMemoryTests {
  @Test("an impossible size is refused before any work with exit 65, the numbers and what to change")
  func refused() throws {
    let dir = SweepMethodTests.temporary("train-refused")
    defer { try? FileManager.default.removeItem(at: dir) }
    // C·N = 10·20 000: three 320 GB duals; refused against an 8 GB budget.
    let r = try ToolRunner.run([
      "train", "--width", "100", "--samples", "20000", "--outputs", "10", "--steps", "1", "--memory-budget",
      "8G", "--out", dir.path,
    ])
    #expect(r.status == 65, "\(r.stderr)")
    #expect(r.stderr.contains("needs about") && r.stderr.contains("the budget is 8.00 GB"), "\(r.stderr)")
    #expect(r.stderr.contains("Lower --samples or --outputs"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("trajectory.csv").path))
    // Beyond LAPACK's 32-bit limit: refused whatever the budget.
    let huge = try ToolRunner.run([
      "lr-sweep", "--widths", "10", "--rates", "0.1", "--samples", "30000", "--outputs", "2", "--steps", "1",
      "--memory-budget", "1000000G", "--out", dir.path,
    ])
    #expect(huge.status == 65, "\(huge.stderr)")
    #expect(huge.stderr.contains("LAPACK"))
    // A malformed budget is a usage error.
    let bad = try ToolRunner.run(["train", "--memory-budget", "lots", "--out", dir.path])
    #expect(bad.status == 64)
  }

  @Test("the estimate is within a factor 2 of the measured peak (VmHWM) of a moderate run")
  func estimateMatchesPeak() throws {
    let dir = SweepMethodTests.temporary("train-peak")
    defer { try? FileManager.default.removeItem(at: dir) }
    // C·N = 5·300 = 1500: the 18 MB duals and the linearised dynamics' eigenvectors dominate the runtime.
    let r = try ToolRunner.run([
      "train", "--width", "200", "--depth", "3", "--samples", "300", "--outputs", "5", "--loss", "mse",
      "--steps", "4", "--track-every", "2", "--out", dir.path,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let data = try Data(contentsOf: dir.appendingPathComponent("run.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let memory = try #require(json["memory"] as? [String: Any])
    let estimate = try #require((memory["peak"] as? NSNumber)?.doubleValue)
    let measured = try #require((memory["measured_peak"] as? NSNumber)?.doubleValue)
    #expect(memory["peak_stage"] as? String == "linearised")
    #expect(
      estimate >= measured / 2 && estimate <= measured * 2, "estimate \(estimate), measured \(measured)")
  }

  @Test("the estimate grows with (C·N)² through the duals")
  func scaling() throws {
    let arch = try NetworkArchitecture(
      inputWidth: 50, width: 50, depth: 3, outputs: 4, activation: .relu, sigmaW2: 2, sigmaB2: 0.1)
    let a = TrainingMemoryEstimate.train(architecture: arch, samples: 1000, teacher: true)
    let b = TrainingMemoryEstimate.train(architecture: arch, samples: 2000, teacher: true)
    let n = 4.0 * 1000
    let duals = 4 * 8 * n * n  // the linearised stage holds four n² arrays
    #expect(Double(a.peak.bytes) >= duals && Double(a.peak.bytes) < 1.2 * duals + 1e8)
    #expect(Double(b.peak.bytes) / Double(a.peak.bytes) > 3.5)
    #expect(a.impossible == nil)
  }
}
