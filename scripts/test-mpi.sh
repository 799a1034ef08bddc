#!/usr/bin/env bash
# The MPI build's tests (run by scripts/test.sh after the default suite; alone: scripts/test-mpi.sh).
# Installs Open MPI when missing, builds spectra-mpi (MPI/, a separate package), then checks with mpirun:
#   1. spectrum on -np 1, 2, 4 (--oversubscribe) equals `spectra spectrum --method lanczos` (top-k
#      eigenvalues, m, s to 1e-12 relative, mean-gradient overlaps to 1e-10) for three metrics;
#      SLQ densities on 1 and 4 ranks agree (probes drawn by global row);
#      the dense path (ScaLAPACK) gives every eigenvalue of `spectra spectrum --method dense` (1e-12·λ_max),
#      and panel-moments its m and s;
#      --network DIR (a directory saved by spectra; X.npy read by rows on each rank) equals
#      `spectra spectrum --network DIR` for lanczos and dense, also with a Fortran-order float32 X.npy;
#   2. two runs with the same R give bitwise identical results;
#   3. bad input on one rank, and a killed rank, end the job non-zero with a clear message and leave an
#      existing output untouched;
#   4. `mpirun -np 2 spectra-mpi sweep` gives the points of the single-process sweep, resumes, merges.
# Environment: SPECTRA (the single-process binary; default .build/release/spectra, built when missing),
# MPI_CONFIG (debug or release; default debug: the MPI package recompiles Spectra and FIM, which takes about
# half as long in debug, and these problems are tiny; Swift does not reassociate floating point, so the
# numbers agree with the release `spectra` to rounding).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/setup-system.sh --with-mpi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OPENBLAS_NUM_THREADS=1
config="${MPI_CONFIG:-debug}"
spectra="${SPECTRA:-.build/release/spectra}"
if [ ! -x "$spectra" ]; then swift build -c release --product spectra; fi
[ -f scripts/blas-env.sh ] && source scripts/blas-env.sh "$spectra"
swift build --package-path MPI -c "$config" --product spectra-mpi
mpi="$(swift build --package-path MPI -c "$config" --show-bin-path)/spectra-mpi"
built=$(date +%s)
echo "test-mpi: build $((built - started)) s" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { mpirun --oversubscribe --bind-to none -np "$@"; }
failures=0
fail() { echo "test-mpi: FAIL: $*" >&2; failures=$((failures + 1)); }

# 1. Against the single-process tool. compare.py A B: eigenvalues, m, s to 1e-12 relative.
cat > "$work/compare.py" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
def close(x, y, what):
    if abs(x - y) > 1e-12 * abs(y): bad.append(f"{what}: {x!r} vs {y!r} (rel {abs(x - y) / abs(y):.2e})")
for i, (x, y) in enumerate(zip(a["eigenvalues"], b["eigenvalues"])): close(x, y, f"eigenvalue {i}")
if len(a["eigenvalues"]) != len(b["eigenvalues"]): bad.append("different top-k counts")
for key in ("m", "s"): close(a[key], b[key], key)
# The mean-gradient overlaps (spectra-mpi: result.overlap; spectra: overlap), when the single run has them.
oa, ob = a["result"].get("overlap"), b.get("overlap")
if ob:
    if not oa: bad.append("no mean-gradient overlap")
    else:
        for key in ("parameter_space", "dual_space"):
            for x, y in zip(oa.get(key) or [], ob.get(key) or []):
                if abs(x - y) > 1e-10: bad.append(f"overlap {key}: {x!r} vs {y!r}")
if bad: print("\n".join(bad)); sys.exit(1)
PY
common=(--activation relu --sigma-w2 2 --sigma-b2 0.1 --width 24 --depth 3 --outputs 3 --samples 37
  --top-k 5 --tolerance 1e-12)
for metric in "--metric fisher" "--metric fisher-softmax --mean-subtracted" "--metric ntk"; do
  read -ra m <<<"$metric"
  "$spectra" spectrum "${common[@]}" "${m[@]}" --method lanczos --no-theory --json >"$work/single.json"
  for np in 1 2 4; do
    run "$np" "$mpi" spectrum "${common[@]}" "${m[@]}" --json >"$work/mpi-$np.json"
    python3 "$work/compare.py" "$work/mpi-$np.json" "$work/single.json" >"$work/diff" ||
      fail "$metric -np $np differs from spectra spectrum: $(cat "$work/diff")"
  done
