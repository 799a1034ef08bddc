// The exact Wasserstein-1 distance between two weighted point measures on the line.

extension WeightedPoints {
  /// `W₁(μ, ν) = ∫ |F_μ(x) − F_ν(x)| dx`, exact for two point measures of equal total mass (the
  /// one-dimensional identity of Vallender, Theory Probab. Appl. 18 (1974) 784).
  ///
  /// - Precondition: the total masses agree to `1e-9`.
  /// - Complexity: `O(p + q)` for `p` and `q` points (both are sorted on construction).
  public func wassersteinDistance(to other: WeightedPoints) -> Double {
    let total = weights.reduce(0, +)
    precondition(abs(total - other.weights.reduce(0, +)) <= 1e-9 * max(1, total), "masses differ")
    var (i, j) = (0, 0)
    var (cdfSelf, cdfOther) = (0.0, 0.0)
    var position = -Double.infinity
    var distance = 0.0
    while i < nodes.count || j < other.nodes.count {
      let x = min(i < nodes.count ? nodes[i] : .infinity, j < other.nodes.count ? other.nodes[j] : .infinity)
      if position.isFinite { distance += abs(cdfSelf - cdfOther) * (x - position) }
      while i < nodes.count, nodes[i] == x {
        cdfSelf += weights[i]
        i += 1
      }
      while j < other.nodes.count, other.nodes[j] == x {
        cdfOther += other.weights[j]
        j += 1
      }
      position = x
    }
    return distance
  }
}
