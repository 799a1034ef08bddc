"""NC Fig. 6: NTK spectra for growing N, raw and mean-subtracted."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, mean, plot_bulk_theory, plot_density, read_table, setup, where  # noqa: E402

d = figure_dir(sys.argv)
plt = setup()
density = read_table(os.path.join(d, "density.csv"))
theory = read_table(os.path.join(d, "theory.csv"))
bulk_path = os.path.join(d, "bulk-theory.csv")
bulk = read_table(bulk_path) if os.path.exists(bulk_path) else []
ns = sorted({r["N"] for r in density})
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for ax, metric, title in [(axes[0], "ntk", "NTK Θ"), (axes[1], "ntk-centred", "mean-subtracted NTK")]:
    for k, n in enumerate(ns):
        plot_density(ax, where(density, metric=metric, N=n), f"C{k}", f"N = {n}", alpha=0.35)
        plot_bulk_theory(ax, where(bulk, metric=metric, N=n), color=f"C{k}",
                         label="predicted bulk (approx.)" if k == 0 else None)
        p = mean([r["predicted"] for r in where(theory, metric=metric, N=n, statistic="top_c_mean")])
        if p == p:
            ax.axvline(p, color=f"C{k}", ls="--", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("eigenvalue")
    ax.set_title(title + " (dashed: predicted κ′₁ + (N−1)κ′₂)" if metric == "ntk" else title)
    ax.legend(fontsize=7)
axes[0].set_ylabel("density over the C·N eigenvalues")
fig.suptitle("NTK spectra, ReLU (2, 0), L = 3, C = 2, NTK parameterisation, pooled over seeds")
fig.tight_layout()
fig.savefig(os.path.join(d, "figure.png"))
