"""Parity task on Fashion-MNIST: NTK kernel PCA and eigenvector histograms by label, init vs end.

Writes kernel_pca.png, eigenvectors.png and figure.png (= eigenvectors.png) into the data directory.
"""
import os
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
from figlib import figure_dir, run_script  # noqa: E402

stripe = os.path.join(here, "..", "stripe")
d = figure_dir(sys.argv)
run_script(os.path.join(stripe, "plot_kernel_pca.py"), d, "--out", os.path.join(d, "kernel_pca.png"))
run_script(os.path.join(stripe, "plot_eigenvectors.py"), d, "--parity", "--out", os.path.join(d, "eigenvectors.png"))
shutil.copyfile(os.path.join(d, "eigenvectors.png"), os.path.join(d, "figure.png"))
