// A minimal complex number for Stieltjes transforms (z = x + iη in the upper half-plane).
import Foundation

/// A complex number `re + i·im` with the arithmetic Stieltjes-transform solvers need.
///
/// The square root is the principal branch (cut on the negative real axis, `Re √w ≥ 0`), as in
/// C99 `csqrt`; `squareRootProduct(_:_:)` builds `√(w − a)·√(w − b)`, whose cut is the segment `[a, b]`.
public struct ComplexNumber: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The real part.
  public var re: Double
  /// The imaginary part.
  public var im: Double

  /// `re + i·im`.
  public init(_ re: Double, _ im: Double = 0) {
    self.re = re
    self.im = im
  }

  /// 0.
  public static let zero = ComplexNumber(0, 0)
  /// 1.
  public static let one = ComplexNumber(1, 0)

  /// `|w|` (hypot, no overflow).
  public var magnitude: Double { hypot(re, im) }
  /// The complex conjugate.
  public var conjugate: ComplexNumber { ComplexNumber(re, -im) }
  /// Whether both parts are finite.
  public var isFinite: Bool { re.isFinite && im.isFinite }

  /// `a + b`.
  public static func + (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
    ComplexNumber(a.re + b.re, a.im + b.im)
  }
  /// `a − b`.
  public static func - (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
    ComplexNumber(a.re - b.re, a.im - b.im)
  }
  /// `−a`.
  public static prefix func - (a: ComplexNumber) -> ComplexNumber { ComplexNumber(-a.re, -a.im) }
  /// `a·b`.
  public static func * (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
    ComplexNumber(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
  }
  /// A real times a complex number.
  public static func * (a: Double, b: ComplexNumber) -> ComplexNumber { ComplexNumber(a * b.re, a * b.im) }
  /// A complex times a real number.
  public static func * (a: ComplexNumber, b: Double) -> ComplexNumber { ComplexNumber(a.re * b, a.im * b) }
  /// A complex plus a real number.
  public static func + (a: ComplexNumber, b: Double) -> ComplexNumber { ComplexNumber(a.re + b, a.im) }
  /// A complex minus a real number.
  public static func - (a: ComplexNumber, b: Double) -> ComplexNumber { ComplexNumber(a.re - b, a.im) }

  /// `a/b` by Smith's algorithm (no spurious overflow).
  public static func / (a: ComplexNumber, b: ComplexNumber) -> ComplexNumber {
    if abs(b.re) >= abs(b.im) {
      let r = b.im / b.re
      let d = b.re + b.im * r
      return ComplexNumber((a.re + a.im * r) / d, (a.im - a.re * r) / d)
    }
    let r = b.re / b.im
    let d = b.re * r + b.im
    return ComplexNumber((a.re * r + a.im) / d, (a.im * r - a.re) / d)
  }
  /// A real divided by a complex number.
  public static func / (a: Double, b: ComplexNumber) -> ComplexNumber { ComplexNumber(a) / b }
  /// A complex divided by a real number.
  public static func / (a: ComplexNumber, b: Double) -> ComplexNumber { ComplexNumber(a.re / b, a.im / b) }

  /// The principal square root (`Re ≥ 0`; on the cut, the root with `Im ≥ 0`).
  public var squareRoot: ComplexNumber {
    let m = magnitude
    if m == 0 { return .zero }
    let r = ((m + abs(re)) / 2).squareRoot()
    if re >= 0 { return ComplexNumber(r, im / (2 * r)) }
    return ComplexNumber(abs(im) / (2 * r), im >= 0 ? r : -r)
  }

  /// `√(w − a)·√(w − b)` with principal roots: analytic off `[a, b]` (a ≤ b) and ≈ `w − (a + b)/2` at ∞.
  public static func squareRootProduct(_ w: ComplexNumber, _ a: Double, _ b: Double) -> ComplexNumber {
    (w - a).squareRoot * (w - b).squareRoot
  }

  /// `re±imi`.
  public var description: String { "\(re)\(im < 0 ? "-" : "+")\(abs(im))i" }
}
