"""Learning curves ε(p) of the init-NTK kernel, the feature network, the final-NTK kernel and (when the study
trained it) the lazy-regime network, with fits.

Usage: python3 plot_learning_curves.py CURVES_DIR [--out FILE.png]
Reads points.csv and fits.csv of `spectra stripe curves`. Error bars: standard error over seeds.
Source: shared/science/stripe.md §5.2–5.3.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import mean, read_table, setup, stderr, where  # noqa: E402

METHODS = [("eps_initial_ntk", "initial-ntk", "kernel, NTK at init (lazy)"),
           ("eps_feature", "feature", "network, feature regime"),
           ("eps_final_ntk", "final-ntk", "kernel, NTK at end"),
           ("eps_lazy", "lazy", "network, lazy regime")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("curves")
    ap.add_argument("--out", default="learning_curves.png")
    a = ap.parse_args()
    plt = setup()
    pts = read_table(os.path.join(a.curves, "points.csv"))
    fits = {r["method"]: r for r in read_table(os.path.join(a.curves, "fits.csv"))}
    ps = sorted({r["p"] for r in pts})
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for column, method, label in METHODS:
        if column not in pts[0] or all(r[column] != r[column] or r[column] is None for r in pts):
            continue  # a study without this curve (the lazy network is optional)
        means, errs = [], []
        for p in ps:
            v = [r[column] for r in where(pts, p=p)]
            means.append(mean(v))
            errs.append(stderr(v))
        f = fits.get(method)
        if f:
            label += f"  slope {f['slope']:.2f} ± {f['seed_slope_se']:.2f} (pred. {f['predicted_slope']:.2f})"
        line = ax.errorbar(ps, means, yerr=errs, marker="o", capsize=3, label=label)
        if f:
            c, s = f["prefactor"], f["slope"]
            ax.plot(ps, [c * p ** s for p in ps], "--", color=line[0].get_color(), alpha=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("p")
    ax.set_ylabel("test error ε")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.out, dpi=150)


if __name__ == "__main__":
    main()
