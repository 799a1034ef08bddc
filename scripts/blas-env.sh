#!/usr/bin/env bash
# Sourced by the scripts: when OpenBLAS does not know this CPU and would run its generic Prescott kernels
# (about ten times slower), export the kernel family the CPU supports (see `spectra environment --help`).
# The `spectra` tool does this for itself; this covers processes without its main (the test runner).
if [ -z "${OPENBLAS_CORETYPE+set}" ] && [ -z "${DEEPSPECTRA_KEEP_BLAS_CORE:-}" ] && [ -x "$1" ]; then
  core="$("$1" environment --suggested-blas-core 2>/dev/null || true)"
  if [ -n "$core" ]; then
    export OPENBLAS_CORETYPE="$core"
    echo "blas: OpenBLAS does not know this CPU; using its $core kernels (OPENBLAS_CORETYPE)" >&2
  fi
fi
