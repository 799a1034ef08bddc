"""NC Fig. 3 / AIS: m, s and λ_max (top-C mean) against M with the mean-field lines, three activations."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, integer_ticks, mean, read_table, setup, stderr, where  # noqa: E402

d = figure_dir(sys.argv)
plt = setup()
rows = read_table(os.path.join(d, "results.csv"))
acts = ["tanh", "relu", "linear"]
stats = [("m", "pred_m", "mean m"), ("s", "pred_s", "second moment s"),
         ("top_c_mean", "pred_lambda_max", "λ_max (top-C mean)")]
fig, axes = plt.subplots(len(stats), len(acts), figsize=(12, 9))
for j, act in enumerate(acts):
    for i, (stat, pred, label) in enumerate(stats):
        ax = axes[i][j]
        for metric, color, name in [("fisher", "C0", "regression"), ("fisher-softmax", "C1", "softmax")]:
            sub = where(rows, activation=act, metric=metric)
            ms = sorted({r["M"] for r in sub})
            y = [mean([r[stat] for r in where(sub, M=m)]) for m in ms]
            e = [stderr([r[stat] for r in where(sub, M=m)]) for m in ms]
            ax.errorbar(ms, y, yerr=e, fmt="o", color=color, ms=4, label=f"{name} (measured)")
            key = pred if (metric == "fisher" or stat != "top_c_mean") else "pred_lambda_max_lower"
            p = [mean([r[key] for r in where(sub, M=m)]) for m in ms]
            if all(v == v for v in p):
                ax.plot(ms, p, "-", color=color, lw=1,
                        label=f"{name} theory" + (" (lower bound)" if key.endswith("lower") else ""))
            if metric == "fisher-softmax" and stat == "top_c_mean":
                u = [mean([r["pred_lambda_max_upper"] for r in where(sub, M=m)]) for m in ms]
                ax.plot(ms, u, ":", color=color, lw=1, label="softmax upper bound")
                lm = [mean([r["lambda_max"] for r in where(sub, M=m)]) for m in ms]
                ax.plot(ms, lm, "s", mfc="none", color=color, ms=4, label="softmax λ_max (largest)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        integer_ticks(ax, ms)
        ax.set_xlabel("width M")
        ax.set_title(f"{act}: {label}")
        if i == 0 and j == 0:
            ax.legend(fontsize=6)
        if i == 2 and j == 0:
            ax.legend(fontsize=6)
fig.suptitle("FIM statistics vs width (L = 3, C = 10, N = 100); lines: mean-field theory")
fig.tight_layout()
fig.savefig(os.path.join(d, "figure.png"))