done
echo "test-mpi: -np 1, 2, 4 equal the single-process tool ($(($(date +%s) - built)) s)" >&2

# 1b. SLQ densities: the probes are drawn by global row, so 1 and 4 ranks give the same Gauss rules (to
# rounding); the deflated eigenvalues are the top-k.
run 1 "$mpi" spectrum "${common[@]}" --method slq --probes 4 --lanczos-steps 12 --json >"$work/slq-1.json"
run 4 "$mpi" spectrum "${common[@]}" --method slq --probes 4 --lanczos-steps 12 --json >"$work/slq-4.json"
python3 - "$work/slq-1.json" "$work/slq-4.json" >"$work/diff" <<'PY' || fail "SLQ on 1 and 4 ranks differ: $(cat "$work/diff")"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
da, db = a["result"]["density"], b["result"]["density"]
scale = a["lambda_max"]
bad = [f"node {x} vs {y}" for x, y in zip(da["nodes"], db["nodes"]) if abs(x - y) > 1e-9 * scale]
bad += [f"weight {x} vs {y}" for x, y in zip(da["weights"], db["weights"]) if abs(x - y) > 1e-9]
bad += ["node count"] if len(da["nodes"]) != len(db["nodes"]) else []
top = sorted(a["eigenvalues"], reverse=True)
bad += [f"deflated {x} vs top {y}" for x, y in zip(da["deflated_eigenvalues"], top) if abs(x - y) > 1e-12 * y]
if bad: print("; ".join(bad[:5])); sys.exit(1)
PY

# --method density: the same Gauss rule as slq on the same R, without m and s.
run 4 "$mpi" spectrum "${common[@]}" --method density --probes 4 --lanczos-steps 12 --json >"$work/density-4.json"
python3 - "$work/density-4.json" "$work/slq-4.json" >"$work/diff" <<'PY' || fail "density and slq on 4 ranks differ: $(cat "$work/diff")"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
da, db = a["result"]["density"], b["result"]["density"]
bad = [] if da["nodes"] == db["nodes"] and da["weights"] == db["weights"] else ["different Gauss rules"]
bad += [] if a.get("s") is None else [f"s computed: {a['s']}"]
if bad: print("; ".join(bad)); sys.exit(1)
PY

# 1c'. Hutch++ estimates (--method estimates): the same on 1 and 4 ranks (probes by global row, 1e-12), and
# within 4 standard errors of the exact m and s of the lanczos run.
run 1 "$mpi" spectrum "${common[@]}" --method estimates --hutch-budget 24 --json >"$work/est-1.json"
run 4 "$mpi" spectrum "${common[@]}" --method estimates --hutch-budget 24 --json >"$work/est-4.json"
run 2 "$mpi" spectrum "${common[@]}" --json >"$work/exact.json"
python3 - "$work/est-1.json" "$work/est-4.json" "$work/exact.json" >"$work/diff" <<'PY' || fail "Hutch++: $(cat "$work/diff")"
import json, sys
a, b, x = (json.load(open(p)) for p in sys.argv[1:4])
ea, eb = a["result"]["estimates"], b["result"]["estimates"]
d = a["result"]["dimension"]
bad = [f"{k}: {ea[k]} vs {eb[k]}" for k in ("mean", "second_moment") if abs(ea[k] - eb[k]) > 1e-12 * abs(eb[k])]
for k, key, se in (("m", "mean", "trace_estimate"), ("s", "second_moment", "frobenius_squared_estimate")):
    if abs(ea[key] - x[k]) > 4 * ea[se]["standard_error"] / d + 1e-12 * abs(x[k]):
        bad.append(f"{k}: estimate {ea[key]} ± {ea[se]['standard_error'] / d} vs exact {x[k]}")
if x["result"].get("estimates") is None: bad.append("lanczos gave no Hutch++ estimates")
if bad: print("; ".join(bad)); sys.exit(1)
PY

# 1e. Theory: the predictions of spectra-mpi (softmax covariance sums reduced over ranks) equal spectra's.
cat > "$work/compare-theory.py" <<'PY'
import json, sys
a, b = (json.load(open(p))["theory"] for p in sys.argv[1:3])
pa = {s["name"]: s["predicted"] for s in a["statistics"]}
pb = {s["name"]: s["predicted"] for s in b["statistics"]}
bad = [] if a["matrix"] == b["matrix"] and set(pa) == set(pb) else [f"{a['matrix']} {sorted(pa)} vs {b['matrix']} {sorted(pb)}"]
bad += [f"{k}: {pa.get(k)} vs {pb[k]}" for k in pb
        if (pa.get(k) is None) != (pb[k] is None) or (pb[k] is not None and abs(pa[k] - pb[k]) > 1e-12 * abs(pb[k]))]
