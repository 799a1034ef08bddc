"""Top NTK eigenvectors against x₁ (stripe) or as label-coloured histograms (parity), init vs end.

Usage: python3 plot_eigenvectors.py RUN_DIR [--parity] [--out FILE.png]
Reads kernels/init-eigenvectors.csv and kernels/final-eigenvectors.csv. For the stripe the classes
separate along x₁ after learning (step-like eigenvectors); for the parity task there is no x₁, so the
components of each eigenvector are histogrammed by label. Source: shared/science/stripe.md §4.2, §7.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import read_table, setup  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--parity", action="store_true")
    ap.add_argument("--out", default="eigenvectors.png")
    a = ap.parse_args()
    plt = setup()
    labels = ["init", "final"]
    data = {l: read_table(os.path.join(a.run, "kernels", f"{l}-eigenvectors.csv")) for l in labels}
    k = len([c for c in data["init"][0] if c.startswith("phi_")])
    fig, axes = plt.subplots(len(labels), k, figsize=(4 * k, 6), squeeze=False)
    for i, l in enumerate(labels):
        rows = data[l]
        y = [r["y"] for r in rows]
        for j in range(k):
            ax = axes[i][j]
            phi = [r[f"phi_{j + 1}"] for r in rows]
            if a.parity:
                ax.hist([p for p, t in zip(phi, y) if t > 0], bins=40, alpha=0.6, label="even (+1)")
                ax.hist([p for p, t in zip(phi, y) if t < 0], bins=40, alpha=0.6, label="odd (−1)")
                ax.set_xlabel(f"φ_{j + 1}")
            else:
                x1 = [r["x1"] for r in rows]
                ax.scatter(x1, phi, c=["tab:blue" if t > 0 else "tab:red" for t in y], s=4)
                ax.axvline(-0.3, color="k", lw=0.5)
                ax.axvline(1.18549, color="k", lw=0.5)
                ax.set_xlabel("x₁")
            ax.set_title(f"{l}: eigenvector {j + 1}")
    if a.parity:
        axes[0][0].legend()
    fig.tight_layout()
    fig.savefig(a.out, dpi=150)


if __name__ == "__main__":
    main()
