#!/bin/bash
# Data of the β(d) figure (issue 18): stripe and cylinder at d = 2, 3, 5, 10 (the cylinder at d = 2 has
# no perpendicular coordinate: its curves are defined, its λ is not), h = 200 (networks 5× faster than at h = 1000; a shared 2-core machine), small sizes:
# networks p = 128…512, init-NTK kernel p = 128…2048 (cylinder d = 10: …1024, since at d = 10 one p = 2048
# kernel flow took 9 min on the loaded machine), 2 seeds, p_te = 2048. One `stripe curves` directory per
# (task, d); plot.py reads their fits.csv. Usage: SPECTRA=path/to/spectra generate.sh   (resumable)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spectra="${SPECTRA:-spectra}"
run() {  # task d sizes
  "$spectra" stripe curves --task "$1" --dimension "$2" --width 200 --sizes "$3" --network-max-size 512 \
    --seeds 1,2 --test 2048 --threads 1 --out "$here/$1-d$2"
}
for d in 2 3 5 10; do run stripe "$d" 128,256,512,1024,2048; done
for d in 2 3 5; do run cylinder "$d" 128,256,512,1024,2048; done
run cylinder 10 128,256,512,1024
