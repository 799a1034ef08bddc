#!/usr/bin/env bash
# The test command of the README: installs missing Debian packages, then runs the whole suite in release
# mode (numerics in debug Swift are too slow for the width-convergence tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
swift build -c release -Xswiftc -enable-testing --product spectra
source scripts/blas-env.sh .build/release/spectra
swift test -c release -Xswiftc -enable-testing "$@"
# The opt-in MPI build (MPI/, Open MPI installed when missing): spectra-mpi against this spectra binary.
# SKIP_MPI=1 leaves it out.
if [ "${SKIP_MPI:-0}" != 1 ]; then SPECTRA=.build/release/spectra scripts/test-mpi.sh; fi