bad += [] if a["input_moments"] == b["input_moments"] else [f"input moments {a['input_moments']} vs {b['input_moments']}"]
if bad: print("; ".join(bad)); sys.exit(1)
PY
for metric in fisher fisher-softmax; do
  "$spectra" spectrum "${common[@]}" --metric "$metric" --method lanczos --no-overlaps --json >"$work/t-single.json"
  for method in lanczos dense; do
    run 2 "$mpi" spectrum "${common[@]}" --metric "$metric" --method "$method" --json >"$work/t-mpi.json" 2>/dev/null
    python3 "$work/compare-theory.py" "$work/t-mpi.json" "$work/t-single.json" >"$work/diff" ||
      fail "theory of $metric ($method, -np 2) differs from spectra's: $(cat "$work/diff")"
  done
done

# 1c. Dense (ScaLAPACK PDSYEVR on the block-cyclic dual): every eigenvalue on -np 1, 2, 4 (grids 1×1, 1×2,
# 2×2; blocks of 2 samples, so the blocks wrap around the grid) equals `spectra spectrum --method dense`
# to 1e-12·λ_max, and m, s (from the assembled entries) to 1e-12 relative.
cat > "$work/compare-dense.py" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ea, eb = a["eigenvalues"], b["eigenvalues"]
top = max(abs(x) for x in eb)
bad = [f"eigenvalue {i}: {x!r} vs {y!r}" for i, (x, y) in enumerate(zip(ea, eb)) if abs(x - y) > 1e-12 * top]
bad += [f"{len(ea)} eigenvalues vs {len(eb)}"] if len(ea) != len(eb) else []
bad += [f"{k}: {a[k]!r} vs {b[k]!r}" for k in ("m", "s") if abs(a[k] - b[k]) > 1e-12 * abs(b[k])]
if bad: print("; ".join(bad[:5])); sys.exit(1)
PY
dense=(--activation relu --sigma-w2 2 --sigma-b2 0.1 --width 24 --depth 3 --outputs 3 --samples 37)
for metric in "--metric fisher" "--metric fisher-softmax --mean-subtracted" "--metric ntk" \
  "--metric feature-metric --layer 1 --mean-subtracted"; do
  read -ra m <<<"$metric"
  "$spectra" spectrum "${dense[@]}" "${m[@]}" --method dense --no-theory --json >"$work/single-dense.json"
  for np in 1 2 4; do
    run "$np" "$mpi" spectrum "${dense[@]}" "${m[@]}" --method dense --block-samples 2 --json \
      >"$work/dense-$np.json" 2>"$work/log" || fail "dense $metric -np $np failed: $(tail -3 "$work/log")"
    python3 "$work/compare-dense.py" "$work/dense-$np.json" "$work/single-dense.json" >"$work/diff" ||
      fail "dense $metric -np $np differs from spectra spectrum --method dense: $(cat "$work/diff")"
  done
  # panel-moments: the same m, s streamed by column panels of the tiles (no eigenvalues, no tile kept).
  # With 3 × 3 sub-tiles per rank: the same sums, a ninth of the factors held at a time.
  run 4 "$mpi" spectrum "${dense[@]}" "${m[@]}" --method panel-moments --block-samples 2 --subdivisions 3 \
    --json >"$work/panels.json" 2>"$work/log" || fail "panel-moments $metric failed: $(tail -3 "$work/log")"
  [ "$(jq .memory.subdivisions "$work/panels.json")" = 3 ] || fail "panel-moments ignored --subdivisions"
  python3 - "$work/panels.json" "$work/single-dense.json" >"$work/diff" <<'PY' ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [f"{k}: {a[k]!r} vs {b[k]!r}" for k in ("m", "s") if abs(a[k] - b[k]) > 1e-12 * abs(b[k])]
if bad: print("; ".join(bad)); sys.exit(1)
PY
    fail "panel-moments $metric -np 4 differs from spectra spectrum --method dense: $(cat "$work/diff")"
done
# Reproducible bit for bit at a fixed R; refused with what is needed and what is available when the
# dual does not fit the memory budget.
for i in a b; do
  run 4 "$mpi" spectrum "${dense[@]}" --metric fisher --mean-subtracted --method dense --json 2>/dev/null |
    jq -S '{eigenvalues, m, s, trace, squared_norm}' >"$work/dense-$i"
