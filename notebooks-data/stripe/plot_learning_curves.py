"""Learning curves ε(p) of the init-NTK kernel, the feature network and the final-NTK kernel, with fits.

Usage: python3 plot_learning_curves.py CURVES_DIR [--out FILE.png]
Reads points.csv and fits.csv of `spectra stripe curves`. Error bars: standard error over seeds.
Source: shared/science/stripe.md §5.2–5.3.
"""
import argparse
import csv
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

METHODS = [("eps_initial_ntk", "initial-ntk", "kernel, NTK at init (lazy)"),
           ("eps_feature", "feature", "network, feature regime"),
           ("eps_final_ntk", "final-ntk", "kernel, NTK at end")]


def read(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("curves")
    ap.add_argument("--out", default="learning_curves.png")
    a = ap.parse_args()
    pts = read(os.path.join(a.curves, "points.csv"))
    fits = {r["method"]: r for r in read(os.path.join(a.curves, "fits.csv"))}
    ps = sorted({int(r["p"]) for r in pts})
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for column, method, label in METHODS:
        means, errs = [], []
        for p in ps:
            v = [float(r[column]) for r in pts if int(r["p"]) == p]
            m = sum(v) / len(v)
            sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else 0
            means.append(m)
            errs.append(sd / math.sqrt(len(v)))
        f = fits.get(method)
        if f:
            label += f"  slope {float(f['slope']):.2f} ± {float(f['seed_slope_se']):.2f} (pred. {float(f['predicted_slope']):.2f})"
        line = ax.errorbar(ps, means, yerr=errs, marker="o", capsize=3, label=label)
        if f:
            c, s = float(f["prefactor"]), float(f["slope"])
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
