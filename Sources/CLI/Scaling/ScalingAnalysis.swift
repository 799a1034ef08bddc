// Power-law fits of measured statistics against width (or samples, depth), beside the theory's exponents.
import FIM
import Foundation
import Spectra

/// Fits `statistic ≈ a·x^b` for every group of a sweep table, with seed-bootstrap intervals, next to the
/// same fit of the predictions (the theory's exponent and prefactor), and a finite-size report.
///
/// ```
/// group      rows sharing metric, activation, σ_w², σ_b², parameterisation, L, C, N, M (less the x column)
/// measured   unweighted least squares of log(mean over seeds) on log x; intervals by seed bootstrap
/// theory     the same fit of pred_<statistic> (exact −1, 0, +1 against M at fixed N)
/// finite     mean relative error at each x, and the exponent of |error| ∝ x^c (c < 0: convergence)
/// ```
///
/// Source: `shared/science/karakida.md` §3 (orders in M), §5 (N-dependence of the NTK).
struct ScalingAnalysis {
  static let groupColumns = [
    "metric", "activation", "sigma_w2", "sigma_b2", "parameterisation", "L", "C", "N", "M",
  ]
  static let statistics: [(name: String, prediction: [String], error: String?)] = [
    ("m", ["pred_m"], "rel_err_m"),
    ("s", ["pred_s"], "rel_err_s"),
    ("top_c_mean", ["pred_lambda_max"], "rel_err_top_c_mean"),
    ("lambda_max", ["pred_lambda_max", "pred_lambda_max_lower"], "rel_err_lambda_max"),
  ]

  /// One fitted statistic of one group.
  struct Fit {
    var group: [String: String]
    var statistic: String
    var points: Int
    var seeds: Int
    var fit: PowerLawFit
    var bootstrap: PowerLawBootstrap?
    var theory: PowerLawFit?
    var errorDecay: PowerLawFit?
  }

  /// One finite-size row: the mean relative error of a statistic at one x.
  struct FiniteSize {
    var group: [String: String]
    var statistic: String
    var x: Double
    var meanRelativeError: Double
    var standardError: Double
    var seeds: Int
  }

  var fits: [Fit] = []
  var finiteSize: [FiniteSize] = []