done
cmp -s "$work/dense-a" "$work/dense-b" || fail "two dense runs with -np 4 differ"
if run 2 "$mpi" spectrum "${dense[@]}" --method dense --memory-budget 100k >"$work/log" 2>&1; then
  fail "a dense dual beyond --memory-budget was not refused"
fi
grep -q "memory: the dense dual needs .* but has" "$work/log" ||
  fail "no clear memory message: $(tail -3 "$work/log")"
# Options of the block-cyclic methods are refused elsewhere, naming the option.
if "$mpi" spectrum "${dense[@]}" --method lanczos --subdivisions 2 >"$work/log" 2>&1; then
  fail "--subdivisions with lanczos was accepted"
fi
grep -q -- "--subdivisions applies to --method panel-moments" "$work/log" || fail "no clear message: $(tail -2 "$work/log")"
echo "test-mpi: dense -np 1, 2, 4 equal spectra --method dense ($(($(date +%s) - built)) s)" >&2

# 1d. --network DIR: a network directory saved by spectra; every rank loads W, b whole and reads only its
# rows of X.npy (its slice, or its block-cyclic row and column samples). Equal to `spectra spectrum
# --network DIR` (lanczos: top-k, m, s; dense: every eigenvalue); M_0 = 9 ≠ M. A copy of X.npy rewritten
# in Fortran order as big-endian float32 (manifest removed) reads the same way; a changed X.npy is refused
# by its CRC-32 on rank 0; options that describe a sampled network are refused beside --network.
net="$work/net"
"$spectra" spectrum --activation relu --sigma-w2 2 --sigma-b2 0.1 --width 24 --input-width 9 --depth 3 \
  --outputs 3 --samples 37 --method dense --no-theory --save-network "$net" --json >/dev/null ||
  fail "spectra spectrum --save-network failed"
loaded=(--network "$net" --activation relu --top-k 5 --tolerance 1e-12)
for metric in "--metric fisher" "--metric ntk"; do
  read -ra m <<<"$metric"
  "$spectra" spectrum "${loaded[@]}" "${m[@]}" --method lanczos --no-theory --no-overlaps --json \
    >"$work/single-net.json"
  for np in 1 2 4; do
    run "$np" "$mpi" spectrum "${loaded[@]}" "${m[@]}" --json >"$work/net-$np.json" 2>"$work/log" ||
      fail "--network $metric -np $np failed: $(tail -3 "$work/log")"
    python3 "$work/compare.py" "$work/net-$np.json" "$work/single-net.json" >"$work/diff" ||
      fail "--network $metric -np $np differs from spectra spectrum --network: $(cat "$work/diff")"
  done
done
[ "$(jq -c '[.network, .seed, .data_seed, .width, .widths, .samples]' "$work/net-4.json")" = \
  "[\"$net\",null,null,null,[9,24,24,3],37]" ] ||
  fail "the --network report does not record the directory: $(jq -c '[.network, .seed, .widths]' "$work/net-4.json")"
# The theory with a directory's inputs: their measured moments, summed over the ranks' shares.
"$spectra" spectrum "${loaded[@]}" --method lanczos --no-overlaps --json >"$work/t-single.json"
for method in lanczos dense; do
  run 2 "$mpi" spectrum "${loaded[@]}" --method "$method" --json >"$work/t-mpi.json" 2>/dev/null
  python3 "$work/compare-theory.py" "$work/t-mpi.json" "$work/t-single.json" >"$work/diff" ||
    fail "--network theory ($method, -np 2) differs from spectra's: $(cat "$work/diff")"
done
for metric in "--metric fisher" "--metric fisher-softmax --mean-subtracted"; do
  read -ra m <<<"$metric"
  "$spectra" spectrum --network "$net" --activation relu "${m[@]}" --method dense --no-theory --json \
    >"$work/single-net-dense.json"
  for np in 1 2 4; do
    run "$np" "$mpi" spectrum --network "$net" --activation relu "${m[@]}" --method dense --block-samples 2 \
      --json >"$work/net-dense-$np.json" 2>"$work/log" ||
      fail "--network dense $metric -np $np failed: $(tail -3 "$work/log")"
    python3 "$work/compare-dense.py" "$work/net-dense-$np.json" "$work/single-net-dense.json" >"$work/diff" ||
      fail "--network dense $metric -np $np differs from spectra --network --method dense: $(cat "$work/diff")"
  done
