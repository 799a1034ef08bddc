#!/bin/bash
# Data of the local-slopes figure (issue 18): stripe, d = 5, h = 1000, p_te = 4096, 3 seeds; every curve
# (init-NTK kernel, feature network, final NTK, lazy network at α√h = 10⁴, λ, λ*) to p = 4096: the share
# of the `--full` preset that one 2-core machine runs in about half an hour. The whole preset (networks to
# p = 16384, kernels to 32768) runs as a SLURM array (scripts/slurm-stripe.sbatch).
# Usage: SPECTRA=path/to/spectra notebooks-data/stripe-local-slopes/generate.sh   (resumable)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spectra="${SPECTRA:-spectra}"
"$spectra" stripe curves --task stripe --dimension 5 --width 1000 \
  --sizes 128,256,512,1024,2048,4096 --seeds 1,2,3 --test 4096 --lazy-alpha-sqrt-h 10000 \
  --max-wall 900 --out "$here/curves"
