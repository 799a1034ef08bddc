"""The measured FIM bulk against the linear-width prediction: KS and W1 versus M, and the largest M's histogram."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, mean, read_table, setup, where  # noqa: E402

d = figure_dir(sys.argv)
plt = setup()
dist = read_table(os.path.join(d, "bulk-distance.csv"))
law = read_table(os.path.join(d, "bulk-theory.csv"))
eig = read_table(os.path.join(d, "eigenvalues.csv"))
cases = sorted({(r["activation"], r["sigma_b2"]) for r in dist})
fig, axes = plt.subplots(1, 1 + len(cases), figsize=(4 + 3.2 * len(cases), 3.6))
for k, (act, sb2) in enumerate(cases):
    rows = where(dist, activation=act, sigma_b2=sb2)
    ms = sorted({r["M"] for r in rows})
    label = f"{act} σ_b² = {sb2:g}"
    axes[0].plot(ms, [mean([r["bulk_ks"] for r in rows if r["M"] == m]) for m in ms], "o-", color=f"C{k}",
                 label=label + " (KS)")
    axes[0].plot(ms, [mean([r["bulk_w1_relative"] for r in rows if r["M"] == m]) for m in ms], "s--",
                 color=f"C{k}", alpha=0.6)
    ax = axes[k + 1]
    top = ms[-1]
    values = sorted(r["eigenvalue"] for r in where(eig, activation=act, sigma_b2=sb2, M=top))
    lw = where(law, activation=act, sigma_b2=sb2, M=top)
    hi = max(r["x"] for r in lw if r["density"] > 0)
    bulk = [v for v in values if v <= 1.5 * hi]
    ax.hist(bulk, bins=50, density=True, color=f"C{k}", alpha=0.45, label=f"measured bulk, M = {top}")
    ax.plot([r["x"] for r in lw], [r["density"] for r in lw], "k-", lw=1, label="prediction (no fit)")
    ax.set_title(label)
    ax.set_xlabel("eigenvalue of F* = K/N")
    ax.legend(fontsize=7)
axes[0].set_xscale("log")
axes[0].set_yscale("log")
axes[0].set_xlabel("width M (N = M/2, M₀ = M)")
axes[0].set_ylabel("KS (solid), W₁/support width (dashed)")
axes[0].legend(fontsize=7)
fig.suptitle("FIM bulk (outliers removed) vs the linear-width deterministic equivalent, L = 2, C = 2")
fig.tight_layout()
fig.savefig(os.path.join(d, "figure.png"))
