#!/bin/bash
# Data of the local-slopes figure (issue 18): stripe, d = 5, h = 1000; init-NTK kernel to p = 4096,
# networks (feature net, final NTK, λ) to p = 512, 2 seeds. The share of the `--full` preset that one
# shared 2-core machine allows (p = 8192 was tried: the kernel flow stopped at the 600 s --max-wall limit
# with min margin 0.13 on the loaded machine, so it is left out); the whole preset runs as a SLURM array (scripts/slurm-stripe.sbatch).
# Usage: SPECTRA=path/to/spectra notebooks-data/stripe-local-slopes/generate.sh   (resumable)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spectra="${SPECTRA:-spectra}"
"$spectra" stripe curves --task stripe --dimension 5 --width 1000 \
  --sizes 128,256,512,1024,2048,4096 --network-max-size 512 --seeds 1,2 --test 4096 \
  --threads 1 --out "$here/curves"
