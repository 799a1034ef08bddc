#!/usr/bin/env python3
"""Time one peer method of shared/bench/peers_ntk.py on a network directory written by `spectra-bench metrics`.

The directory holds W1.npy ... WL.npy (M_l x M_{l-1}, u = W h + b), b1.npy ... bL.npy and X.npy (N x M_0),
standard parameterisation, ReLU hidden layers. The peers use z = h W + b, so W is transposed on loading.
Prints one line `RESULT {json}` with warm-up and repeat times, and saves the Gram (index t*C + c) to --out.
"""
import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--method", required=True)
    ap.add_argument("--peers", required=True, help="path to peers_ntk.py")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sw", type=float, required=True)
    ap.add_argument("--sb", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--eig", action="store_true", help="also time numpy.linalg.eigvalsh of the Gram")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("peers_ntk", a.peers)
    pn = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pn)
    L = 1
    while os.path.exists(os.path.join(a.dir, f"W{L + 1}.npy")):
        L += 1
    Ws = [np.ascontiguousarray(np.load(os.path.join(a.dir, f"W{l}.npy")).T) for l in range(1, L + 1)]
    bs = [np.load(os.path.join(a.dir, f"b{l}.npy")) for l in range(1, L + 1)]
    X = np.load(os.path.join(a.dir, "X.npy"))
    C = Ws[-1].shape[1]
    cfg = dict(T=X.shape[0], C=C)
    sc = [(1.0, 1.0)] * L
    if a.method == "np_factorized":
        run, to_np = (lambda: pn.np_factorized(Ws, bs, X, sc, C)), (lambda g: g)
    elif a.method.startswith("nt_"):
        run, to_np = pn.nt_setup(Ws, bs, X, cfg, "standard", a.sw, a.sb, a.method, "float64")
    else:
        raise SystemExit(f"unknown method {a.method}")
    t0 = time.perf_counter()
    G = run()
    t_warm = time.perf_counter() - t0
    ts = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        G = run()
        ts.append(time.perf_counter() - t0)
    Gn = np.asarray(to_np(G), dtype=np.float64)
    res = dict(t_warm=t_warm, times=ts, t_min=min(ts), t_med=statistics.median(ts))
    if a.eig:
        t0 = time.perf_counter()
        np.linalg.eigvalsh(Gn)
        res["eigvalsh"] = time.perf_counter() - t0
    np.save(a.out, Gn)
    print("RESULT " + json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
