// Element-wise rectifier s·max(0, z) and its derivative s·θ(z) in one pass (hot loop of the stripe network).

extension Matrix {
  /// The rectified matrix `s·max(0, A)` and its derivative `s·θ(A)` (θ(0) = 0), computed in one pass.
  ///
  /// ```
  /// value_ij = s·max(0, A_ij),   derivative_ij = s if A_ij > 0 else 0
  /// ```
  /// Source: shared/science/stripe.md §2.1 (σ = √2·ReLU)
  /// - Complexity: one read and two writes of rows·columns doubles.
  public func rectified(scale s: Double) -> (value: Matrix, derivative: Matrix) {
    var value = Matrix(rows: rows, columns: columns)
    var derivative = Matrix(rows: rows, columns: columns)
    let n = elements.count
    elements.withUnsafeBufferPointer { a in
      value.elements.withUnsafeMutableBufferPointer { v in
        derivative.elements.withUnsafeMutableBufferPointer { d in
          // Branch-free (selects), so the loop vectorises: the signs of Z are unpredictable.
          for i in 0..<n {
            let z = a[i]
            v[i] = s * Swift.max(0, z)
            d[i] = z > 0 ? s : 0
          }
        }
      }
    }
    return (value, derivative)
  }
}
