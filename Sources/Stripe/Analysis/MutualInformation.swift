// Mutual information between a continuous variable (an eigenvector's components) and a binary label.
import Foundation
import Spectra

/// Estimators of I(φ; y) between a real variable φ (e.g. the components φ_λ(x_μ) of a kernel
/// eigenvector) and a label y ∈ {−1, +1}, in **bits**.
///
/// The paper's estimator is not in the reference code's paper-era commits [RECALL / to verify against
/// the PDF]; two documented estimators are offered:
/// * ``binned(_:labels:bins:)``: the plug-in estimator on `B` equal-population bins of φ,
///   ```
///   I = Σ_{b,c} P(b,c) log₂ [ P(b,c) / (P(b) P(c)) ]
///   ```
///   biased upwards by ≈ (B − 1)/(2 n ln 2) bits for independent variables.
/// * ``nearestNeighbour(_:labels:k:)``: the Ross (2014) k-nearest-neighbour estimator for a discrete
///   label and a continuous variable (as in scikit-learn's `mutual_info_classif`),
///   ```
///   I = ψ(n) + ψ(k) − ⟨ψ(n_c)⟩ − ⟨ψ(m_μ + 1)⟩   (nats, converted to bits)
///   ```
///   with n_c the size of μ's class and m_μ the number of other points (any class) within the distance
///   of μ's k-th neighbour in its own class.
///
/// Source: shared/science/stripe.md §4.2
public enum MutualInformation {
  /// The plug-in estimate on `bins` equal-population bins (ties split by index order).
  ///
  /// - Precondition: `values.count == labels.count`, `bins ≥ 2`.
  public static func binned(_ values: [Double], labels: [Double], bins: Int) -> Double {
    precondition(values.count == labels.count && bins >= 2, "binned MI needs matched arrays and ≥ 2 bins")
    let n = values.count
    guard n > 0 else { return 0 }
    let order = values.indices.sorted { values[$0] < values[$1] }
    var joint = [[Double]](repeating: [0, 0], count: bins)
    for (rank, i) in order.enumerated() {
      let b = min(bins - 1, rank * bins / n)
      joint[b][labels[i] > 0 ? 1 : 0] += 1
    }
    let total = Double(n)
    let classes = [0, 1].map { c in joint.reduce(0) { $0 + $1[c] } / total }
    var mi = 0.0
    for b in 0..<bins {
      let pb = (joint[b][0] + joint[b][1]) / total
      for c in 0..<2 where joint[b][c] > 0 {
        let pbc = joint[b][c] / total
        mi += pbc * log2(pbc / (pb * classes[c]))
      }
    }
    return mi
  }

  /// The Ross (2014) kNN estimate with `k` neighbours (clipped at 0), in bits.
  ///
  /// Points whose class has at most `k` members are skipped, as in scikit-learn.
  /// - Precondition: `values.count == labels.count`, `k ≥ 1`.
  /// - Complexity: O(n log n) (sorting) + O(n·k).
  public static func nearestNeighbour(_ values: [Double], labels: [Double], k: Int = 3) -> Double {
    precondition(values.count == labels.count && k >= 1, "kNN MI needs matched arrays and k ≥ 1")
    let sortedAll = values.sorted()
    var byClass: [Bool: [Double]] = [:]
    for (v, y) in zip(values, labels) { byClass[y > 0, default: []].append(v) }
    for key in byClass.keys { byClass[key]?.sort() }
    var sumPsiClass = 0.0
    var sumPsiM = 0.0
    var used = 0
    for (v, y) in zip(values, labels) {
      guard let same = byClass[y > 0], same.count > k else { continue }
      let radius = kthNeighbourDistance(of: v, in: same, k: k)
      // Points strictly within the radius (excluding the point itself), all classes.
      let lo = lowerBound(sortedAll, v - radius, strict: true)
      let hi = lowerBound(sortedAll, v + radius, strict: false)
      let m = max(0, hi - lo - 1)
      sumPsiClass += digamma(same.count)
      sumPsiM += digamma(m + 1)
      used += 1
    }
    guard used > 0 else { return 0 }
    let nats = digamma(used) + digamma(k) - sumPsiClass / Double(used) - sumPsiM / Double(used)
    return max(0, nats / log(2.0))
  }

  /// Distance from `v` (a member of `sorted`) to its k-th nearest other member.
  static func kthNeighbourDistance(of v: Double, in sorted: [Double], k: Int) -> Double {
    var i = lowerBound(sorted, v, strict: false)
    // i is the first index with sorted[i] ≥ v; v itself is at i (or a tie). Merge outwards.
    if i >= sorted.count { i = sorted.count - 1 }
    var left = i - 1
    var right = i + 1
    var distance = 0.0
    for _ in 0..<k {
      let dl = left >= 0 ? v - sorted[left] : .infinity
      let dr = right < sorted.count ? sorted[right] - v : .infinity
      if dl <= dr {
        distance = dl
        left -= 1
      } else {
        distance = dr
        right += 1
      }
    }
    return distance
  }

  /// The first index whose value is > x (`strict`) or ≥ x (not strict) — binary search.
  static func lowerBound(_ a: [Double], _ x: Double, strict: Bool) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if strict ? a[mid] <= x : a[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// ψ(n) for a positive integer: −γ + Σ_{j<n} 1/j.
  static func digamma(_ n: Int) -> Double {
    precondition(n >= 1)
    var s = -0.577_215_664_901_532_9
    if n > 1 { for j in 1..<n { s += 1 / Double(j) } }
    return s
  }
}
