#!/usr/bin/env python3
"""Training dynamics (Karakida et al. NC Fig. 5): loss vs step with the NTK-linearised prediction,
lambda_max(F) and lambda_max(F_cross) vs step with the softmax bounds from the current Q(n).

Usage: python3 plot.py [DIR]   (DIR holds trajectory.csv and spectra.csv from `spectra train`;
default: this script's folder). Writes DIR/figure.png.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from figlib import figure_dir, finite, read_table, run_configuration, setup  # noqa: E402


def columns(path):
    """The CSV at PATH as {column: [values]}."""
    rows = read_table(path)
    return {k: [r[k] for r in rows] for k in rows[0]}


def main():
    folder = figure_dir(sys.argv)
    plt = setup()
    traj = columns(os.path.join(folder, "trajectory.csv"))
    spec = columns(os.path.join(folder, "spectra.csv"))
    title = ""
    configuration = run_configuration(folder)
    if configuration is not None:
        cfg = configuration["experiment"]
        arch = cfg["architecture"]
        # snake_case keys since the JSON key policy of issue 12; older run.json files spell them in camelCase.
        sw2, sb2 = arch.get("sigma_w2", arch.get("sigmaW2")), arch.get("sigma_b2", arch.get("sigmaB2"))
        title = (f"{arch['activation']} (σw²={sw2}, σb²={sb2}), widths {arch['widths']}, "
                 f"N={cfg['samples']}, {cfg['loss']}")

    fig, ax = plt.subplots(1, 3, figsize=(15, 4.3))
    ax[0].plot(traj["step"], traj["loss"], "k-", lw=2, label="gradient descent")
    ax[0].plot(traj["step"], traj["loss_linearised"], "r--", lw=1.5, label="NTK-linearised (Θ₀)")
    if finite(traj["loss_linearised_continuous"]):
        ax[0].plot(traj["step"], traj["loss_linearised_continuous"], "b:", lw=1.5, label="linearised, continuous")
    ax[0].set_yscale("log")
    ax[0].set_xlabel("step t")
    ax[0].set_ylabel("training loss")
    ax[0].legend()
    ax[0].set_title("loss")

    ax[1].plot(spec["step"], spec["lambda_max_fisher"], "ko-", ms=3, label="λ_max(F)")
    ax[1].plot(spec["step"], spec["top_mean_fisher"], "s-", color="gray", ms=3, label="top-C mean of F")
    if finite(spec["lambda_max_fisher_theory"]):
        ax[1].plot(spec["step"], spec["lambda_max_fisher_theory"], "g--", label="mean field α((N−1)κ₂+κ₁)M/N")
    ax[1].set_ylim(bottom=0)
    ax[1].set_xlabel("step t")
    ax[1].set_ylabel("eigenvalue")
    ax[1].legend()
    ax[1].set_title("regression FIM")

    ax[2].plot(spec["step"], spec["lambda_max_softmax"], "ko-", ms=3, label="λ_max(F_cross)")
    if finite(spec["softmax_lower_bound"]):
        ax[2].fill_between(spec["step"], spec["softmax_lower_bound"], spec["softmax_upper_bound"], color="tab:blue",
                           alpha=0.25, label="mean-field bounds from current Q(n)")
        ax[2].plot(spec["step"], spec["softmax_lower_bound"], "b-", lw=0.8)
        ax[2].plot(spec["step"], spec["softmax_upper_bound"], "b-", lw=0.8)
    ax[2].plot(spec["step"], spec["softmax_upper_bound_exact"], "m:", label="λ_max(F)·max_n λ_max(Q(n))")
    ax[2].set_ylim(bottom=0)
    ax[2].set_xlabel("step t")
    ax[2].set_ylabel("eigenvalue")
    ax[2].legend()
    ax[2].set_title("softmax FIM")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    out = os.path.join(folder, "figure.png")
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