done
[ "$(jq -c '[.network, .seed]' "$work/net-dense-2.json")" = "[\"$net\",null]" ] ||
  fail "the dense --network report does not record the directory"
# panel-moments (the last metric above: centred softmax Fisher) against spectra's m, s.
run 4 "$mpi" spectrum --network "$net" --activation relu "${m[@]}" --method panel-moments \
  --block-samples 2 --subdivisions 2 --json >"$work/net-panels.json" 2>"$work/log" ||
  fail "--network panel-moments failed: $(tail -3 "$work/log")"
python3 - "$work/net-panels.json" "$work/single-net-dense.json" >"$work/diff" <<'PY' ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [f"{k}: {a[k]!r} vs {b[k]!r}" for k in ("m", "s") if abs(a[k] - b[k]) > 1e-12 * abs(b[k])]
if bad: print("; ".join(bad)); sys.exit(1)
PY
  fail "--network panel-moments differs from spectra --network --method dense: $(cat "$work/diff")"
# The same directory with X.npy in Fortran order, big-endian float32 (no manifest: the file changed).
cp -r "$net" "$work/net-f"
rm "$work/net-f/network.json"
python3 - "$work/net-f/X.npy" <<'PY'
import ast, struct, sys
path = sys.argv[1]
raw = open(path, "rb").read()
length = raw[8] | raw[9] << 8
header = ast.literal_eval(raw[10:10 + length].decode())
n, m = header["shape"]
x = struct.unpack(f"<{n * m}d", raw[10 + length:])
text = "{'descr': '>f4', 'fortran_order': True, 'shape': (%d, %d), }" % (n, m)
text += " " * ((64 - (10 + len(text) + 1) % 64) % 64) + "\n"
data = struct.pack(f">{n * m}f", *(x[i * m + j] for j in range(m) for i in range(n)))
open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode() + data)
PY
"$spectra" spectrum --network "$work/net-f" --activation relu --metric fisher --method dense --no-theory \
  --json >"$work/single-net-f.json"
run 2 "$mpi" spectrum --network "$work/net-f" --activation relu --metric fisher --method dense \
  --block-samples 2 --json >"$work/net-f-2.json" 2>"$work/log" || fail "Fortran-order X.npy failed: $(tail -3 "$work/log")"
python3 "$work/compare-dense.py" "$work/net-f-2.json" "$work/single-net-f.json" >"$work/diff" ||
  fail "Fortran-order float32 X.npy -np 2 differs from spectra --network: $(cat "$work/diff")"
[ "$(jq -c .eigenvalues "$work/single-net-f.json")" = "$(jq -c .eigenvalues "$work/single-net-dense.json")" ] &&
  fail "the float32 copy of X.npy gave the float64 eigenvalues (was it rewritten?)"
# A changed X.npy (same size, one byte flipped) is refused by its CRC-32, checked on rank 0.
cp -r "$net" "$work/net-x"
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[-3] ^= 1; open(p, "wb").write(b)' \
  "$work/net-x/X.npy"
if run 2 "$mpi" spectrum --network "$work/net-x" --activation relu --json >"$work/log" 2>&1; then
  fail "a changed X.npy was not refused"
fi
grep -q "rank 0 of 2: X.npy: .*X.npy does not match network.json" "$work/log" ||
  fail "no clear message for the changed X.npy: $(tail -3 "$work/log")"
if run 1 "$mpi" spectrum --network "$net" --activation relu --samples 37 >"$work/log" 2>&1; then
  fail "--samples beside --network was not refused"
fi
grep -q -- "--samples describes a sampled network; it cannot be combined with --network" "$work/log" ||
  fail "no clear message for --samples beside --network: $(tail -3 "$work/log")"
if run 1 "$mpi" spectrum --activation relu --sigma-w2 2 --sigma-b2 0.1 --depth 3 --outputs 3 --samples 37 \
  >"$work/log" 2>&1; then
  fail "a sampled network without --width was not refused"
fi
grep -q -- "missing --width (needed to sample a network; or give --network DIR)" "$work/log" ||
  fail "no clear message for a missing --width: $(tail -3 "$work/log")"
echo "test-mpi: --network -np 1, 2, 4 equal spectra --network ($(($(date +%s) - built)) s)" >&2

