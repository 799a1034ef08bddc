"""Sample-size dependence at fixed M: FIM m and λ_max, NTK m and λ_max against N, with theory."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, integer_ticks, mean, read_table, setup, stderr, where  # noqa: E402

d = figure_dir(sys.argv)
plt = setup()
rows = read_table(os.path.join(d, "results.csv"))
panels = [("fisher", "m", "pred_m"), ("fisher", "top_c_mean", "pred_lambda_max"),
          ("ntk", "m", "pred_m"), ("ntk", "top_c_mean", "pred_lambda_max")]
fig, axes = plt.subplots(1, 4, figsize=(13, 3.4))
for ax, (metric, stat, pred) in zip(axes, panels):
    sub = where(rows, metric=metric)
    ns = sorted({r["N"] for r in sub})
    ax.errorbar(ns, [mean([r[stat] for r in where(sub, N=n)]) for n in ns],
                yerr=[stderr([r[stat] for r in where(sub, N=n)]) for n in ns], fmt="o", ms=4, label="measured")
    ax.plot(ns, [mean([r[pred] for r in where(sub, N=n)]) for n in ns], "-", label="theory")
    if stat == "top_c_mean":
        ax.plot(ns, [mean([r["lambda_max"] for r in where(sub, N=n)]) for n in ns], "s", mfc="none", ms=4,
                label="largest eigenvalue")
    ax.set_xscale("log")
    ax.set_yscale("log")
    integer_ticks(ax, ns)
    ax.set_xlabel("samples N")
    m = sub[0]["M"] if sub else "?"
    ax.set_title(f"{'FIM' if metric == 'fisher' else 'NTK (NTK param.)'}:\n"
                 f"{'m' if stat == 'm' else 'λ_max (top-C mean)'}, M = {m}")
    ax.legend(fontsize=7)
fig.suptitle("Sample-size dependence (ReLU, L = 3): FIM λ_max saturates at ακ₂M, NTK λ_max grows ∝ N")
fig.tight_layout()
fig.savefig(os.path.join(d, "figure.png"))
