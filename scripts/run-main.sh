#!/usr/bin/env bash
# The main job of the README: installs what is missing (Debian packages; matplotlib through pip),
# builds the tool in release mode, regenerates the data of every figure into notebooks-data/, and
# renders the figures. Extra arguments go to `spectra reproduce` (e.g. --full, --only fim-density).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh --with-data
if ! python3 -c "import matplotlib" 2>/dev/null; then
  echo "setup: installing matplotlib (pip)" >&2
  python3 -m pip install --quiet matplotlib
fi
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
swift build -c release --product spectra
source scripts/blas-env.sh .build/release/spectra
.build/release/spectra reproduce --out notebooks-data "$@"
MPLBACKEND=Agg python3 notebooks-data/plot_all.py notebooks-data
