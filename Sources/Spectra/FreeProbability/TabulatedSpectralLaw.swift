// A spectral law known through its density on a grid (e.g. from Stieltjes inversion): cdf, moments, edges.
import Foundation

/// A probability law on ℝ given by its density on an increasing grid, linear between the nodes and 0
/// outside.
///
/// ```
/// F(x) = (1/Z) ∫_{x₀}^{x} ρ,   Z = ∫_{x₀}^{x_n} ρ   (trapezoid rule; exact for the piecewise-linear ρ)
/// ```
///
/// The density is normalised by Z (``rawMass`` keeps Z: for a law from Stieltjes inversion at height η it
/// is 1 minus the mass of the Lorentzian tails outside the grid and of any atoms, a check of the grid).
///
/// Source: `docs/bulk-theory.md` §4 (how the predicted bulk is tabulated and compared).
public struct TabulatedSpectralLaw: SpectralLaw, Equatable {
  /// The grid `x₀ < x₁ < … < x_n`.
  public let grid: [Double]
  /// The normalised density at the grid nodes.
  public let densities: [Double]
  /// The cdf at the grid nodes (0 at x₀, 1 at x_n).
  public let cumulative: [Double]
  /// `∫ρ` over the grid before normalisation.
  public let rawMass: Double
  /// The support edges: the first and last node where the density exceeds `edgeThreshold × max ρ`.
  public let support: ClosedRange<Double>
  /// No atom (an atom in the source law appears as a narrow peak).
  public var pointMassAtZero: Double { 0 }

  /// A law from densities `ρ(xᵢ) ≥ 0` on an increasing grid.
  ///
  /// - Parameters:
  ///   - grid: at least 2 increasing nodes.
  ///   - densities: one non-negative value per node (negative rounding is clamped to 0).
  ///   - edgeThreshold: relative level that defines the support edges (default 1e-3).
  /// - Throws: ``LinearAlgebraError`` `.invalidInput` for mismatched or non-increasing input or zero mass.
  public init(grid: [Double], densities: [Double], edgeThreshold: Double = 1e-3) throws(LinearAlgebraError) {
    guard grid.count >= 2, grid.count == densities.count else {
      throw LinearAlgebraError(.invalidInput, "tabulated law needs ≥ 2 nodes and one density per node")
    }
    for i in 1..<grid.count where !(grid[i] > grid[i - 1]) {
      throw LinearAlgebraError(.invalidInput, "tabulated law grid is not increasing at node \(i)")
    }
    let rho = densities.map { $0.isFinite ? max(0, $0) : 0 }
    var cdf = [0.0]
    for i in 1..<grid.count { cdf.append(cdf[i - 1] + 0.5 * (rho[i] + rho[i - 1]) * (grid[i] - grid[i - 1])) }
    let mass = cdf.last!
    guard mass > 0 else { throw LinearAlgebraError(.invalidInput, "tabulated law has zero mass") }
    self.grid = grid
    self.densities = rho.map { $0 / mass }
    cumulative = cdf.map { $0 / mass }
    rawMass = mass
    let top = rho.max()!
    let first = rho.firstIndex { $0 > edgeThreshold * top }!
    let last = rho.lastIndex { $0 > edgeThreshold * top }!
    support = grid[first]...grid[last]
  }

  /// The interval index i with `grid[i] ≤ x < grid[i+1]` (binary search), or nil outside the grid.
  private func cell(_ x: Double) -> Int? {
    guard x >= grid[0], x < grid[grid.count - 1] else { return nil }
    var lo = 0
    var hi = grid.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if grid[mid] <= x { lo = mid } else { hi = mid }
    }
    return lo
  }

  /// ρ(x), linear between nodes.
  public func density(at x: Double) -> Double {
    guard let i = cell(x) else { return 0 }
    let t = (x - grid[i]) / (grid[i + 1] - grid[i])
    return densities[i] + t * (densities[i + 1] - densities[i])
  }

  /// F(x), exact for the piecewise-linear density.
  public func cdf(_ x: Double) -> Double {
    if x < grid[0] { return 0 }
    guard let i = cell(x) else { return 1 }
    let h = x - grid[i]
    let slope = (densities[i + 1] - densities[i]) / (grid[i + 1] - grid[i])
    return min(1, cumulative[i] + densities[i] * h + 0.5 * slope * h * h)
  }

  /// `∫ xᵏ dF` by the trapezoid rule on the grid.
  public func moment(_ k: Int) -> Double {
    precondition(k >= 0, "moment order must be non-negative, got \(k)")
    var s = 0.0
    for i in 1..<grid.count {
      let a = pow(grid[i - 1], Double(k)) * densities[i - 1]
      let b = pow(grid[i], Double(k)) * densities[i]
      s += 0.5 * (a + b) * (grid[i] - grid[i - 1])
    }
    return s
  }
}
