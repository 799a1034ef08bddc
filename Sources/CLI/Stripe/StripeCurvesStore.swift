// The on-disk state of `stripe curves`: the plan, one atomic JSON file per finished (p, seed) task.
import Foundation
import Spectra
import Stripe

/// A learning-curve directory, the stripe twin of ``SweepStore``:
///
/// ```
/// DIR/curves.json          the plan (a LearningCurveConfiguration); a different one is refused on resume,
///                          except sizes and seeds, which grow by union, and the network size limit (max)
/// DIR/points/KEY.json      one finished task each (LearningCurveTaskResult), written atomically;
///                          KEY = LearningCurveTask.key, e.g. p004096-seed2 or p032768-seed1-kernel
/// DIR/corrupted/           damaged task files, set aside (their tasks run again)
/// DIR/*.csv, run.json      tables rebuilt from points/ after every run and merge
/// ```
/// A killed run loses only the task it was running; a rerun skips every task whose file is present.
/// Task files hold non-finite numbers (e.g. λ at d_⊥ = 0) as the strings "nan"/"inf" (they are state,
/// read back by this type; the tables and run.json follow the tool's finite-value policy).
struct StripeCurvesStore {
  let directory: URL
  var pointsDirectory: URL { directory.appendingPathComponent("points") }
  var planURL: URL { directory.appendingPathComponent("curves.json") }

  /// The plan stored in `directory`, or nil when there is none.
  static func storedPlan(_ directory: URL) throws -> LearningCurveConfiguration? {
    let url = directory.appendingPathComponent("curves.json")
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do {
      return try decoder.decode(LearningCurveConfiguration.self, from: Data(contentsOf: url))
    } catch {
      throw ConfigurationError(
        field: "out", "\(url.path) exists but is not a learning-curve plan (\(error)); use a new directory")
    }
  }

  /// Opens (creating) `directory` for `plan`, refusing a directory that holds a plan with other fixed
  /// settings; returns the store and the stored plan (the union of the axes).
  static func open(_ directory: URL, plan: LearningCurveConfiguration) throws -> (
    StripeCurvesStore, LearningCurveConfiguration
  ) {
    let store = StripeCurvesStore(directory: directory)
    var union = plan
    if let existing = try storedPlan(directory) {
      var a = existing
      var b = plan
      (a.sizes, a.seeds, a.networkMaxSize) = ([], [], nil)
      (b.sizes, b.seeds, b.networkMaxSize) = ([], [], nil)
      guard a == b else {
        throw ConfigurationError(
          field: "out",
          "\(directory.path) holds learning curves with different settings (task, d, h, α√h, p_te, limits …); "
            + "use a new --out directory, or the same settings, to avoid mixing results")
      }
      union = existing
      union.sizes = Array(Set(existing.sizes + plan.sizes)).sorted()
      union.seeds = Array(Set(existing.seeds + plan.seeds)).sorted()
      if let x = existing.networkMaxSize, let y = plan.networkMaxSize {
        union.networkMaxSize = max(x, y)
      } else {
        union.networkMaxSize = nil
      }
      if union != existing { try AtomicFile.write(try encoder.encode(union), to: store.planURL) }
    } else {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try AtomicFile.write(try encoder.encode(plan), to: store.planURL)
    }
    try FileManager.default.createDirectory(at: store.pointsDirectory, withIntermediateDirectories: true)
    return (store, union)
  }

  /// Finished task results by key. A file that does not decode, or whose key disagrees with its name,
  /// is moved into `corrupted/` with a message, and its task counts as not finished.
  func finished() throws -> [String: LearningCurveTaskResult] {
    let fm = FileManager.default
    guard fm.fileExists(atPath: pointsDirectory.path) else { return [:] }
    var out: [String: LearningCurveTaskResult] = [:]
    for name in try fm.contentsOfDirectory(atPath: pointsDirectory.path).sorted()
    where name.hasSuffix(".json") && !name.hasPrefix(".") {
      let url = pointsDirectory.appendingPathComponent(name)
      let key = String(name.dropLast(".json".count))
      if let r = try? Self.decoder.decode(LearningCurveTaskResult.self, from: Data(contentsOf: url)),
        r.key == key
      {
        out[key] = r
      } else {
        try setAside(url, key: key)
      }
    }
    return out
  }

  /// Saves one finished task atomically.
  func save(_ result: LearningCurveTaskResult) throws {
    try AtomicFile.write(
      try Self.encoder.encode(result), to: pointsDirectory.appendingPathComponent("\(result.key).json"))
  }

  private func setAside(_ url: URL, key: String) throws {
    let aside = directory.appendingPathComponent("corrupted")
    try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
    var target = aside.appendingPathComponent(url.lastPathComponent)
    var n = 1
    while FileManager.default.fileExists(atPath: target.path) {
      n += 1
      target = aside.appendingPathComponent("\(url.lastPathComponent).\(n)")
    }
    try FileManager.default.moveItem(at: url, to: target)
    ProgressReporter.log(
      "stripe curves: task file \(url.path) is damaged or half-written; moved to \(target.path), task \(key) will run again"
    )
  }

  static var encoder: JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    e.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  static var decoder: JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }
}
