#!/usr/bin/env python3
"""Learning-rate sweep (Karakida et al. AIS): final-loss map over width M and rate eta for MSE gradient descent,
with eta_c = 2/lambda_max(F) measured at initialisation and from mean-field theory.

Usage: python3 plot.py [DIR]   (DIR holds grid.csv and critical.csv from `spectra lr-sweep`;
default: this script's folder). Writes DIR/figure.png.
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, finite, integer_ticks, read_table, setup  # noqa: E402


def main():
    folder = figure_dir(sys.argv)
    plt = setup()
    from matplotlib.colors import TwoSlopeNorm

    grid = read_table(os.path.join(folder, "grid.csv"))
    crit = read_table(os.path.join(folder, "critical.csv"))
    widths = sorted({r["width"] for r in grid})
    rates = sorted({r["rate"] for r in grid})
    z = [[float("nan")] * len(widths) for _ in rates]
    for r in grid:
        i, j = rates.index(r["rate"]), widths.index(r["width"])
        ratio = r["final_loss"] / r["initial_loss"]
        z[i][j] = 3.0 if r["diverged"] == 1 or not math.isfinite(ratio) else max(-3.0, min(3.0, math.log10(ratio)))

    def edges(v):
        lv = [math.log(x) for x in v]
        mids = [(a + b) / 2 for a, b in zip(lv, lv[1:])]
        first = lv[0] - (mids[0] - lv[0]) if mids else lv[0] - 0.5
        last = lv[-1] + (lv[-1] - mids[-1]) if mids else lv[-1] + 0.5
        return [math.exp(x) for x in [first] + mids + [last]]

    fig, ax = plt.subplots(figsize=(7, 5.2))
    mesh = ax.pcolormesh(edges(widths), edges(rates), z, cmap="RdBu_r", norm=TwoSlopeNorm(0, -3, 3), shading="flat")
    ax.grid(False)  # no house grid over the heat map
    fig.colorbar(mesh, ax=ax, label="log10(final loss / initial loss)  (diverged = 3)")
    for r in grid:
        if r["diverged"] == 1:
            ax.plot(r["width"], r["rate"], "kx", ms=6)
        elif r["max_loss_ratio"] > 1:
            ax.plot(r["width"], r["rate"], "o", mfc="none", mec="k", ms=6)
    m = [r["width"] for r in crit]
    ax.plot(m, [r["critical_rate"] for r in crit], "ko-", lw=2, label="2/λ_max(F) measured at init")
    theory = [r["critical_rate_theory"] for r in crit]
    if finite(theory):
        ax.plot(m, theory, "g--", lw=2, label="2/λ_max mean field α(κ₁/N+(N−1)κ₂/N)M")
    ax.set_xscale("log")
    ax.set_yscale("log")
    integer_ticks(ax, widths)
    ax.set_xlabel("width M")
    ax.set_ylabel("learning rate η")
    ax.set_title("MSE gradient descent: × diverged, ○ loss rose above L₀ then recovered")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    out = os.path.join(folder, "figure.png")
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
