"""Local exponents of the stripe learning curves against p, beside the predicted slopes (issue 18).

Usage: python3 plot.py [FIGURE_DIR]   (default: this directory; reads FIGURE_DIR/curves/local-slopes.csv)
Data: `generate.sh` beside this script (`spectra stripe curves … --out curves`); the --full preset on a
cluster: scripts/slurm-stripe.sbatch, then `spectra stripe merge`. One panel per curve: the slope between
consecutive p (window 2, circles) and the sliding fit over 3 sizes (window 3, squares), at the geometric
mean of the window's p, with standard errors over seeds; the dashed line is the predicted slope
(−β_Lazy = −d/(3d−2) for the init-NTK kernel and the lazy network, −β_Feature = −(2d−1)/(3d−2) for the feature network and the
final NTK, ½ for λ and λ*; shared/science/stripe.md §5.3, §1.2).
Source: shared/science/stripe.md §5.3.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, integer_ticks, read_table, run_configuration, setup, where  # noqa: E402

PANELS = [("initial-ntk", "kernel, NTK at init (lazy limit)"), ("lazy", "network, lazy regime"),
          ("feature", "network, feature regime"), ("final-ntk", "kernel, NTK at end"),
          ("compression", "λ at the end"), ("compression-at-ten-percent", "λ* (10 % of points satisfied)")]


def main():
    root = figure_dir(sys.argv)
    curves = os.path.join(root, "curves")
    rows = read_table(os.path.join(curves, "local-slopes.csv"))
    config = run_configuration(curves) or {}
    plt = setup()
    # The lazy network is optional (--lazy-alpha-sqrt-h): only the curves the study has get a panel.
    panels = [(m, t) for m, t in PANELS if where(rows, method=m)]
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels), 3.4), sharex=True)
    for ax, (method, title) in zip(axes, panels):
        mine = where(rows, method=method)
        for window, marker in [(2, "o"), (3, "s")]:
            w = where(mine, window=window)
            if not w:
                continue
            ax.errorbar([r["p_centre"] for r in w], [r["slope"] for r in w],
                        yerr=[r["seed_slope_se"] for r in w], marker=marker, capsize=3, ls="-",
                        label="consecutive p" if window == 2 else "sliding fit, 3 sizes")
        if mine:
            ax.axhline(mine[0]["predicted_slope"], color="k", ls="--", lw=1,
                       label=f"predicted {mine[0]['predicted_slope']:.3f}")
        ax.set_xscale("log")
        ps = sorted({r["p_lower"] for r in rows} | {r["p_upper"] for r in rows})
        integer_ticks(ax, [p for i, p in enumerate(ps) if i % 2 == 0])
        ax.set_title(title, fontsize=8)
        ax.set_xlabel("p")
        ax.legend(fontsize=6)
    axes[0].set_ylabel("local slope d ln y / d ln p")
    fig.suptitle(f"stripe, d = {config.get('dimension', '?')}, h = {config.get('width', '?')}: "
                 "local exponents (error bars: s.e. over seeds)", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(root, "figure.png"), dpi=150)


if __name__ == "__main__":
    main()
