#!/usr/bin/env bash
# Strong scaling of one matrix-free top-k run of spectra-mpi on 1, 2 and 4 ranks (docs/mpi.md).
# Not a test: prints one line per R with the seconds of the distributed computation, block products,
# seconds per block product, and the bytes each rank sends into the allreduce of one block product.
# Usage: scripts/bench-mpi.sh [extra spectra-mpi spectrum options]; RANKS="1 2 4" to choose R.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
mpi="$(swift build --package-path MPI -c release --show-bin-path)/spectra-mpi"
[ -x "$mpi" ] || swift build --package-path MPI -c release --product spectra-mpi
problem=(--activation relu --sigma-w2 2 --sigma-b2 0.1 --width 256 --depth 4 --outputs 10 --samples 4000
  --method top-k --top-k 10 --tolerance 1e-8 --no-overlaps --no-theory "$@")
printf "%-3s %10s %8s %12s %14s %s\n" R seconds blocks "s/block" "allreduce B" "lambda_max"
for r in ${RANKS:-1 2 4}; do
  mpirun --oversubscribe --bind-to none -np "$r" "$mpi" spectrum "${problem[@]}" --json >"/tmp/bench-mpi-$r.json"
  jq -r --arg r "$r" '[$r, .seconds, (.result.top.matrix_vector_products / .block_size),
    (.seconds / (.result.top.matrix_vector_products / .block_size)), .bytes_per_rank_per_block_product,
    .lambda_max] | @tsv' "/tmp/bench-mpi-$r.json" |
    awk '{printf "%-3s %10.2f %8d %12.3f %14d %.15g\n", $1, $2, $3, $4, $5, $6}'
done
