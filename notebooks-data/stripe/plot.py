"""Stripe figures from `spectra reproduce` (or `spectra stripe reproduce`): runs the four plot scripts.

Writes into the data directory: compression.png (λ vs p with √(0.135 p), λ(t)), learning_curves.png (three
methods with fitted slopes), kernel_pca.png (projections, cumulative projection, MI at each state),
eigenvectors.png (top NTK eigenvectors against x₁, init vs end), and figure.png (= learning_curves.png).
"""
import glob
import os
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
from figlib import figure_dir, run_script  # noqa: E402

d = figure_dir(sys.argv)
curves = os.path.join(d, "curves")
runs = sorted(glob.glob(os.path.join(d, "run-p*")))
jobs = []
if os.path.isdir(curves):
    jobs.append(["plot_compression.py", curves] + runs[:1] + ["--out", os.path.join(d, "compression.png")])
    jobs.append(["plot_learning_curves.py", curves, "--out", os.path.join(d, "learning_curves.png")])
for run in runs[:1]:
    jobs.append(["plot_kernel_pca.py", run, "--out", os.path.join(d, "kernel_pca.png")])
    jobs.append(["plot_eigenvectors.py", run, "--out", os.path.join(d, "eigenvectors.png")])
for job in jobs:
    run_script(os.path.join(here, job[0]), *job[1:])
if os.path.exists(os.path.join(d, "learning_curves.png")):
    shutil.copyfile(os.path.join(d, "learning_curves.png"), os.path.join(d, "figure.png"))
