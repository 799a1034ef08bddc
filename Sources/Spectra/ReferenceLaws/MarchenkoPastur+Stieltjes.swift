// The Stieltjes transform of the Marchenko–Pastur law at any complex point off its support.

extension MarchenkoPastur {
  /// The Stieltjes transform `m(w) = ∫ dμ(λ)/(λ − w)` (atom at zero included), for any complex `w` off
  /// the support.
  ///
  /// With `u = w/σ²`, `a, b = (1 ∓ √q)²` and `R(u) = √(u − a)·√(u − b)` (cut on `[a, b]`, `R ≈ u` at ∞):
  ///
  /// ```
  /// m(w) = (1/σ²) · (1 − q − u + R(u)) / (2 q u)  =  (1/σ²) · 2 / (1 − q − u − R(u))
  /// ```
  ///
  /// The second form (the first rationalised with `(1 − q − u)² − R² = 4qu`) has no cancellation at large
  /// `|u|`, where `m ≈ −1/w`; it is the one evaluated. It solves `q u m² + (u − 1 + q) m + 1 = 0` (σ² = 1),
  /// the Marchenko–Pastur equation, on the branch with `Im m > 0` for `Im w > 0`.
  ///
  /// Source: Bai & Silverstein (2010), eq. (3.1.2) and Lemma 3.11; Marchenko & Pastur (1967).
  ///
  /// - Parameter w: a point off `[a, b]` (and off 0 when there is an atom).
  /// - Returns: `m(w)`.
  public func stieltjes(_ w: ComplexNumber) -> ComplexNumber {
    let u = w / variance
    let s = ratio.squareRoot()
    let r = ComplexNumber.squareRootProduct(u, (1 - s) * (1 - s), (1 + s) * (1 + s))
    let denominator = ComplexNumber(1 - ratio) - u - r
    return (2 / denominator) / variance
  }
}
