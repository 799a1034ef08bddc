#!/usr/bin/env bash
# Builds one libFuzzer target of Fuzz/ (a separate package, so the main build never sees fuzzer flags) and
# runs it for SECONDS on the committed seed corpus.
#
#   scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags…]
#   TARGET: npy | idx | sweep-file | network-directory
#
# Seeds are read from Fuzz/Corpus/TARGET/ (never written); inputs libFuzzer finds go to Fuzz/.work/TARGET/,
# crashing inputs to Fuzz/.work/TARGET-artifacts/. The last lines of the output are libFuzzer's final
# statistics (stat::number_of_executed_units, stat::average_exec_per_sec). A crash, hang (-timeout), leak
# or out-of-memory (-rss_limit_mb) stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"

target="${1:?usage: scripts/fuzz.sh npy|idx|sweep-file|network-directory SECONDS [libFuzzer flags…]}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
shift 2
case "$target" in
  npy) product=FuzzNPY ;;
  idx) product=FuzzIDX ;;
  sweep-file) product=FuzzSweepFile ;;
  network-directory) product=FuzzNetworkDirectory ;;
  *) echo "unknown fuzz target '$target' (npy, idx, sweep-file, network-directory)" >&2; exit 64 ;;
esac

swift build -c release --product "$product" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
mkdir -p ".work/$target" ".work/$target-artifacts"
export OPENBLAS_NUM_THREADS=1
exec ".build/release/$product" ".work/$target" "Corpus/$target" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix=".work/$target-artifacts/" -print_final_stats=1 "$@"