# 2. Bitwise reproducible for a fixed R.
for np in 2 4; do
  run "$np" "$mpi" spectrum "${common[@]}" --metric fisher --mean-subtracted --json | jq -S .result >"$work/a"
  run "$np" "$mpi" spectrum "${common[@]}" --metric fisher --mean-subtracted --json | jq -S .result >"$work/b"
  cmp -s "$work/a" "$work/b" || fail "two runs with -np $np differ"
done

# 3. Failures end the job. Bad input on one rank: N = 3 samples over 4 ranks leaves rank 3 empty.
mkdir -p "$work/out"
echo sentinel >"$work/out/spectrum.json"
if run 4 "$mpi" spectrum "${common[@]/37/3}" --out "$work/out" >"$work/log" 2>&1; then
  fail "a rank without samples did not fail the job"
fi
grep -q "rank 3 of 4" "$work/log" || fail "no clear message for the rank without samples: $(tail -5 "$work/log")"
[ "$(cat "$work/out/spectrum.json")" = sentinel ] || fail "the failed job touched an existing output"
# An --out that cannot be written is refused by rank 0 before any work.
if run 2 "$mpi" spectrum "${common[@]}" --out /proc/spectra-mpi-test >"$work/log" 2>&1; then
  fail "an unwritable --out did not fail the job"
fi
grep -q "rank 0 of 2: .*cannot write there" "$work/log" || fail "no clear message for --out: $(tail -3 "$work/log")"
# A killed rank: a run of several seconds, rank processes found as mpirun's children, one killed.
run 2 "$mpi" spectrum --activation tanh --sigma-w2 1.5 --sigma-b2 0.1 --width 300 --depth 3 --outputs 10 \
  --samples 2000 --method moments --out "$work/out" >"$work/log" 2>&1 &
launcher=$!
victim=""
for _ in $(seq 1 100); do  # launcher (a subshell) → mpirun → the two spectra-mpi ranks
  for child in $(pgrep -P "$launcher" || true); do
    victim="$(pgrep -P "$child" -x spectra-mpi | tail -1 || true)"
    [ -n "$victim" ] && break
  done
  [ -n "$victim" ] && break
  sleep 0.1
done
sleep 1
if [ -n "$victim" ]; then kill -9 "$victim"; fi
if wait "$launcher"; then fail "a killed rank did not fail the job"; fi
[ -n "$victim" ] || fail "found no rank process to kill"
grep -qi "signal 9\|killed" "$work/log" || fail "no clear message for the killed rank: $(tail -5 "$work/log")"
[ "$(cat "$work/out/spectrum.json")" = sentinel ] || fail "the killed job touched an existing output"

# 4. Sweep: points handed to 2 ranks equal the single-process sweep's; a rerun resumes (no new points).
sweep=(--activation relu --sigma-w2 2 --sigma-b2 0.1 --widths 10,14 --depths 2 --samples 12 --outputs 2
  --seeds 0..2)
"$spectra" sweep "${sweep[@]}" --out "$work/sweep-single" >/dev/null 2>&1
run 2 "$mpi" sweep --out "$work/sweep-mpi" --spectra "$spectra" "${sweep[@]}" >/dev/null 2>"$work/log" ||
  fail "mpirun spectra-mpi sweep failed: $(grep -iE 'rank|cannot|error|refused|exit' "$work/log" | head -8)"
strip() { python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, c in enumerate(rows[0]) if c != "seconds"]
print("\n".join(",".join(r[i] for i in keep) for r in rows))' "$1"; }
if [ -f "$work/sweep-mpi/results.csv" ]; then
  [ "$(strip "$work/sweep-mpi/results.csv")" = "$(strip "$work/sweep-single/results.csv")" ] ||
    fail "the MPI sweep's results.csv differs from the single-process one"
  run 2 "$mpi" sweep --out "$work/sweep-mpi" --spectra "$spectra" "${sweep[@]}" >/dev/null 2>"$work/log" ||
    fail "the resumed MPI sweep failed: $(grep -iE 'rank|cannot|error|refused|exit' "$work/log" | head -8)"
  [ "$(grep -c ', 0 to run' "$work/log")" = 2 ] || fail "the resumed MPI sweep recomputed points: $(grep 'to run' "$work/log")"
  [ "$(strip "$work/sweep-mpi/results.csv")" = "$(strip "$work/sweep-single/results.csv")" ] ||
    fail "the resumed MPI sweep changed results.csv"
else
  fail "the MPI sweep wrote no results.csv"
fi

echo "test-mpi: build $((built - started)) s, tests $(($(date +%s) - built)) s, failures $failures" >&2
[ "$failures" -eq 0 ]
