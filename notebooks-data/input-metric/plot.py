"""NC Fig. 7: input-space (l = 0) and feature-space metric spectra, linear and softmax output."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, mean, plot_density, read_table, setup, where  # noqa: E402

d = figure_dir(sys.argv)
plt = setup()
density = read_table(os.path.join(d, "density.csv"))
theory = read_table(os.path.join(d, "theory.csv"))
zeros = read_table(os.path.join(d, "zero-mode.csv"))
layers = sorted({r["layer"] for r in density})
fig, axes = plt.subplots(1, len(layers), figsize=(4 * len(layers), 3.6), sharey=True)
for ax, l in zip(axes, layers):
    for metric in sorted({r["metric"] for r in where(density, layer=l)}):
        z = where(zeros, metric=metric, layer=l)[0]
        soft = metric.endswith("softmax")
        plot_density(ax, where(density, metric=metric, layer=l), "C1" if soft else "C0",
                     f"{'softmax' if soft else 'linear'} (zero mode {100 * z['zero_weight']:.0f} %)")
        p = mean([r["predicted"] for r in where(theory, metric=metric, layer=l, statistic="top_c_mean")])
        if p == p:
            ax.axvline(p, color="C3", ls="--", label="predicted λ_max (C-fold)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("eigenvalue")
    ax.set_title("input space (l = 0)" if l == 0 else f"feature space l = {l}")
    ax.legend(fontsize=7)
axes[0].set_ylabel("density over the M_l eigenvalues")
fig.suptitle("Metric of input/feature space, tanh (3, 0.64), L = 4, M = 500, C = 10")
fig.tight_layout()
fig.savefig(os.path.join(d, "figure.png"))
