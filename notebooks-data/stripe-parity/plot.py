"""Parity task on Fashion-MNIST: NTK kernel PCA and eigenvector histograms by label, init vs end.

Writes kernel_pca.png, eigenvectors.png and figure.png (= eigenvectors.png) into the data directory.
"""
import os
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
stripe = os.path.join(here, "..", "stripe")
d = sys.argv[1] if len(sys.argv) > 1 else here
subprocess.run([sys.executable, os.path.join(stripe, "plot_kernel_pca.py"), d, "--out",
                os.path.join(d, "kernel_pca.png")], check=True)
subprocess.run([sys.executable, os.path.join(stripe, "plot_eigenvectors.py"), d, "--parity", "--out",
                os.path.join(d, "eigenvectors.png")], check=True)
shutil.copyfile(os.path.join(d, "eigenvectors.png"), os.path.join(d, "figure.png"))
