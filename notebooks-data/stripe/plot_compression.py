"""Compression factor λ versus p (with the √(0.135 p) prediction) and λ(t) along training.

Usage: python3 plot_compression.py CURVES_DIR [RUN_DIR] [--out FILE.png]
CURVES_DIR is the output of `spectra stripe curves` (compression.csv); RUN_DIR of `spectra stripe train`
(checkpoints.csv). Source: shared/science/stripe.md §3.2–3.3.
"""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import finite, read_table, setup  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("curves")
    ap.add_argument("run", nargs="?")
    ap.add_argument("--out", default="compression.png")
    a = ap.parse_args()
    plt = setup()
    rows = read_table(os.path.join(a.curves, "compression.csv"))
    fig, axes = plt.subplots(1, 2 if a.run else 1, figsize=(10 if a.run else 5, 4), squeeze=False)
    ax = axes[0][0]
    ps = sorted({r["p"] for r in rows})
    fits_path = os.path.join(a.curves, "fits.csv")
    fits = {r["method"]: r for r in read_table(fits_path)} if os.path.exists(fits_path) else {}
    series = [
        ("lambda", "o", "λ at end", "compression"),
        ("lambda_star", "s", "λ* (10% satisfied)", "compression-at-ten-percent"),
    ]
    for key, marker, label, method in series:
        measured = [r for r in rows if finite([r[key]])]
        xs = [r["p"] for r in measured]
        ys = [r[key] for r in measured]
        fit = fits.get(method)
        if fit:
            slope, se = fit["slope"], fit["slope_se"]
            label += f": slope {slope:.2f} ± {se:.2f}"
        points = ax.scatter(xs, ys, marker=marker, alpha=0.6, label=label)
        if fit:
            pre = fit["prefactor"]
            ax.plot(ps, [pre * p ** slope for p in ps], color=points.get_facecolor()[0], lw=1)
    ax.plot(ps, [math.sqrt(0.13514 * p) for p in ps], "k--", label="√(0.135 p)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("p")
    ax.set_ylabel("λ")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("compression vs p (feature regime)")
    if a.run:
        cp = read_table(os.path.join(a.run, "checkpoints.csv"))
        ax2 = axes[0][1]
        t = [r["time"] for r in cp]
        ax2.plot(t, [r["lambda"] for r in cp], label="λ(t)")
        ax2.set_xscale("symlog")
        ax2.set_xlabel("t (code convention)")
        ax2.set_ylabel("λ(t)")
        ax3 = ax2.twinx()
        ax3.grid(False)  # one grid (the λ axis) on the twin axes
        ax3.plot(t, [r["train_loss"] for r in cp], "r:", label="train loss")
        ax3.set_ylabel("mean hinge loss", color="r")
        ax2.set_title("λ(t) during training")
    fig.tight_layout()
    fig.savefig(a.out, dpi=150)


if __name__ == "__main__":
    main()
