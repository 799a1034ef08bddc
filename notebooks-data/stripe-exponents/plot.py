"""Fitted learning-curve exponents β against the input dimension d, beside the predictions (issue 18).

Usage: python3 plot.py [FIGURE_DIR]   (default: this directory; reads FIGURE_DIR/<task>-d<d>/fits.csv)
Data: `generate.sh` beside this script (one `spectra stripe curves` directory per task and d).
Predictions, exactly as shared/science/stripe.md §5.3 states them ([ABS] exponents, [DERIVED] table):
  β_Lazy = d/(3d−2) (both tasks), β_Feature = (2d−1)/(3d−2) (stripe) [ABS]; β_Feature = (d + d_⊥/2)/(3d−2)
  = ½ (cylinder, every d) [DERIVED].
Plotted β = −(fitted slope) of the seed-mean curve, error bar = standard error over the seed-by-seed
slopes. "lazy" is the init-NTK kernel machine (the network's lazy limit), "feature" the feature-regime
network; small sizes, so these are finite-p exponents, not limits.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, integer_ticks, read_table, setup  # noqa: E402


def collect(root):
    """{(task, method): [(d, beta, err)]} from every <task>-d<d>/fits.csv."""
    out = {}
    for name in sorted(os.listdir(root)):
        m = re.fullmatch(r"(stripe|cylinder)-d(\d+)", name)
        path = os.path.join(root, name, "fits.csv")
        if not m or not os.path.exists(path):
            continue
        d = int(m.group(2))
        for r in read_table(path):
            out.setdefault((m.group(1), r["method"]), []).append((d, -r["slope"], r["seed_slope_se"]))
    return out


def main():
    root = figure_dir(sys.argv)
    data = collect(root)
    plt = setup()
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), sharey=True)
    ds = [2 + 0.1 * i for i in range(0, 81)]
    for ax, task in zip(axes, ["stripe", "cylinder"]):
        ax.plot(ds, [d / (3 * d - 2) for d in ds], "k--", lw=1, label="d/(3d−2)  (β_Lazy)")
        if task == "stripe":
            ax.plot(ds, [(2 * d - 1) / (3 * d - 2) for d in ds], "k-", lw=1, label="(2d−1)/(3d−2)  (β_Feature)")
        else:
            ax.plot(ds, [0.5 for _ in ds], "k-", lw=1, label="½  (β_Feature, cylinder; [DERIVED] in stripe.md)")
        for method, label, marker in [("initial-ntk", "init-NTK kernel (lazy)", "o"),
                                      ("feature", "feature network", "s"),
                                      ("final-ntk", "final-NTK kernel", "^")]:
            pts = sorted(data.get((task, method), []))
            if pts:
                ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=[p[2] for p in pts],
                            marker=marker, ls="", capsize=3, label=label)
        ax.set_xscale("log")
        integer_ticks(ax, [2, 3, 5, 10])
        ax.set_xlabel("input dimension d")
        ax.set_title(task, fontsize=9)
        ax.legend(fontsize=7)
    axes[0].set_ylabel("β  (ε ~ p^−β)")
    fig.tight_layout()
    fig.savefig(os.path.join(root, "figure.png"), dpi=150)


if __name__ == "__main__":
    main()
