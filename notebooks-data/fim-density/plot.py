"""NC Fig. 2/4: FIM eigenvalue densities (regression, softmax, mean-subtracted) with the predicted outliers."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, mean, plot_bulk_theory, plot_density, read_table, setup, where  # noqa: E402

d = figure_dir(sys.argv)
plt = setup()
density = read_table(os.path.join(d, "density.csv"))
zeros = read_table(os.path.join(d, "zero-mode.csv"))
theory = read_table(os.path.join(d, "theory.csv"))
bulk_path = os.path.join(d, "bulk-theory.csv")
bulk = read_table(bulk_path) if os.path.exists(bulk_path) else []
distance_path = os.path.join(d, "bulk-distance.csv")
distance = read_table(distance_path) if os.path.exists(distance_path) else []
titles = {
    "fisher": "regression FIM",
    "fisher-softmax": "softmax (cross-entropy) FIM",
    "fisher-centred": "mean-subtracted FIM",
}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
for ax, metric in zip(axes, titles):
    z = where(zeros, metric=metric)[0]
    plot_density(ax, where(density, metric=metric), "C0",
                 f"density (zero mode {100 * z['zero_weight']:.2f} % apart)")
    b = where(bulk, metric=metric)
    if b:
        ks = mean([r["bulk_ks"] for r in where(distance, metric=metric)])
        plot_bulk_theory(ax, b, label=f"predicted bulk (approx., L = 3; KS {ks:.3f})")
    t = where(theory, metric=metric)
    for stat, style, label in [
        ("top_c_mean", "C3--", "predicted λ_max (C-fold)"),
        ("lambda_max", None, None),
        ("lambda_max_lower_bound", "C2--", "λ_max lower bound"),
        ("lambda_max_upper_bound", "C3:", "λ_max upper bound"),
    ]:
        p = mean([r["predicted"] for r in where(t, statistic=stat)])
        if style and p == p:
            ax.axvline(p, color=style[:2], ls=style[2:], label=label)
    if metric == "fisher-centred":
        p = mean([r["predicted"] for r in where(t, statistic="lambda_max")])
        if p == p:
            ax.axvline(p, color="C3", ls="--", label="α(κ₁−κ₂)M/N (leading scale)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title(titles[metric])
    ax.set_xlabel("eigenvalue λ")
    ax.legend(fontsize=7, loc="lower left")
axes[0].set_ylabel("density (per unit λ, all P eigenvalues)")
fig.suptitle("FIM spectra, tanh (σ_w², σ_b²) = (3, 0.64), L = 3, M = 200, C = 10, N = 100, pooled over seeds")
fig.tight_layout()
fig.savefig(os.path.join(d, "figure.png"))