  /// Fits every statistic of every group of `table` against the column `against`.
  init(table: CSVTable, against: String, level: Double, replicates: Int, seed: UInt64) throws {
    for column in Self.groupColumns + ["seed", against] where !table.columns.contains(column) {
      throw ConfigurationError(field: "table", "column \"\(column)\" missing; is this a sweep's results.csv?")
    }
    let keys = Self.groupColumns.filter { $0 != against }
    let index = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1, $0) })
    var groups: [[String]: [[CSVTable.Cell]]] = [:]
    for row in table.rows { groups[keys.map { row[index[$0]!].csvText }, default: []].append(row) }
    let stream = RandomStream(seed: seed)
    for (gi, (groupKey, rows)) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }).enumerated()
    {
      let group = Dictionary(uniqueKeysWithValues: zip(keys, groupKey))
      let xs = Array(Set(rows.compactMap { $0[index[against]!].number })).sorted()
      guard xs.count >= 2 else { continue }
      for (si, stat) in Self.statistics.enumerated() {
        guard let col = index[stat.name] else { continue }
        // values[x][seed]
        var bySeed: [Double: [String: Double]] = [:]
        var predicted: [Double: Double] = [:]
        var errors: [Double: [Double]] = [:]
        for row in rows {
          guard let x = row[index[against]!].number, let v = row[col].number, v.isFinite, v > 0 else {
            continue
          }
          bySeed[x, default: [:]][row[index["seed"]!].csvText] = v
          for p in stat.prediction {
            if let pc = index[p], let pv = row[pc].number, pv.isFinite, pv > 0 {
              predicted[x] = pv
              break
            }
          }
          if let e = stat.error, let ec = index[e], let ev = row[ec].number, ev.isFinite {
            errors[x, default: []].append(ev)
          }
        }
        let fx = bySeed.keys.sorted()
        guard fx.count >= 2 else { continue }
        // Sum in seed order: a dictionary's iteration order changes from run to run, and so would the last bit.
        let means = fx.map { x in
          let values = bySeed[x]!
          return values.keys.sorted().reduce(0.0) { $0 + values[$1]! } / Double(values.count)
        }
        let minSeeds = fx.map { bySeed[$0]?.count ?? 0 }.min() ?? 1
        // Unweighted fit of the seed means, so the estimate is the centre of its own bootstrap (the seed
        // scatter of 2–5 seeds is too noisy to serve as weights).
        let fit = try PowerLawFit(x: fx, y: means)
        // Bootstrap over the seeds common to every x.
        var bootstrap: PowerLawBootstrap? = nil
        let common = fx.reduce(Set(bySeed[fx[0]]!.keys)) { $0.intersection(bySeed[$1]!.keys) }.sorted()
        if common.count >= 2 {
          let measurements = fx.map { x in common.map { bySeed[x]![$0]! } }
          bootstrap = try PowerLawBootstrap(
            x: fx, measurements: measurements, level: level, replicates: replicates,
            stream: stream.child(UInt64(gi * 16 + si)))
        }
        let px = fx.filter { predicted[$0] != nil }
        let theory = px.count >= 2 ? try? PowerLawFit(x: px, y: px.map { predicted[$0]! }) : nil
        var decay: PowerLawFit? = nil
        let ex = fx.filter { errors[$0] != nil }
        for x in ex {
          let e = errors[x]!
          let mu = e.reduce(0, +) / Double(e.count)
          let sd =
            e.count > 1
            ? (e.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(e.count - 1)).squareRoot() : .nan
          finiteSize.append(
            FiniteSize(
              group: group, statistic: stat.name, x: x, meanRelativeError: mu,
              standardError: sd / Double(e.count).squareRoot(), seeds: e.count))
        }
        let absErr = ex.map { x in abs(errors[x]!.reduce(0, +) / Double(errors[x]!.count)) }
        if ex.count >= 2, absErr.allSatisfy({ $0 > 0 }) {
          decay = try? PowerLawFit(x: ex, y: absErr)
        }
        fits.append(
          Fit(
            group: group, statistic: stat.name, points: fx.count, seeds: minSeeds, fit: fit,
            bootstrap: bootstrap, theory: theory, errorDecay: decay))
      }
    }
  }

  /// The fits as a tidy table.
  func fitTable(against: String) -> CSVTable {
    let keys = Self.groupColumns.filter { $0 != against }
    var t = CSVTable(
      columns: keys + [
        "statistic", "against", "points", "seeds", "exponent", "exponent_se", "exponent_lo", "exponent_hi",
        "prefactor", "prefactor_se", "prefactor_lo", "prefactor_hi", "ci_level", "theory_exponent",
        "theory_prefactor", "rel_err_decay_exponent", "rel_err_decay_exponent_se",
      ])
    for f in fits {
      let b = f.bootstrap
      let group: [CSVTable.Cell] = keys.map { .text(f.group[$0] ?? "") }
      let head: [CSVTable.Cell] = [.text(f.statistic), .text(against), .integer(f.points), .integer(f.seeds)]
      let numbers: [Double] = [
        f.fit.exponent, f.fit.exponentStandardError, b?.exponent.lower ?? .nan, b?.exponent.upper ?? .nan,
        f.fit.prefactor, f.fit.prefactorStandardError, b?.prefactor.lower ?? .nan, b?.prefactor.upper ?? .nan,
        b?.exponent.level ?? .nan, f.theory?.exponent ?? .nan, f.theory?.prefactor ?? .nan,
        f.errorDecay?.exponent ?? .nan, f.errorDecay?.exponentStandardError ?? .nan,
      ]
      t.append(group + head + numbers.map { CSVTable.Cell.number($0) })
    }
    return t
  }

  /// The finite-size report as a tidy table.
  func finiteSizeTable(against: String) -> CSVTable {
    let keys = Self.groupColumns.filter { $0 != against }
    var t = CSVTable(columns: keys + ["statistic", against, "mean_rel_err", "rel_err_se", "seeds"])
    for r in finiteSize {
      t.append(
        keys.map { .text(r.group[$0] ?? "") } + [
          .text(r.statistic), .number(r.x), .number(r.meanRelativeError), .number(r.standardError),
          .integer(r.seeds),
        ])
    }
    return t
  }
}
