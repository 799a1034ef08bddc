"""Kernel-PCA label projections, cumulative projection and mutual information of the NTK, init vs end.

Usage: python3 plot_kernel_pca.py RUN_DIR [--out FILE.png] [--ranks 50]
Reads kernels/<label>-spectrum.csv of `spectra stripe train` (or `parity`) for every snapshot.
MI is in bits; both estimators (binned plug-in, Ross kNN) are shown. Source: shared/science/stripe.md §4.2.
"""
import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import read_table, setup  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--out", default="kernel_pca.png")
    ap.add_argument("--ranks", type=int, default=50)
    a = ap.parse_args()
    plt = setup()
    files = sorted(glob.glob(os.path.join(a.run, "kernels", "*-spectrum.csv")))
    order = lambda f: (0 if "init" in f else 2 if "final" in f else 1, f)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    for f in sorted(files, key=order):
        label = os.path.basename(f).replace("-spectrum.csv", "")
        rows = read_table(f)[: a.ranks]
        r = [x["rank"] for x in rows]
        axes[0].plot(r, [x["label_fraction"] for x in rows], ".-", label=label)
        axes[1].plot(r, [x["cumulative"] for x in rows], label=label)
        mi = [(x["rank"], x["mi_binned_bits"], x["mi_knn_bits"]) for x in rows if x["mi_binned_bits"] != ""]
        line = axes[2].plot([m[0] for m in mi], [m[1] for m in mi], "o-", label=f"{label} binned")
        axes[2].plot([m[0] for m in mi], [m[2] for m in mi], "x:", color=line[0].get_color(), label=f"{label} kNN")
    axes[0].set_yscale("log")
    axes[0].set_xlabel("rank")
    axes[0].set_ylabel("ω_λ² / ‖y‖²")
    axes[1].set_xlabel("rank k")
    axes[1].set_ylabel("cumulative projection r(k)")
    axes[2].set_xlabel("rank")
    axes[2].set_ylabel("I(φ_λ; y) [bits]")
    for ax in axes:
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.out, dpi=150)


if __name__ == "__main__":
    main()
