// The human-readable table printed by `spectra theory` without --json.
import Foundation

extension TheoryReport {
  /// A plain-text summary: constants, order parameters per layer, then the predictions.
  func table() -> String {
    var lines = [String]()
    let c = configuration
    lines.append(
      "Mean-field theory: \(c.activation), σ_w² = \(c.sigma_w2), σ_b² = \(c.sigma_b2), L = \(c.depth), "
        + "α_l = \(c.width_ratios.map { format($0) }.joined(separator: ",")), C = \(c.outputs), N = \(c.samples)"
        + (c.width.map { ", M = \(format($0))" } ?? ""))
    lines.append(
      "Integrals: \(c.integration)"
        + (c.quadrature_points.map { " (\($0) nodes, error ≈ \(format(quadrature_error_estimate)))" } ?? ""))
    if !applicable {
      lines.append("NOT APPLICABLE (outlier predictions withheld):")
      for r in not_applicable_reasons { lines.append("  - \(r)") }
    }
    lines.append("")
    lines.append(
      "α = \(format(alpha))   κ₁ = \(format(kappa1))   κ₂ = \(format(kappa2))   κ′₁ = \(format(kappa1_ntk))   κ′₂ = \(format(kappa2_ntk))"
    )
    lines.append("logits: q₁ᴸ = \(format(logit_variance))   q₂ᴸ = \(format(logit_covariance))")
    lines.append("")
    lines.append(row(["l", "q̂₁ˡ⁻¹", "q̂₂ˡ⁻¹", "q₁ˡ", "q₂ˡ", "q̃₁ˡ", "q̃₂ˡ"]))
    for l in 1...c.depth {
      lines.append(
        row([
          "\(l)", format(qhat1[l - 1]), format(qhat2[l - 1]), format(q1[l - 1]), format(q2[l - 1]),
          format(qtilde1[l - 1]), format(qtilde2[l - 1]),
        ]))
    }
    let r = regression_fim
    lines.append("")
    lines.append("Regression FIM (\(r.degeneracy)-fold λ_max; compare with the top-C mean):")
    lines.append(row(["", "m·M/C", "s/C", "λ_max/M", "m", "s", "λ_max"]))
    lines.append(
      row([
        "N = \(c.samples)", format(r.m_times_M_over_C), format(r.s_over_C), format(r.lambda_max_over_M),
        format(r.m),
        format(r.s), format(r.lambda_max),
      ]))
    lines.append(
      row([
        "N → ∞", format(r.m_times_M_over_C), format(r.s_over_C_infinite_N),
        format(r.lambda_max_over_M_infinite_N),
        format(r.m), format(r.s_infinite_N), format(r.lambda_max_infinite_N),
      ]))
    lines.append(
      "mean-subtracted λ_max·N/M ≳ \(format(r.mean_subtracted_lambda_max_times_N_over_M))"
        + (c.width == nil ? "" : "   (λ_max ≳ \(format(r.mean_subtracted_lambda_max)))"))
    lines.append("Diagonal blocks F_ll (prefactor × M^exponent):")
    lines.append(row(["l", "m", "s", "λ_max"]))
    for b in r.blocks {
      lines.append(row(["\(b.layer)", power(b.m), power(b.s), power(b.lambda_max)]))
    }
    lines.append("")
    lines.append(
      "NTK (NTK parameterisation): m = \(format(ntk.m))   s = \(format(ntk.s))   λ_max = \(format(ntk.lambda_max)) "
        + "(\(ntk.degeneracy)-fold, slope in N \(format(ntk.lambda_max_slope_in_N)))   bulk = \(format(ntk.bulk_eigenvalue))"
    )
    lines.append("")
    lines.append("Input/feature metric (summed over outputs; per output: drop C in m and s):")
    lines.append(row(["l", "m·M/C", "s·M/C", "λ_max", "m", "s"]))
    for m in input_metric {
      lines.append(
        row([
          "\(m.layer)", format(m.m_times_M_over_C), format(m.s_times_M_over_C), format(m.lambda_max),
          format(m.m),
          format(m.s),
        ]))
    }
    if let mc = softmax_monte_carlo {
      lines.append("")
      lines.append(
        "Softmax outliers α κ₂ M λ_i(Q̄), Monte Carlo over \(mc.networks) networks (seed \(mc.seed)):")
      lines.append("  E λ_i(Q̄): " + mc.qbar_eigenvalues_mean.map { format($0) }.joined(separator: " "))
      lines.append("  outliers/M: " + mc.outliers_over_M.map { format($0) }.joined(separator: " "))
    }
    return lines.joined(separator: "\n")
  }

  private func power(_ s: StatisticRecord) -> String {
    guard let p = s.prefactor else { return "n/a" }
    return "\(format(p))·M^\(s.width_exponent)" + (s.value.map { " = \(format($0))" } ?? "")
  }

  private func row(_ cells: [String]) -> String {
    cells.map { $0.padding(toLength: max(12, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
  }
}

/// Six significant digits, or `—` for a value that is absent (no --width) or withheld (not applicable).
private func format(_ x: Double?) -> String {
  guard let x else { return "—" }
  return String(format: "%.6g", x)
}
