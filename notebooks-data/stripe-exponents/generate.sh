#!/bin/bash
# Data of the β(d) figure (issue 18): stripe and cylinder at d = 2, 3, 5, 10, h = 200 (networks are 5× faster than at h = 1000; a shared 2-core machine), small sizes
# (networks p = 128…512, init-NTK kernel p = 128…2048), 2 seeds, p_te = 2048. One `stripe curves`
# directory per (task, d); plot.py reads their fits.csv. Usage: SPECTRA=… generate.sh  (resumable)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spectra="${SPECTRA:-spectra}"
for task in stripe cylinder; do
  for d in 2 3 5 10; do
    "$spectra" stripe curves --task "$task" --dimension "$d" --width 200 \
      --sizes 128,256,512,1024,2048 --network-max-size 512 --seeds 1,2 --test 2048 \
      --threads 1 --out "$here/$task-d$d"
  done
done
